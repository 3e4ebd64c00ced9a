/** What one commit changes, and what observers are told (see commit.ts). */

import type { StorageError } from '../errors/index.js';
import type { CollectionName, OutboxEntry, StoredRecord } from '../model/types.js';
import type { JsonValue, StorageOp } from '../storage-adapters/storage-adapter.js';
import type { RecordRow, ReplannableChange, RowRef } from './row-rebase.js';
import type { StoreState } from './store-state.js';

/** Replace (or remove, with `undefined`) one record. */
export interface RecordWrite {
  readonly collection: CollectionName;
  readonly localId: string;
  readonly next: StoredRecord | undefined;
}

/** Replace (or remove, with `undefined`) one outbox entry. */
export interface EntryWrite {
  readonly mutationId: string;
  readonly next: OutboxEntry | undefined;
}

/** What one commit changes. */
export interface ChangeSet {
  readonly records: readonly RecordWrite[];
  readonly entries: readonly EntryWrite[];
  /** Mutation ids whose in-flight mark this change clears (restored on rollback). */
  readonly releaseInFlight?: readonly string[] | undefined;
  /** Named values to set (or remove, with `undefined`). */
  readonly meta?: ReadonlyArray<{ readonly name: string; readonly value: JsonValue | undefined }>;
  /**
   * For a local write: plans it again on another state (the row another client stored), so
   * it coalesces with that client's writes instead of overwriting them.
   */
  readonly replan?: ((state: StoreState) => ReplannableChange | undefined) | undefined;
  /**
   * The change creates its record under an id this store generated just now: no client can
   * have stored that row yet, so the commit writes it without reading it back first.
   */
  readonly fresh?: boolean | undefined;
}

/** One record as it was before and after a commit (or a rollback). */
export interface RecordChange {
  readonly collection: CollectionName;
  readonly localId: string;
  readonly prev: StoredRecord | undefined;
  readonly next: StoredRecord | undefined;
}

/** What observers are told after a commit is applied or rolled back. */
export interface AppliedChange {
  readonly records: readonly RecordChange[];
  readonly outboxChanged: boolean;
}

/** An outbox entry before and after a commit (for rollback). */
export interface EntryChange {
  readonly mutationId: string;
  readonly prev: OutboxEntry | undefined;
  readonly next: OutboxEntry | undefined;
  readonly prevInFlight: boolean;
}

/** A named value before a commit (for rollback). */
export interface MetaChange {
  readonly name: string;
  readonly prev: JsonValue | undefined;
}

/** A commit waiting to be durable. */
export interface QueuedCommit {
  readonly records: readonly RecordChange[];
  readonly entries: readonly EntryChange[];
  readonly meta: readonly MetaChange[];
  /** The rows this commit writes, by storage key. */
  readonly rows: ReadonlyMap<string, RowRef>;
  /** The rows as this commit leaves them (by key), then its meta writes. */
  ops: StorageOp[];
  readonly replan: ChangeSet['replan'];
  /** See {@link ChangeSet.fresh}. */
  readonly fresh: boolean;
  readonly resolve: () => void;
  readonly reject: (error: StorageError) => void;
}

/** A row the last batch found written by another client, and what it wrote instead. */
export interface RebasedRow {
  readonly ref: RowRef;
  readonly row: RecordRow;
  readonly rev: number;
}

/** What one batch writes: the ops of `group` (the last one per key) and the rows it writes. */
export function groupWrites(group: readonly QueuedCommit[]): {
  readonly ops: Iterable<StorageOp>;
  readonly rows: ReadonlyMap<string, RowRef>;
  /** The rows a create made under a new id (see {@link ChangeSet.fresh}). */
  readonly fresh: ReadonlySet<string>;
} {
  const fresh = new Set<string>();
  for (const commit of group)
    if (commit.fresh) for (const key of commit.rows.keys()) fresh.add(key);
  const [only] = group;
  if (group.length === 1 && only) return { ops: only.ops, rows: only.rows, fresh };
  const ops = new Map<string, StorageOp>();
  const rows = new Map<string, RowRef>();
  for (const commit of group) {
    for (const op of commit.ops) ops.set(op.key, op);
    for (const [key, ref] of commit.rows) rows.set(key, ref);
  }
  return { ops: ops.values(), rows, fresh };
}
