/**
 * Plans a local write (create, update, delete, named action): the record change and its
 * coalesced outbox entries, as one {@link ChangeSet} for one atomic commit.
 */
import { DESCRIPTORS } from '../model/descriptors.js';
import type { CollectionName, OutboxEntry, StoredRecord, WireData } from '../model/types.js';
import { ChangeBuilder } from './change-builder.js';
import type { ChangeSet } from './change-set.js';
import { coalesce, type Intent } from './coalesce.js';
import { seal } from './public-record.js';
import { applyLocalPatch, isHidden, withDerivedStatus } from './record-state.js';
import type { StoreState } from './store-state.js';

/** Why a local write was refused (nothing was changed). */
export type WriteRefusal = 'not-found' | 'exists';

/** The result of planning a local write. */
export type PlannedWrite =
  | { readonly ok: true; readonly change: ChangeSet; readonly record: StoredRecord | undefined }
  | { readonly ok: false; readonly reason: WriteRefusal };

/** What the planner needs from the store. */
export interface WriteContext {
  readonly state: StoreState;
  /** The namespace owner (the `userId` of records created here). */
  readonly userId: string;
  readonly now: number;
  /** The write's time on the server clock, or `undefined` while the offset is unknown. */
  readonly editedServerAt?: number | undefined;
  readonly newId: () => string;
}

/**
 * The data of a record created on the device: what the server fills in (until its version
 * arrives; the outbox sends only the patch), the given fields, and the view keys, built in one
 * object so sealing it needs no copy.
 */
function createdData(
  userId: string,
  collection: CollectionName,
  localId: string,
  patch: WireData,
): WireData {
  const data: Record<string, WireData[string]> = {};
  const { ownedByUser, localDefaults: defaults } = DESCRIPTORS[collection];
  if (ownedByUser) data.userId = userId;
  for (const key in defaults) data[key] = defaults[key] as WireData[string];
  for (const key in patch) data[key] = patch[key] as WireData[string];
  data.id = localId;
  data.serverId = null;
  data.syncStatus = 'pendingCreate';
  data.syncError = null;
  return data;
}

/** Plans `intent` on `collection/localId`. Updates and deletes of hidden records are refused. */
export function planLocalWrite(
  context: WriteContext,
  collection: CollectionName,
  localId: string,
  intent: Intent,
): PlannedWrite {
  const planned = planOnce(context, collection, localId, intent);
  // A new row is never rebased (no other client can have written it): nothing to plan again.
  if (!planned.ok || planned.change.fresh) return planned;
  // Another client may have written the row meanwhile: the commit then plans the same write
  // again on the row it finds in storage, so both clients' writes survive and coalesce.
  const replan = (state: StoreState): ChangeSet | undefined => {
    const again = planOnce({ ...context, state }, collection, localId, intent);
    return again.ok ? again.change : undefined;
  };
  return { ...planned, change: { ...planned.change, replan } };
}

function planOnce(
  context: WriteContext,
  collection: CollectionName,
  localId: string,
  intent: Intent,
): PlannedWrite {
  const { state, now } = context;
  const record = state.getRecord(collection, localId);
  const entries = state.entriesOf(collection, localId);
  if (intent.op === 'create') {
    if (record) return { ok: false, reason: 'exists' };
  } else if (!record || isHidden(entries)) {
    return { ok: false, reason: 'not-found' };
  }
  if (intent.op === 'create' && entries.length === 0)
    return planCreate(context, collection, localId, intent);
  const result = coalesce({
    entries,
    isInFlight: (id) => state.inFlight.has(id),
    collection,
    localId,
    intent,
    baseServerUpdatedAt: record?.serverUpdatedAt ?? null,
    now,
    editedServerAt: context.editedServerAt,
    allocate: () => ({ mutationId: context.newId(), seq: state.nextSeq++ }),
  });
  const builder = new ChangeBuilder(state);
  builder.setEntries(collection, localId, result.entries);
  if (result.recordRemoved) {
    builder.removeRecord(collection, localId, true);
    return { ok: true, change: builder.build(), record: undefined };
  }
  let next: StoredRecord;
  if (!record) {
    next = {
      id: localId,
      serverId: null,
      syncStatus: 'pendingCreate',
      serverUpdatedAt: null,
      base: null,
      lastSyncedAt: null,
      syncError: null,
      data: createdData(context.userId, collection, localId, intent.patch ?? {}),
    };
  } else if (intent.op === 'delete' || !intent.patch) {
    next = { ...record };
  } else {
    next = { ...record, ...applyLocalPatch(record, intent.patch as WireData) };
  }
  builder.putRecord(collection, localId, withDerivedStatus(next, result.entries));
  return { ok: true, change: builder.build(), record: builder.record(collection, localId) };
}

/** A create of a new record: one new entry, nothing to coalesce (the common case, kept lean). */
function planCreate(
  context: WriteContext,
  collection: CollectionName,
  localId: string,
  intent: Intent,
): PlannedWrite {
  const { state, now } = context;
  const entry: OutboxEntry = {
    mutationId: context.newId(),
    seq: state.nextSeq++,
    collection,
    localId,
    op: 'create',
    patch: intent.patch,
    baseServerUpdatedAt: null,
    createdAt: now,
    editedAt: now,
    editedServerAt: context.editedServerAt,
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    status: 'pending',
  };
  const record = seal({
    id: localId,
    serverId: null,
    syncStatus: 'pendingCreate',
    serverUpdatedAt: null,
    base: null,
    lastSyncedAt: null,
    syncError: null,
    data: createdData(context.userId, collection, localId, intent.patch ?? {}),
  });
  return {
    ok: true,
    change: {
      records: [{ collection, localId, next: record }],
      entries: [{ mutationId: entry.mutationId, next: entry }],
      fresh: intent.fresh,
    },
    record,
  };
}
