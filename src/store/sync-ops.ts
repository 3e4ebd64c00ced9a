/**
 * Plans for the changes the sync engine makes through the store: acknowledging an outbox entry,
 * removing rows the server no longer has, and rebasing a record after a conflict was resolved
 * (applying pulled rows: apply-rows.ts). Each returns one {@link ChangeSet} for one atomic
 * commit.
 */

import { DESCRIPTORS } from '../model/descriptors.js';
import { jsonEqual } from '../model/json.js';
import type { CollectionName, OutboxEntry, StoredRecord, WireData } from '../model/types.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import { ChangeBuilder, type KeptDependant } from './change-builder.js';
import type { ChangeSet } from './change-set.js';
import { fromServerRow, type ServerRow } from './id-map.js';
import { rebuildData, serverSnapshot, withDerivedStatus } from './record-state.js';
import { updatedAtOf } from './stale-rows.js';
import type { StoreState } from './store-state.js';
import type { StoreTime } from './store-time.js';

/**
 * Acknowledges `entry`: it leaves the outbox; the record takes the server's version (`row`,
 * when the server returned one) with the patches still queued re-applied on top; a delete
 * removes the record (and, by cascade, its dependants without queued changes). `now` (server
 * clock) becomes the record's `lastSyncedAt`.
 */
export function planAck(
  state: StoreState,
  entry: OutboxEntry,
  row: ServerRow | undefined,
  now: number,
): ChangeSet {
  const { collection, localId } = entry;
  const builder = new ChangeBuilder(state);
  const remaining = state
    .entriesOf(collection, localId)
    .filter((e) => e.mutationId !== entry.mutationId);
  builder.setEntries(collection, localId, remaining);
  const record = state.getRecord(collection, localId);
  if (!record) return builder.build();
  if (entry.op === 'delete') {
    builder.removeRecord(collection, localId, false);
    return builder.build();
  }
  if (entry.op === 'create' && !row) {
    throw new Error(`ack of create ${entry.mutationId} needs the server row (its id)`);
  }
  let snapshot: WireData;
  let serverId = record.serverId;
  let serverUpdatedAt = record.serverUpdatedAt;
  if (row) {
    serverId = row.id;
    serverUpdatedAt = updatedAtOf(row) ?? serverUpdatedAt;
    const duplicate = state.localIdOf(collection, row.id);
    if (duplicate !== undefined && duplicate !== localId) {
      // A pull stored this row before the ack arrived: fold that copy into our record.
      adoptDuplicate(builder, collection, duplicate, localId);
    }
    snapshot = {
      ...(serverSnapshot(record) ?? record.data),
      ...fromServerRow(state, collection, row),
    };
  } else {
    snapshot = { ...(serverSnapshot(record) ?? record.data), ...(entry.patch ?? {}) };
  }
  const rebuilt = rebuildData(snapshot, remaining);
  const next: StoredRecord = {
    ...record,
    serverId,
    serverUpdatedAt,
    data: rebuilt.data,
    base: rebuilt.base ?? {},
    lastSyncedAt: now,
  };
  builder.putRecord(collection, localId, withDerivedStatus(next, remaining));
  return builder.build();
}

function adoptDuplicate(
  builder: ChangeBuilder,
  collection: CollectionName,
  duplicateId: string,
  localId: string,
): void {
  builder.putRecord(collection, duplicateId, undefined);
  for (const { name: child, references } of Object.values(DESCRIPTORS)) {
    for (const { field, target } of references) {
      if (target !== collection) continue;
      for (const record of builder.state.recordsOf(child).values()) {
        if (record.data[field] !== duplicateId) continue;
        const current = builder.record(child, record.id) ?? record;
        builder.putRecord(child, record.id, {
          ...current,
          data: { ...current.data, [field]: localId },
        });
      }
    }
  }
}

/** What {@link planRemoveRecords} did. */
export interface RemoveRecordsResult {
  readonly removed: readonly string[];
  /** Records (or dependants) kept because they have queued local changes. */
  readonly kept: readonly KeptDependant[];
}

/** Removes records the server no longer has (reconciliation), cascading to dependants. */
export function planRemoveRecords(
  state: StoreState,
  collection: CollectionName,
  localIds: readonly string[],
): { change: ChangeSet; result: RemoveRecordsResult } {
  const builder = new ChangeBuilder(state);
  const removed: string[] = [];
  const kept: KeptDependant[] = [];
  for (const localId of localIds) {
    if (!builder.record(collection, localId)) continue;
    if (state.entriesOf(collection, localId).length > 0) {
      kept.push({ collection, localId });
      continue;
    }
    builder.removeRecord(collection, localId, false, kept);
    removed.push(localId);
  }
  return { change: builder.build(), result: { removed, kept } };
}

/**
 * The result of a committed {@link planRemoveRecords} as storage holds it: a removal the commit
 * replayed onto another client's row keeps a record that client queued a change for (see
 * row-rebase.ts), so such a record, or a dependant, is reported kept, not removed.
 */
export function keptAfterCommit(
  state: StoreState,
  collection: CollectionName,
  change: ChangeSet,
  planned: RemoveRecordsResult,
): RemoveRecordsResult {
  const survived = change.records.filter(
    (w) => w.next === undefined && state.getRecord(w.collection, w.localId) !== undefined,
  );
  if (survived.length === 0) return planned;
  const kept = [...planned.kept];
  for (const { collection: c, localId } of survived) {
    if (!kept.some((k) => k.collection === c && k.localId === localId)) {
      kept.push({ collection: c, localId });
    }
  }
  const stays = (id: string) =>
    survived.some((w) => w.collection === collection && w.localId === id);
  return { removed: planned.removed.filter((id) => !stays(id)), kept };
}

/** What {@link planRebase} rebases, onto what, and how. */
export interface RebaseRequest {
  readonly state: StoreState;
  readonly collection: CollectionName;
  readonly localId: string;
  /** The newer server version. */
  readonly row: ServerRow;
  /** The local change to keep (fields over `row`), `null` to drop it, `'delete'` to delete. */
  readonly resolved: WireData | null | 'delete';
  readonly time: StoreTime;
  readonly newId: () => string;
}

const latestEdit = (entries: readonly OutboxEntry[]): OutboxEntry | undefined =>
  entries.reduce<OutboxEntry | undefined>(
    (a, e) => (a && a.editedAt >= e.editedAt ? a : e),
    undefined,
  );

/** The queued entries a rebase keeps: those in flight, plus the resolved change, if any. */
function rebasedEntries(request: RebaseRequest, serverUpdatedAt: string | null): OutboxEntry[] {
  const { state, collection, localId, resolved, time, newId } = request;
  const now = time.now();
  const editedServerAt = time.editedServerAt();
  const entries = state.entriesOf(collection, localId);
  const remaining: OutboxEntry[] = entries.filter((e) => state.inFlight.has(e.mutationId));
  const free = entries.filter((e) => !state.inFlight.has(e.mutationId));
  const fresh = () => ({
    mutationId: newId(),
    seq: state.nextSeq++,
    collection,
    localId,
    createdAt: now,
    attempts: 0,
    nextAttemptAt: null,
  });
  if (resolved === 'delete') {
    remaining.push({
      ...fresh(),
      op: 'delete',
      patch: null,
      baseServerUpdatedAt: serverUpdatedAt,
      editedAt: now,
      editedServerAt,
      lastError: null,
      status: 'pending',
    });
  } else if (resolved !== null && Object.keys(resolved).length > 0) {
    const latest = latestEdit(free);
    remaining.push({
      ...(free[0] ?? fresh()),
      op: 'update',
      patch: resolved,
      baseServerUpdatedAt: serverUpdatedAt,
      editedAt: latest?.editedAt ?? now,
      editedServerAt: latest ? latest.editedServerAt : editedServerAt,
      // A new change: due at once (the backoff of what it replaces does not apply).
      nextAttemptAt: null,
      lastError: null,
      status: 'pending',
    });
  }
  return remaining;
}

/**
 * Rebases a record with queued changes onto a newer server version (after conflict
 * resolution). `resolved` is the local change to keep, as fields over `row`; `null` keeps the
 * server version and drops the queued changes that are not in flight; `'delete'` drops them and
 * queues the record's delete again (in the same commit, so the delete is never lost).
 */
export function planRebase(request: RebaseRequest): ChangeSet {
  const { state, collection, localId, row, time } = request;
  const builder = new ChangeBuilder(state);
  const record = state.getRecord(collection, localId);
  if (!record) throw new Error(`rebase: ${collection}/${localId} is not in the store`);
  const serverUpdatedAt = updatedAtOf(row) ?? record.serverUpdatedAt;
  const remaining = rebasedEntries(request, serverUpdatedAt);
  builder.setEntries(collection, localId, remaining);
  const rebuilt = rebuildData(fromServerRow(state, collection, row), remaining);
  const next: StoredRecord = {
    ...record,
    serverId: row.id,
    serverUpdatedAt,
    data: rebuilt.data,
    base: rebuilt.base ?? {},
    lastSyncedAt: time.heardAt(),
  };
  builder.putRecord(collection, localId, withDerivedStatus(next, remaining));
  return builder.build();
}

/**
 * Applies some server-owned fields (results of online-only operations: avatar, audio, play
 * count…) to a record, even one with queued changes: a field the device changed keeps its local
 * value and only its server value (`base`) moves. `serverUpdatedAt` is left alone, so conflict
 * detection for the other fields is unaffected; `lastSyncedAt` moves to `now`.
 */
export function planApplyServerFields(
  state: StoreState,
  collection: CollectionName,
  localId: string,
  fields: WireData,
  now: number,
): ChangeSet {
  const builder = new ChangeBuilder(state);
  const record = state.getRecord(collection, localId);
  if (!record) return builder.build();
  const translated = fromServerRow(state, collection, { ...fields, id: localId });
  let data = record.data;
  let base = record.base;
  for (const field in translated) {
    const value = translated[field] as JsonValue;
    if (base !== null && field in base) {
      if (!jsonEqual(base[field], value)) base = { ...base, [field]: value };
    } else if (!jsonEqual(data[field], value)) {
      data = { ...data, [field]: value };
    }
  }
  if (data !== record.data || base !== record.base) {
    // Fresh from the server: a listing taken before this must not undo it (`planApplyRows`).
    builder.putRecord(collection, localId, { ...record, data, base, lastSyncedAt: now });
  }
  return builder.build();
}

/**
 * Turns a record the server no longer has into a pending create of `data` under the same local
 * id (a re-create after a remote delete): its queued changes are replaced by one create, its
 * server id and server version are forgotten, and its dependants without queued changes go (the
 * server deleted them with it; a re-create does not bring them back). One commit, so a crash
 * never loses the record.
 */
export function planRecreate(
  state: StoreState,
  collection: CollectionName,
  localId: string,
  data: WireData,
  time: StoreTime,
  newId: () => string,
): ChangeSet {
  const now = time.now();
  const record = state.getRecord(collection, localId);
  if (!record) throw new Error(`recreate: ${collection}/${localId} is not in the store`);
  const entries = state.entriesOf(collection, localId);
  if (entries.some((entry) => state.inFlight.has(entry.mutationId))) {
    throw new Error(`recreate: ${collection}/${localId} is being sent`);
  }
  const create: OutboxEntry = {
    mutationId: newId(),
    seq: state.nextSeq++,
    collection,
    localId,
    op: 'create',
    patch: data,
    baseServerUpdatedAt: null,
    createdAt: now,
    editedAt: now,
    editedServerAt: time.editedServerAt(),
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    status: 'pending',
  };
  const builder = new ChangeBuilder(state);
  builder.setEntries(collection, localId, [create]);
  for (const rule of DESCRIPTORS[collection].cascades) {
    for (const child of state.recordsOf(rule.collection).values()) {
      if (child.data[rule.field] !== localId || child.serverId === null) continue;
      if (state.entriesOf(rule.collection, child.id).length > 0) continue;
      builder.removeRecord(rule.collection, child.id, false);
    }
  }
  const next: StoredRecord = {
    ...record,
    serverId: null,
    serverUpdatedAt: null,
    base: null,
    lastSyncedAt: null,
    syncError: null,
    data,
  };
  builder.putRecord(collection, localId, withDerivedStatus(next, [create]));
  return builder.build();
}
