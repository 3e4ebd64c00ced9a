/**
 * Rebasing one record row onto what another client stored.
 *
 * Each stored row carries a revision. When a commit finds, inside its storage transaction, a
 * revision other than the one this store last read or wrote, another client (a tab, a
 * background task, another process over the same storage) wrote the row meanwhile. Instead of
 * overwriting that write, the commit replays its own changes onto the stored row:
 *
 * - a local write is planned again on the stored row (coalescing into the stored entries, as
 *   if both clients' writes had been made by one);
 * - any other change (sync results, entry status) is applied field by field: only the fields
 *   the change really changed overwrite what is stored; entries are matched by mutation id;
 * - a record removal keeps the record when the stored row still holds entries after it (queued
 *   by the other client, unseen by the removal's plan).
 *
 * Pure: it reads the stored row and the commits, and returns the row to write.
 */
import type { CollectionName, OutboxEntry, StoredRecord } from '../model/types.js';
import { withDerivedStatus } from './record-state.js';
import { StoreState } from './store-state.js';

/** One record row as stored: the record and its queued outbox entries, with its revision. */
export type RecordRow = {
  readonly record: StoredRecord | null;
  readonly outbox?: readonly OutboxEntry[];
  /** Bumped on every write of the row; absent (read as 0) on rows older than revisions. */
  readonly rev?: number;
};

/** Which record a row holds, and its storage key. */
export interface RowRef {
  readonly collection: CollectionName;
  readonly localId: string;
  readonly key: string;
}

/** A record row as read from storage (`undefined`: the row is gone). */
export type StoredRow = readonly [RowRef, RecordRow | undefined];

/** A record before and after one change. */
export interface RecordDiff {
  readonly collection: CollectionName;
  readonly localId: string;
  readonly prev: StoredRecord | undefined;
  readonly next: StoredRecord | undefined;
}

/** An outbox entry before and after one change. */
export interface EntryDiff {
  readonly mutationId: string;
  readonly prev: OutboxEntry | undefined;
  readonly next: OutboxEntry | undefined;
}

/** What a local write's change set carries so it can be planned again on another row. */
export interface ReplannableChange {
  readonly records: ReadonlyArray<{
    readonly collection: CollectionName;
    readonly localId: string;
    readonly next: StoredRecord | undefined;
  }>;
  readonly entries: ReadonlyArray<{
    readonly mutationId: string;
    readonly next: OutboxEntry | undefined;
  }>;
}

/** One commit as the rebase sees it. */
export interface ReplayableCommit {
  readonly records: readonly RecordDiff[];
  readonly entries: readonly EntryDiff[];
  /** Plans the commit's local write again on `state` (`undefined`: the write no longer applies). */
  readonly replan?: ((state: StoreState) => ReplannableChange | undefined) | undefined;
}

/** The revision of a stored row (`undefined` when there is none). */
export function revisionOf(row: RecordRow | undefined): number | undefined {
  return row === undefined ? undefined : (row.rev ?? 0);
}

/** Whether `commit` changes the record `ref` or one of its entries. */
export function touchesRow(commit: ReplayableCommit, ref: RowRef): boolean {
  for (const record of commit.records) {
    if (record.collection === ref.collection && record.localId === ref.localId) return true;
  }
  for (const entry of commit.entries) {
    const owner = entry.next ?? entry.prev;
    if (owner?.collection === ref.collection && owner.localId === ref.localId) return true;
  }
  return false;
}

/** Replaces the row `ref` in `state` with `row` (in-flight marks of kept entries stay). */
export function putRow(state: StoreState, ref: RowRef, row: RecordRow | undefined): void {
  const inFlight = new Set(state.inFlight);
  for (const entry of state.entriesOf(ref.collection, ref.localId)) {
    state.setEntry(entry.mutationId, undefined);
  }
  state.setRecord(ref.collection, ref.localId, row?.record ?? undefined);
  for (const entry of row?.outbox ?? []) {
    state.setEntry(entry.mutationId, entry);
    if (inFlight.has(entry.mutationId)) state.inFlight.add(entry.mutationId);
  }
}

/** The row `ref` as held in `state`. */
export function rowOf(state: StoreState, ref: RowRef): RecordRow {
  const outbox = state.entriesOf(ref.collection, ref.localId);
  const record = state.getRecord(ref.collection, ref.localId) ?? null;
  return outbox.length === 0 ? { record } : { record, outbox: [...outbox] };
}

/** Whether a row holds nothing (it is deleted from storage). */
export function isEmptyRow(row: RecordRow): boolean {
  return row.record === null && (row.outbox === undefined || row.outbox.length === 0);
}

/**
 * The row `ref` after replaying `commits` (those that touch it, in order) onto `stored`.
 * `live` lends its in-flight marks and its next sequence number.
 */
export function rebaseRow(
  live: StoreState,
  ref: RowRef,
  stored: RecordRow | undefined,
  commits: readonly ReplayableCommit[],
): RecordRow {
  const scratch = new StoreState();
  putRow(scratch, ref, stored);
  for (const entry of stored?.outbox ?? []) {
    if (live.inFlight.has(entry.mutationId)) scratch.inFlight.add(entry.mutationId);
  }
  scratch.nextSeq = Math.max(scratch.nextSeq, live.nextSeq);
  for (const commit of commits) replayCommit(scratch, ref, commit);
  live.nextSeq = Math.max(live.nextSeq, scratch.nextSeq);
  return rowOf(scratch, ref);
}

/** Applies `commit`'s changes to the row `ref` held in `state`. */
export function replayCommit(state: StoreState, ref: RowRef, commit: ReplayableCommit): void {
  if (!touchesRow(commit, ref)) return;
  const { collection, localId } = ref;
  if (commit.replan) {
    const change = commit.replan(state);
    if (!change) return;
    for (const write of change.entries) {
      const owner = write.next ?? state.getEntry(write.mutationId);
      if (owner?.collection === collection && owner.localId === localId) {
        state.setEntry(write.mutationId, write.next);
      }
    }
    for (const write of change.records) {
      if (write.collection === collection && write.localId === localId) {
        state.setRecord(collection, localId, write.next);
      }
    }
    return;
  }
  for (const diff of commit.entries) {
    const owner = diff.next ?? diff.prev;
    if (owner?.collection !== collection || owner.localId !== localId) continue;
    const current = state.getEntry(diff.mutationId);
    state.setEntry(diff.mutationId, entryAfter(current, diff));
  }
  for (const diff of commit.records) {
    if (diff.collection !== collection || diff.localId !== localId) continue;
    // A removal planned without the entries another client queued since (a reconciliation, a
    // cascade) keeps the record: an entry without its record could never be sent. The server's
    // answer to it (a 404) then goes through the remote-delete rules.
    if (diff.next === undefined && state.entriesOf(collection, localId).length > 0) continue;
    const next = recordAfter(state.getRecord(collection, localId), diff);
    state.setRecord(collection, localId, next);
  }
  const record = state.getRecord(collection, localId);
  if (record) {
    state.setRecord(
      collection,
      localId,
      withDerivedStatus(record, state.entriesOf(collection, localId)),
    );
  }
}

/** An entry after `diff`, applied onto `current` field by field. */
function entryAfter(current: OutboxEntry | undefined, diff: EntryDiff): OutboxEntry | undefined {
  if (diff.next === undefined) return undefined;
  if (diff.prev === undefined) return current ?? diff.next;
  // Gone from storage (acknowledged or discarded by another client): it stays gone.
  if (current === undefined) return undefined;
  return mergeFields(current, diff.prev, diff.next);
}

/** A record after `diff`, applied onto `current` field by field. */
function recordAfter(
  current: StoredRecord | undefined,
  diff: RecordDiff,
): StoredRecord | undefined {
  const { prev, next } = diff;
  if (next === undefined) return undefined;
  if (prev === undefined || current === undefined) return next;
  const merged = mergeFields(current, prev, next);
  const data = mergeFields(current.data, prev.data, next.data);
  const base =
    same(prev.base, next.base) || prev.base === null || next.base === null || !current.base
      ? merged.base
      : mergeFields(current.base, prev.base, next.base);
  return { ...merged, data, base };
}

/** `current` with every field that `prev → next` changed (added, changed or removed). */
function mergeFields<T extends object>(current: T, prev: T, next: T): T {
  const out = { ...current } as Record<string, unknown>;
  const before = prev as Record<string, unknown>;
  const after = next as Record<string, unknown>;
  for (const key in after) {
    if (!same(before[key], after[key])) out[key] = after[key];
  }
  for (const key in before) {
    if (!(key in after)) delete out[key];
  }
  return out as T;
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
