/**
 * How server changes reach records that have queued local changes: a newer
 * server version is merged field by field (three-way, per the collection's policy), a delete
 * on either side is decided by the delete-conflict rules, and whatever needs the user becomes
 * a persisted conflict with the record's changes held. Records without queued changes take the
 * server's version directly (`LocalStore.applyServerRows`).
 *
 * Decisions come from `src/conflict/` (pure); this module applies them through the store.
 */
import { type Conflict, createConflict } from '../conflict/conflict.js';
import { decideDeleteVsRemoteUpdate, decideRemoteDelete } from '../conflict/delete-conflicts.js';
import { type MergeResult, threeWayMerge } from '../conflict/three-way-merge.js';
import { jsonEqual } from '../model/json.js';
import type {
  CollectionName,
  OutboxEntry,
  StoredRecord,
  SyncErrorInfo,
  WireData,
} from '../model/types.js';
import type { ServerRow } from '../store/id-map.js';
import { diffFrom, withOwnEchoes, withSeenValues } from './merge-base.js';
import {
  discardQueued,
  recreateRecord,
  removeWithChanges,
  toLocalData,
} from './store-extensions.js';
import { clockUncertainty, reportSuperseded, supersedeCheck } from './superseded.js';
import { localEditedAt, recordsChanged, type SyncContext, serverOffsetMs } from './sync-context.js';

/** What happened to a record. */
export type RemoteOutcome = 'unchanged' | 'applied' | 'merged' | 'conflict' | 'removed' | 'skipped';

/** Whether an outcome changed the record on the device. */
export const changedRecord = (outcome: RemoteOutcome): boolean =>
  outcome === 'applied' || outcome === 'merged' || outcome === 'conflict' || outcome === 'removed';

function lastServerVersion(record: StoredRecord): WireData | null {
  return record.base === null ? null : { ...record.data, ...record.base };
}

function conflictError(context: SyncContext, conflict: Conflict): SyncErrorInfo {
  return Object.freeze({
    kind: 'conflict',
    message: `${conflict.collection}/${conflict.recordId} changed on the server and on this device (${conflict.kind}: ${conflict.fields.join(', ') || 'record'}); resolve conflict "${conflict.id}"`,
    status: null,
    code: null,
    at: context.options.now(),
  });
}

/**
 * Opens (or refreshes) a conflict and holds the record's queued changes. The conflict is
 * written first, so a crash in between leaves it open (and the engine holds the entries again
 * on start) rather than letting the changes be sent.
 */
export async function openConflict(context: SyncContext, conflict: Conflict): Promise<Conflict> {
  const { store, registry } = context;
  const isNew = registry.forRecord(conflict.collection, conflict.recordId) === undefined;
  const { conflict: stored, changed } = await registry.upsert(conflict);
  await holdEntries(context, stored);
  if (changed) {
    if (isNew) context.tally.conflicts++;
    context.emitter.emit('conflict', stored);
    recordsChanged(context, stored.collection, [stored.recordId], 'merge');
  }
  const record = store.getStored(stored.collection, stored.recordId);
  if (stored.kind === 'fields' && stored.remote && record) {
    await showRemoteOnlyChanges(context, record, stored.collection, stored.remote);
  }
  return stored;
}

/** Marks every queued change of the conflict's record (not in flight) as held by it. */
export async function holdEntries(context: SyncContext, conflict: Conflict): Promise<void> {
  const { store } = context;
  const error = conflictError(context, conflict);
  for (const entry of store.entriesOf(conflict.collection, conflict.recordId)) {
    if (entry.status === 'conflict' || store.outbox.isInFlight(entry.mutationId)) continue;
    await store.outbox.markConflict(entry.mutationId, error);
  }
}

/**
 * While a conflict is open the record keeps its local changes; fields only the server changed
 * are shown at once (their server value moves, nothing local is touched).
 */
async function showRemoteOnlyChanges(
  context: SyncContext,
  record: StoredRecord,
  collection: CollectionName,
  remote: WireData,
): Promise<void> {
  if (record.base === null) return;
  const fields: Record<string, WireData[string]> = {};
  for (const [field, value] of Object.entries(remote)) {
    if (Object.hasOwn(record.base, field)) continue;
    if (!jsonEqual(record.data[field], value)) fields[field] = value;
  }
  if (Object.keys(fields).length > 0) {
    await context.store.applyServerFields(collection, record.id, fields);
  }
}

/**
 * Applies server rows of one collection: records without queued changes take them as they
 * are; the others are merged ({@link mergeRemoteRow}). Returns the local ids that changed.
 * `listedAt` (server clock) is when the listing the rows come from started: records that heard
 * from the server since keep what they have. `trustedUntil` (ISO) is the latest the server's
 * clock can be: a held version dated after it does not make an older row stale.
 */
export async function applyRemoteRows(
  context: SyncContext,
  collection: CollectionName,
  rows: readonly ServerRow[],
  listedAt?: number,
  trustedUntil?: string,
): Promise<string[]> {
  if (rows.length === 0) return [];
  const result = await context.store.applyServerRows(collection, rows, listedAt, trustedUntil);
  const changed = [...result.applied];
  recordsChanged(context, collection, result.applied, 'pull');
  for (const { localId, row } of result.pending) {
    const outcome = await mergeRemoteRow(context, collection, localId, row, { trustedUntil });
    if (changedRecord(outcome)) changed.push(localId);
  }
  return changed;
}

/** Options of {@link mergeRemoteRow}. */
export interface MergeOptions {
  /**
   * The row is the server's copy of a record the device created but never saw acknowledged
   * (a visual profile that already existed): merge it with no base, and take its server id.
   */
  readonly adopt?: boolean | undefined;
  /** The latest the server's clock can be (ISO): held versions dated after it are not trusted. */
  readonly trustedUntil?: string | undefined;
}

/** Whether `row` brings nothing newer than the version the record holds. */
function alreadyHeld(record: StoredRecord, row: ServerRow, options: MergeOptions): boolean {
  const held = record.serverUpdatedAt;
  const updatedAt = typeof row.updatedAt === 'string' ? row.updatedAt : null;
  if (options.adopt || held === null || updatedAt === null) return false;
  if (updatedAt === held) return true;
  const trusted = options.trustedUntil === undefined || held <= options.trustedUntil;
  return updatedAt < held && trusted;
}

/** What a merge of one row works on. */
interface MergeInput {
  readonly collection: CollectionName;
  readonly localId: string;
  readonly row: ServerRow;
  readonly record: StoredRecord;
  readonly entries: readonly OutboxEntry[];
  readonly remote: WireData;
  readonly base: WireData | null;
  readonly adopt: boolean;
}

/**
 * Merges a newer server version `row` into a record with queued changes. Records being sent
 * are skipped (their acknowledgement brings the server's version).
 */
export async function mergeRemoteRow(
  context: SyncContext,
  collection: CollectionName,
  localId: string,
  row: ServerRow,
  options: MergeOptions = {},
): Promise<RemoteOutcome> {
  const { store } = context;
  const record = store.getStored(collection, localId);
  if (!record) return 'skipped';
  const entries = store.entriesOf(collection, localId);
  if (entries.length === 0) {
    const applied = await store.applyServerRows(collection, [row]);
    return applied.applied.length > 0 ? 'applied' : 'unchanged';
  }
  if (entries.some((entry) => store.outbox.isInFlight(entry.mutationId))) return 'skipped';
  if (record.serverId === null && !options.adopt) return 'skipped';
  if (alreadyHeld(record, row, options)) return 'unchanged';
  const remote = toLocalData(store, collection, row);
  const adopt = options.adopt === true;
  const base = adopt ? null : withOwnEchoes(lastServerVersion(record), entries, remote);
  const input: MergeInput = { collection, localId, row, record, entries, remote, base, adopt };
  if (entries[entries.length - 1]?.op === 'delete') return mergeIntoDelete(context, input);
  return mergeFields(context, input);
}

/** A queued delete meets a newer server version: the delete-conflict rules decide. */
async function mergeIntoDelete(context: SyncContext, input: MergeInput): Promise<RemoteOutcome> {
  const { collection, localId, row, record, entries, remote, base } = input;
  const last = entries[entries.length - 1] as OutboxEntry;
  const offset = serverOffsetMs(context);
  const decision = decideDeleteVsRemoteUpdate(
    {
      collection,
      recordId: localId,
      base: withSeenValues(base, record.data, remote),
      local: record.data,
      remote,
      localEditedAt: localEditedAt([last], offset),
      now: context.options.now(),
      serverOffsetMs: offset,
      clockUncertaintyMs: clockUncertainty(context),
    },
    context.options.conflicts,
  );
  if (decision.action === 'delete-anyway') return 'unchanged';
  if (decision.action === 'manual') {
    await openConflict(context, decision.conflict);
    return 'conflict';
  }
  await context.store.rebase(collection, localId, row, null);
  await context.registry.removeForRecord(collection, localId);
  recordsChanged(context, collection, [localId], 'merge');
  return 'merged';
}

/** Queued edits meet a newer server version: a three-way merge per the collection's policy. */
async function mergeFields(context: SyncContext, input: MergeInput): Promise<RemoteOutcome> {
  const { collection, localId, row, record, entries, remote, base } = input;
  const { store, registry } = context;
  const policy = context.options.conflicts;
  const offset = serverOffsetMs(context);
  const local = record.data;
  const editedAt = localEditedAt(entries, offset);
  const clockUncertaintyMs = clockUncertainty(context);
  const merge = threeWayMerge(
    {
      collection,
      recordId: localId,
      base,
      local,
      remote,
      localEditedAt: editedAt,
      serverOffsetMs: offset,
      clockUncertaintyMs,
    },
    policy,
  );
  if (merge.kind === 'resolver-error' || merge.needsUser) return holdForUser(context, input, merge);
  await reportSuperseded(
    context,
    supersedeCheck(policy, {
      collection,
      recordId: localId,
      local,
      merge,
      localEditedAt: editedAt,
      offset,
      row,
      clockUncertaintyMs,
    }),
  );
  const failed = entries.find((entry) => entry.status === 'failed');
  const toSend = Object.keys(merge.toSend).length > 0 ? merge.toSend : null;
  await store.rebase(collection, localId, row, toSend);
  await registry.removeForRecord(collection, localId);
  const first = store.entriesOf(collection, localId)[0];
  if (failed?.lastError && toSend && first && first.status === 'pending') {
    // The server still refused what remains: keep it failed until the app retries it.
    await store.outbox.fail(first.mutationId, failed.lastError);
  }
  recordsChanged(context, collection, [localId], 'merge');
  return 'merged';
}

/** A merge that needs the user (or whose resolver failed): the change waits in a conflict. */
async function holdForUser(
  context: SyncContext,
  input: MergeInput,
  merge: MergeResult,
): Promise<RemoteOutcome> {
  const { collection, localId, row, record, remote, base } = input;
  const local = record.data;
  if (merge.kind === 'resolver-error') context.emitter.emit('conflict:resolver-error', merge.error);
  const conflict = createConflict({
    collection,
    recordId: localId,
    kind: 'fields',
    fields: merge.kind === 'resolver-error' ? merge.conflictingFields : merge.manualFields,
    base,
    local,
    remote,
    proposed: merge.kind === 'resolver-error' ? merge.proposed : merge.merged,
    createdAt: context.options.now(),
  });
  if (input.adopt) {
    // Take the server id first (keeping every local value queued), then hold the change.
    await context.store.rebase(collection, localId, row, diffFrom(collection, remote, local));
  }
  await openConflict(context, conflict);
  return 'conflict';
}

/**
 * The server no longer has a record (a PATCH got 404, or reconciliation did not find it).
 * Without queued changes it is removed with its dependants; a queued delete is simply done;
 * otherwise the collection's `onRemoteDelete` policy decides (default: a `deleted-remotely`
 * conflict). Dependants kept because they have queued changes go through the same rule (the
 * server deleted them too).
 */
export async function handleRemoteDelete(
  context: SyncContext,
  collection: CollectionName,
  localId: string,
): Promise<RemoteOutcome> {
  const { store, registry } = context;
  const record = store.getStored(collection, localId);
  if (!record) return 'skipped';
  const entries = store.entriesOf(collection, localId);
  if (entries.some((entry) => store.outbox.isInFlight(entry.mutationId))) return 'skipped';
  const last = entries[entries.length - 1];
  if (last?.op === 'delete') {
    await discardQueued(store, collection, localId);
    await removeGone(context, collection, localId);
    return 'removed';
  }
  if (entries.length === 0) {
    await removeGone(context, collection, localId);
    return 'removed';
  }
  const decision = decideRemoteDelete(
    {
      collection,
      recordId: localId,
      base: lastServerVersion(record),
      local: record.data,
      now: context.options.now(),
    },
    context.options.conflicts,
  );
  if (decision.action === 'manual') {
    await openConflict(context, decision.conflict);
    return 'conflict';
  }
  if (decision.action === 'recreate') {
    await recreateRecord(store, collection, localId, keepTimestamps(decision.data, record.data));
    await registry.removeForRecord(collection, localId);
    recordsChanged(context, collection, [localId], 'remote-delete');
    return 'merged';
  }
  await removeGone(context, collection, localId);
  return 'removed';
}

/** Removes a record the server deleted (its queued changes dropped), cascading as the server did. */
export async function removeGone(
  context: SyncContext,
  collection: CollectionName,
  localId: string,
): Promise<void> {
  const kept = await removeWithChanges(context.store, collection, localId);
  await context.registry.removeForRecord(collection, localId);
  recordsChanged(context, collection, [localId], 'remote-delete');
  for (const dependant of kept) {
    if (dependant.collection === collection && dependant.localId === localId) continue;
    await handleRemoteDelete(context, dependant.collection, dependant.localId);
  }
}

/** Create data for a re-create, keeping the record's timestamps for local ordering. */
export function keepTimestamps(create: WireData, previous: WireData): WireData {
  const out: Record<string, WireData[string]> = { ...create };
  for (const field of ['createdAt', 'updatedAt']) {
    const value = previous[field];
    if (typeof value === 'string') out[field] = value;
  }
  return out;
}
