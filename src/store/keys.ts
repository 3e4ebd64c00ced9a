/**
 * The storage key layout. Everything of one user lives under one prefix, so a sign-out wipe is
 * one prefix delete and a cold start is one prefix scan:
 *
 * ```
 * u/<userId>/meta/format                   { version: 3 } — the storage format of this namespace
 * u/<userId>/meta/<name>                   small JSON values (pull cursors, cached profile…)
 * u/<userId>/rec/<collection>/<localId>    one record (StoredRecord) and its queued outbox
 *                                          entries (OutboxEntry[], by seq), written compactly
 *                                          (see row-codec.ts), with the row's revision
 * ```
 *
 * A record and its outbox entries share one row, so a local write and its entry are a single
 * put (one B-tree page, one statement): the atomic batch costs about what a raw single-key
 * write costs. The outbox order across records is the entries' `seq` (then their mutation id),
 * rebuilt in memory on open. The id map (local ↔ server) is not stored separately either:
 * every record carries its `serverId`, and both directions are rebuilt in the same pass.
 * `<userId>` and `<localId>` are URI-encoded so no id can escape its namespace.
 */
import type { CollectionName } from '../model/types.js';

/** The storage format this build writes. */
export const FORMAT_VERSION = 3;

/** The prefix of everything stored for `userId` (ends with `/`). */
export function namespacePrefix(userId: string): string {
  return `u/${encodeURIComponent(userId)}/`;
}

/** Key builders and parsers for one namespace. */
export interface KeyLayout {
  readonly prefix: string;
  readonly format: string;
  meta(name: string): string;
  record(collection: CollectionName, localId: string): string;
}

/** The key layout of `userId`'s namespace. */
export function keyLayout(userId: string): KeyLayout {
  const prefix = namespacePrefix(userId);
  const rec = `${prefix}rec/`;
  return {
    prefix,
    format: `${prefix}meta/format`,
    meta: (name) => `${prefix}meta/${encodeURIComponent(name)}`,
    // Joined, not concatenated: a concatenation is a rope, and stays one in memoryStorage's
    // map (it keeps the key it is given), so the first scan after the writes (a reopen's)
    // would flatten every record key: an allocation per record in a cold open.
    record: (collection, localId) => [rec, collection, '/', encodeURIComponent(localId)].join(''),
  };
}
