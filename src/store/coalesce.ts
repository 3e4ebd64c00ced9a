/**
 * Outbox coalescing, as a pure reducer over one record's entries:
 *
 * | queued (not in flight) | new write | result                                          |
 * |------------------------|-----------|-------------------------------------------------|
 * | create                 | update    | one create with the merged fields               |
 * | update                 | update    | one update, merged patch, earliest base         |
 * | create                 | delete    | nothing: entry and record are gone              |
 * | update / action        | delete    | one delete (base of the earliest dropped edit)  |
 * | create / update sent   | update    | the entry as sent, then a new update            |
 * | create already sent    | delete    | the create, then a delete                       |
 * | in flight / nothing    | any       | a new entry appended                            |
 *
 * Entries the sync engine is sending (in flight) are never changed: a write that arrives while
 * one is in flight queues behind it. Named actions are appended, never merged. An entry that
 * was sent before without an acknowledgement (`attempts > 0`) may have been applied on the
 * server: it is kept exactly as it was sent, so the sync engine can still recognise what the
 * server holds as its own write — the copy of a create (adopted, or deleted, instead of a
 * duplicate or a leftover), or the values of an update (not mistaken for another device's).
 */
import type { OutboxEntry, OutboxOp, WireData } from '../model/types.js';

/** A local write to turn into outbox entries. */
export interface Intent {
  readonly op: OutboxOp;
  /** The full record for a create, the changed fields for an update, `null` for a delete. */
  readonly patch: WireData | null;
  /** A create under an id the store generated just now (see `ChangeSet.fresh`). */
  readonly fresh?: boolean | undefined;
}

/** Everything the reducer needs; it reads nothing else. */
export interface CoalesceInput {
  /** The record's current entries, in `seq` order. */
  readonly entries: readonly OutboxEntry[];
  readonly isInFlight: (mutationId: string) => boolean;
  readonly collection: OutboxEntry['collection'];
  readonly localId: string;
  readonly intent: Intent;
  /** The record's `serverUpdatedAt` now (the base of a new entry). */
  readonly baseServerUpdatedAt: string | null;
  readonly now: number;
  /** The write's time on the server clock, or `undefined` while unknown. */
  readonly editedServerAt?: number | undefined;
  /** Allocates the identity of a new entry; called only when one is appended. */
  readonly allocate: () => { readonly mutationId: string; readonly seq: number };
}

/** The record's entries after the write. */
export interface CoalesceResult {
  readonly entries: readonly OutboxEntry[];
  /** True when a create and a delete cancelled out: the record must go too. */
  readonly recordRemoved: boolean;
}

/** Applies one local write to a record's outbox entries. */
export function coalesce(input: CoalesceInput): CoalesceResult {
  const { entries, intent } = input;
  let firstFree = 0;
  for (let i = 0; i < entries.length; i++) {
    if (input.isInFlight((entries[i] as OutboxEntry).mutationId)) firstFree = i + 1;
  }
  const fixed = entries.slice(0, firstFree);
  const free = entries.slice(firstFree);
  if (free[free.length - 1]?.op === 'delete' || fixed[fixed.length - 1]?.op === 'delete') {
    throw new Error(
      `cannot ${intent.op} ${input.collection}/${input.localId}: it is being deleted`,
    );
  }
  switch (intent.op) {
    case 'create': {
      if (entries.length > 0) {
        throw new Error(`cannot create ${input.collection}/${input.localId}: it already exists`);
      }
      return { entries: [newEntry(input, input.baseServerUpdatedAt)], recordRemoved: false };
    }
    case 'update':
      return coalesceUpdate(input, fixed, free);
    case 'delete':
      return coalesceDelete(input, fixed, free);
    default:
      return appended(input);
  }
}

/** An update merges into the last queued create or update that was never sent. */
function coalesceUpdate(
  input: CoalesceInput,
  fixed: readonly OutboxEntry[],
  free: readonly OutboxEntry[],
): CoalesceResult {
  const last = free[free.length - 1];
  if (!last || (last.op !== 'update' && last.op !== 'create') || last.attempts !== 0) {
    return appended(input);
  }
  const merged: OutboxEntry = {
    ...last,
    patch: { ...last.patch, ...input.intent.patch },
    baseServerUpdatedAt: earliest(last.baseServerUpdatedAt, input.baseServerUpdatedAt),
    editedAt: input.now,
    editedServerAt: input.editedServerAt,
  };
  return { entries: [...fixed, ...free.slice(0, -1), merged], recordRemoved: false };
}

/** A delete drops the queued edits (and an unsent create with them). */
function coalesceDelete(
  input: CoalesceInput,
  fixed: readonly OutboxEntry[],
  free: readonly OutboxEntry[],
): CoalesceResult {
  const create = free.find((entry) => entry.op === 'create');
  if (create && create.attempts === 0) {
    // The create never reached the server: nothing to send, nothing to keep.
    return { entries: fixed, recordRemoved: fixed.length === 0 };
  }
  if (create) {
    // It may be on the server: keep it (as sent) so its copy can be found and deleted.
    return {
      entries: [...fixed, create, newEntry(input, create.baseServerUpdatedAt)],
      recordRemoved: false,
    };
  }
  let base = input.baseServerUpdatedAt;
  for (const entry of free) base = earliest(base, entry.baseServerUpdatedAt);
  return { entries: [...fixed, newEntry(input, base)], recordRemoved: false };
}

/** The write as a new entry after the others. */
function appended(input: CoalesceInput): CoalesceResult {
  return {
    entries: [...input.entries, newEntry(input, input.baseServerUpdatedAt)],
    recordRemoved: false,
  };
}

function newEntry(input: CoalesceInput, base: string | null): OutboxEntry {
  const { mutationId, seq } = input.allocate();
  return {
    mutationId,
    seq,
    collection: input.collection,
    localId: input.localId,
    op: input.intent.op,
    patch: input.intent.op === 'delete' ? null : input.intent.patch,
    baseServerUpdatedAt: base,
    createdAt: input.now,
    editedAt: input.now,
    editedServerAt: input.editedServerAt,
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    status: 'pending',
  };
}

/** The earlier of two server timestamps (ISO strings with ms compare as text); `null` is unknown. */
export function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a <= b ? a : b;
}
