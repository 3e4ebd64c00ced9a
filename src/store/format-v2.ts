/**
 * Storage format 2 and its in-place migration to format 3 (pure: values in, values out).
 *
 * Format 2 (SDK 0.1) kept the same keys as format 3, with longer values:
 *
 * ```
 * meta/format                 { version: 2 }
 * rec/<collection>/<localId>  { record: StoredRecord | null, outbox?: OutboxEntry[], rev? }
 * ```
 *
 * where the record carried its local id, server id, status and error both beside and inside
 * `data`, its full `base` and `serverUpdatedAt`, and every entry its collection, local id and
 * every default field — a pending create carried the whole record a second time in its patch.
 * Format 3 writes the same row with short keys and without what the key or the row already
 * says (see row-codec.ts). Nothing is dropped: decoding a migrated row gives back the format-2
 * row's record and entries, field for field. Revisions are kept, so another client that holds
 * a row sees no change it must rebase onto.
 */
import { COLLECTIONS, type CollectionName } from '../model/types.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import type { RelativeEntry } from './format-v1.js';
import { encodeRow } from './row-codec.js';
import type { RecordRow } from './row-rebase.js';

const known: ReadonlySet<string> = new Set(COLLECTIONS);

/**
 * Migrates a format-2 namespace to format 3. Returns every key's new value (same keys; record
 * rows rewritten, `meta/format` set to 3). Throws when a record row is not format 2.
 */
export function migrateV2ToV3(entries: readonly RelativeEntry[]): RelativeEntry[] {
  const out: RelativeEntry[] = [];
  for (const [key, value] of entries) {
    if (key === 'meta/format') continue;
    if (!key.startsWith('rec/')) {
      out.push([key, value]);
      continue;
    }
    const slash = key.indexOf('/', 4);
    const collection = key.slice(4, slash);
    if (slash < 0 || !known.has(collection)) {
      out.push([key, value]);
      continue;
    }
    const row = value as unknown as RecordRow;
    if (typeof row !== 'object' || row === null || !Object.hasOwn(row, 'record')) {
      throw new Error(`${key} is not a format-2 record row`);
    }
    const localId = decodeURIComponent(key.slice(slash + 1));
    checkOwner(key, row, collection as CollectionName, localId);
    out.push([key, encodeRow(row, localId)]);
  }
  out.push(['meta/format', { version: 3 } as JsonValue]);
  return out;
}

/** The row's record and entries must belong to the key (format 3 takes them from it). */
function checkOwner(key: string, row: RecordRow, collection: CollectionName, localId: string) {
  if (row.record && row.record.id !== localId) {
    throw new Error(`${key} holds the record "${row.record.id}"`);
  }
  for (const entry of row.outbox ?? []) {
    if (entry.collection !== collection || entry.localId !== localId) {
      throw new Error(`${key} holds an entry of ${entry.collection}/${entry.localId}`);
    }
  }
}
