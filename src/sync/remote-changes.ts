/**
 * How server changes reach records that have queued local changes (DESIGN.md §5, §6): a newer
 * server version is merged field by field (three-way, per the collection's policy), a delete
 * on either side is decided by the delete-conflict rules, and whatever needs the user becomes
 * a persisted conflict with the record's changes held. Records without queued changes take the
 * server's version directly (`LocalStore.applyServerRows`).
 *
 * Decisions come from `src/conflict/` (pure); this module applies them through the store.
 */
import { type Conflict, createConflict } from '../conflict/conflict.js';
import { decideDeleteVsRemoteUpdate, decideRemoteDelete } from '../conflict/delete-conflicts.js';
import { threeWayMerge } from '../conflict/three-way-merge.js';
import { jsonEqual } from '../model/json.js';
import { isServerOwned } from '../model/server-owned.js';
import type {
  CollectionName,
  OutboxEntry,
  StoredRecord,
  SyncErrorInfo,
  WireData,
} from '../model/types.js';
import type { ServerRow } from '../store/id-map.js';
import {
  discardQueued,
  recreateRecord,
  removeWithChanges,
  toLocalData,
} from './store-extensions.js';
import { clockUncertainty, reportSuperseded, supersedeCheck } from './superseded.js';
import { recordsChanged, type SyncContext, serverOffsetMs } from './sync-context.js';

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
 * `listedAt` (device clock) is when the listing the rows come from started: records that heard
 * from the server since keep what they have.
 */
export async function applyRemoteRows(
  context: SyncContext,
  collection: CollectionName,
  rows: readonly ServerRow[],
  listedAt?: number,
): Promise<string[]> {
  if (rows.length === 0) return [];
  const result = await context.store.applyServerRows(collection, rows, listedAt);
  const changed = [...result.applied];
  recordsChanged(context, collection, result.applied, 'pull');
  for (const { localId, row } of result.pending) {
    if (changedRecord(await mergeRemoteRow(context, collection, localId, row))) {
      changed.push(localId);
    }
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
  const { store, registry } = context;
  const policy = context.options.conflicts;
  const record = store.getStored(collection, localId);
  if (!record) return 'skipped';
  const entries = store.entriesOf(collection, localId);
  if (entries.length === 0) {
    const applied = await store.applyServerRows(collection, [row]);
    return applied.applied.length > 0 ? 'applied' : 'unchanged';
  }
  if (entries.some((entry) => store.outbox.isInFlight(entry.mutationId))) return 'skipped';
  if (record.serverId === null && !options.adopt) return 'skipped';
  const rowUpdatedAt = typeof row.updatedAt === 'string' ? row.updatedAt : null;
  if (
    !options.adopt &&
    record.serverUpdatedAt !== null &&
    rowUpdatedAt !== null &&
    rowUpdatedAt <= record.serverUpdatedAt
  ) {
    return 'unchanged';
  }
  const remote = toLocalData(store, collection, row);
  const base = options.adopt ? null : withOwnEchoes(lastServerVersion(record), entries, remote);
  const local = record.data;
  const now = context.options.now();
  const offset = serverOffsetMs(context);
  const last = entries[entries.length - 1];

  if (last?.op === 'delete') {
    const decision = decideDeleteVsRemoteUpdate(
      {
        collection,
        recordId: localId,
        base: withSeenValues(base, local, remote),
        local,
        remote,
        localEditedAt: last.editedAt,
        now,
        serverOffsetMs: offset,
      },
      policy,
    );
    if (decision.action === 'delete-anyway') return 'unchanged';
    if (decision.action === 'manual') {
      await openConflict(context, decision.conflict);
      return 'conflict';
    }
    await store.rebase(collection, localId, row, null);
    await registry.removeForRecord(collection, localId);
    recordsChanged(context, collection, [localId], 'merge');
    return 'merged';
  }

  const localEditedAt = Math.max(...entries.map((entry) => entry.editedAt));
  const clockUncertaintyMs = clockUncertainty(context);
  const merge = threeWayMerge(
    {
      collection,
      recordId: localId,
      base,
      local,
      remote,
      localEditedAt,
      serverOffsetMs: offset,
      clockUncertaintyMs,
    },
    policy,
  );
  if (merge.kind === 'resolver-error' || merge.needsUser) {
    if (merge.kind === 'resolver-error') {
      context.emitter.emit('conflict:resolver-error', merge.error);
    }
    const conflict = createConflict({
      collection,
      recordId: localId,
      kind: 'fields',
      fields: merge.kind === 'resolver-error' ? merge.conflictingFields : merge.manualFields,
      base,
      local,
      remote,
      proposed: merge.kind === 'resolver-error' ? merge.proposed : merge.merged,
      createdAt: now,
    });
    if (options.adopt) {
      // Take the server id first (keeping every local value queued), then hold the change.
      await store.rebase(collection, localId, row, diffFrom(collection, remote, local));
    }
    await openConflict(context, conflict);
    return 'conflict';
  }
  await reportSuperseded(
    context,
    supersedeCheck(policy, {
      collection,
      recordId: localId,
      local,
      merge,
      localEditedAt,
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

/**
 * The base of a merge, with the device's own unacknowledged writes recognised: an update that
 * was sent but never acknowledged (a lost answer) may have been applied; where the server now
 * holds exactly the value it sent, that value is this device's own, not another device's
 * edit, so it counts as the base (the device's later edit then wins, and nothing conflicts).
 */
function withOwnEchoes(
  base: WireData | null,
  entries: readonly OutboxEntry[],
  remote: WireData,
): WireData | null {
  if (base === null) return null;
  let adjusted: Record<string, WireData[string]> | null = null;
  for (const entry of entries) {
    if (entry.op !== 'update' || entry.attempts === 0 || !entry.patch) continue;
    for (const [field, sent] of Object.entries(entry.patch)) {
      if (!Object.hasOwn(remote, field) || !jsonEqual(remote[field], sent)) continue;
      adjusted ??= { ...base };
      adjusted[field] = sent;
    }
  }
  return adjusted ?? base;
}

/**
 * For a delete vs a remote update: server values the device already held when it deleted are
 * no change it had not seen (typically its own update whose answer was lost, coalesced into the
 * delete so {@link withOwnEchoes} cannot tell), so they count as the base. Without this, the
 * device's own write looked like a concurrent edit and could undo the delete by
 * last-writer-wins within the server-clock estimate's uncertainty.
 */
function withSeenValues(base: WireData | null, local: WireData, remote: WireData): WireData | null {
  let adjusted: Record<string, WireData[string]> | null = null;
  for (const [field, value] of Object.entries(remote)) {
    if (!Object.hasOwn(local, field) || !jsonEqual(local[field], value)) continue;
    if (base !== null && Object.hasOwn(base, field) && jsonEqual(base[field], value)) continue;
    adjusted ??= { ...(base ?? {}) };
    adjusted[field] = value;
  }
  return adjusted ?? base;
}

function diffFrom(collection: CollectionName, remote: WireData, local: WireData): WireData | null {
  const out: Record<string, WireData[string]> = {};
  for (const [field, value] of Object.entries(local)) {
    if (isServerOwned(collection, field)) continue;
    if (!jsonEqual(remote[field], value)) out[field] = value;
  }
  return Object.keys(out).length > 0 ? out : null;
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
