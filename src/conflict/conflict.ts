/**
 * A conflict left to the user, as the store persists it (plain JSON, survives restarts), and
 * the pure rule that turns the user's choice into what the engine applies.
 *
 * | kind                             | `'keep-local'`                   | `'keep-remote'`              | `{ merged }`                          |
 * |----------------------------------|----------------------------------|------------------------------|---------------------------------------|
 * | `fields`                         | `proposed`; send what differs    | server version; send nothing | `proposed` + merged; send what differs |
 * | `deleted-remotely`               | re-create from the device's data | remove on the device         | re-create from device data + merged   |
 * | `updated-remotely-while-deleted` | send the delete                  | server version; drop delete  | server version + merged; send diff    |
 */

import type { ConflictResolverError } from '../errors/index.js';
import { frozenCopy } from '../model/json.js';
import { isServerOwned, recreateFields } from '../model/server-owned.js';
import type { CollectionName, WireData } from '../model/types.js';
import {
  analyzeFields,
  type BuiltMerge,
  buildMerge,
  overlayValues,
  remoteVersion,
} from './field-merge.js';
import { checkResolution } from './resolver.js';

/**
 * - `fields`: both sides changed fields the strategy leaves to the user (`fields`);
 * - `deleted-remotely`: the server deleted a record the device has unsent edits to (`fields`:
 *   the fields changed on the device);
 * - `updated-remotely-while-deleted`: the device deleted a record the server has changed since
 *   (`fields`: the fields changed on the server).
 */
export type ConflictKind = 'fields' | 'deleted-remotely' | 'updated-remotely-while-deleted';

/** A persisted conflict. Plain JSON. */
export interface Conflict {
  readonly id: string;
  readonly collection: CollectionName;
  /** Local id of the record. */
  readonly recordId: string;
  readonly kind: ConflictKind;
  readonly fields: readonly string[];
  /** The last server version the device saw, or `null`. */
  readonly base: WireData | null;
  /** The device's version (for `updated-remotely-while-deleted`, as it was when deleted). */
  readonly local: WireData;
  /** The server's version; `null` for `deleted-remotely`. */
  readonly remote: WireData | null;
  /**
   * For `fields`: the automatic merge with the device's values in `fields` (what `keep-local`
   * keeps, and what the record shows meanwhile); otherwise `null`.
   */
  readonly proposed: WireData | null;
  /** When the conflict was found (epoch ms, device clock). */
  readonly createdAt: number;
}

/** Input of {@link createConflict}. */
export type ConflictInput = Omit<Conflict, 'id' | 'proposed'> & {
  /** @default `${collection}:${recordId}@${createdAt}` (no `/`, so it is safe in storage keys) */
  readonly id?: string | undefined;
  readonly proposed?: WireData | null | undefined;
};

/** A conflict value with frozen copies of its inputs. */
export function createConflict(input: ConflictInput): Conflict {
  const copy = (data: WireData | null | undefined) => (data == null ? null : frozenCopy(data));
  return Object.freeze({
    id: input.id ?? `${input.collection}:${input.recordId}@${input.createdAt}`,
    collection: input.collection,
    recordId: input.recordId,
    kind: input.kind,
    fields: Object.freeze([...input.fields]),
    base: copy(input.base),
    local: frozenCopy(input.local),
    remote: copy(input.remote),
    proposed: copy(input.proposed),
    createdAt: input.createdAt,
  });
}

/** The user's choice. */
export type ConflictChoice = 'keep-local' | 'keep-remote' | { readonly merged: WireData };

/** What the engine applies once a conflict is resolved. */
export interface ResolvedConflict {
  readonly kind: 'resolved';
  /** The record data to keep, or `null` when the record goes away on the device. */
  readonly data: WireData | null;
  /**
   * What to queue: an `update` of `patch` (fields differing from the server's), a `create` of
   * `patch` (the record re-created under a new server id), a `delete`, or nothing (`null`).
   * The conflict's held entries are replaced by this.
   */
  readonly op: 'create' | 'update' | 'delete' | null;
  readonly patch: WireData | null;
  /** True when the record is removed on the device (`data` is `null`). */
  readonly delete: boolean;
}

/** An invalid choice (bad `{ merged }`): nothing to apply; the conflict stays open. */
export interface InvalidConflictChoice {
  readonly kind: 'resolver-error';
  readonly error: ConflictResolverError;
}

/** The result of {@link resolveConflict}. */
export type ConflictResolutionResult = ResolvedConflict | InvalidConflictChoice;

const keep = (
  data: WireData,
  op: 'create' | 'update' | null,
  patch: WireData | null,
): ResolvedConflict => ({
  kind: 'resolved',
  data,
  op: patch === null ? null : op,
  patch,
  delete: false,
});

const fromBuilt = (built: BuiltMerge): ResolvedConflict =>
  keep(built.merged, 'update', Object.keys(built.toSend).length > 0 ? built.toSend : null);

/**
 * Turns the user's choice on `conflict` into the record to keep and what to queue (see the table
 * at the top of this file). `{ merged }` is checked like a resolver's answer: a plain object of
 * known fields with JSON values of the right types; fields left out resolve as with
 * `'keep-local'`, server-owned fields in it are ignored.
 */
export function resolveConflict(
  conflict: Conflict,
  choice: ConflictChoice,
): ConflictResolutionResult {
  const { collection, local, remote } = conflict;
  const check = checkResolution(
    choice,
    { operation: 'conflicts.resolve', collection, recordId: conflict.recordId },
    remote ?? local,
    ['keep-local', 'keep-remote'],
  );
  if (!check.ok) return { kind: 'resolver-error', error: check.error };
  const resolution = check.resolution;

  if (conflict.kind === 'deleted-remotely' || remote === null) {
    if (resolution === 'keep-remote') {
      return { kind: 'resolved', data: null, op: null, patch: null, delete: true };
    }
    let data = local;
    if (typeof resolution === 'object') {
      const writable = Object.entries(resolution.merged).filter(
        ([f]) => !isServerOwned(collection, f),
      );
      data = { ...local, ...Object.fromEntries(writable) };
    }
    return keep(data, 'create', recreateFields(collection, data));
  }

  const states = analyzeFields(collection, conflict.base, local, remote);
  const serverVersion: BuiltMerge = { merged: remoteVersion(states), toSend: {} };
  if (conflict.kind === 'updated-remotely-while-deleted') {
    if (resolution === 'keep-local') {
      return { kind: 'resolved', data: null, op: 'delete', patch: null, delete: true };
    }
    if (resolution === 'keep-remote') return fromBuilt(serverVersion);
    return fromBuilt(overlayValues(collection, states, serverVersion, resolution.merged));
  }

  if (resolution === 'keep-remote') return fromBuilt(serverVersion);
  const proposed = conflict.proposed ?? buildMerge(states, () => 'local').merged;
  const keptLocal = overlayValues(collection, states, serverVersion, proposed);
  if (resolution === 'keep-local') return fromBuilt(keptLocal);
  return fromBuilt(overlayValues(collection, states, keptLocal, resolution.merged));
}
