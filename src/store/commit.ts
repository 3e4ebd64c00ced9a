/**
 * The commit path: every change to records and outbox goes through {@link Committer.commit}.
 *
 * 1. The change is applied to the in-memory state at once and observers are told
 *    synchronously (optimistic: reads see it before it is durable).
 * 2. Its storage ops join the next adapter batch. Batches run one at a time; commits that
 *    arrive while one runs are grouped into the next (group commit), so each key is written
 *    once per batch and the adapter sees one atomic unit.
 * 3. The promise resolves when its batch is durable. When a batch fails, that batch's commits
 *    and every commit queued after them (they were built on top) are undone in memory in
 *    reverse order, observers are told again, and each promise rejects with `StorageError`.
 */
import { isStorageError, StorageError } from '../errors/index.js';
import type { CollectionName, OutboxEntry, StoredRecord } from '../model/types.js';
import type { JsonValue, StorageAdapter, StorageOp } from '../storage-adapters/storage-adapter.js';
import type { KeyLayout } from './keys.js';
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

interface EntryChange {
  readonly mutationId: string;
  readonly prev: OutboxEntry | undefined;
  readonly next: OutboxEntry | undefined;
  readonly prevInFlight: boolean;
}

interface MetaChange {
  readonly name: string;
  readonly prev: JsonValue | undefined;
}

interface QueuedCommit {
  readonly records: readonly RecordChange[];
  readonly entries: readonly EntryChange[];
  readonly meta: readonly MetaChange[];
  readonly ops: readonly StorageOp[];
  readonly resolve: () => void;
  readonly reject: (error: StorageError) => void;
}

const NONE: readonly string[] = Object.freeze([]);

/** Applies changes optimistically and makes them durable, in order, with rollback. */
export class Committer {
  private queue: QueuedCommit[] = [];
  private running = false;
  private idleWaiters: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly state: StoreState,
    private readonly adapter: StorageAdapter,
    private readonly keys: KeyLayout,
    private readonly notify: (change: AppliedChange) => void,
  ) {}

  /** Applies `change` now and resolves once it is durable (see the module comment). */
  commit(change: ChangeSet): Promise<void> {
    if (this.closed) {
      return Promise.reject(new StorageError('store.commit', 'the local store is closed'));
    }
    const { state, keys } = this;
    const released = change.releaseInFlight
      ? change.releaseInFlight.filter((id) => state.inFlight.has(id))
      : NONE;
    for (const id of released) state.inFlight.delete(id);
    const metaWrites = change.meta ?? [];
    if (change.records.length === 0 && change.entries.length === 0 && metaWrites.length === 0) {
      if (released.length > 0) {
        state.outboxVersion++;
        this.notify({ records: [], outboxChanged: true });
      }
      return Promise.resolve();
    }
    const ops: StorageOp[] = [];
    const records: RecordChange[] = [];
    const touched = new Set<CollectionName>();
    const rows = new Map<string, { collection: CollectionName; localId: string }>();
    // The storage key of a record, built once per record even when its entries change too.
    let lastRow: { collection: CollectionName; localId: string; key: string } | undefined;
    const rowKey = (collection: CollectionName, localId: string): string => {
      if (lastRow?.collection !== collection || lastRow.localId !== localId) {
        lastRow = { collection, localId, key: keys.record(collection, localId) };
      }
      return lastRow.key;
    };
    for (const write of change.records) {
      const prev = state.getRecord(write.collection, write.localId);
      records.push({
        collection: write.collection,
        localId: write.localId,
        prev,
        next: write.next,
      });
      state.setRecord(write.collection, write.localId, write.next);
      touched.add(write.collection);
      rows.set(rowKey(write.collection, write.localId), write);
    }
    const entries: EntryChange[] = [];
    for (const write of change.entries) {
      const prev = state.getEntry(write.mutationId);
      entries.push({
        mutationId: write.mutationId,
        prev,
        next: write.next,
        prevInFlight: state.inFlight.has(write.mutationId) || released.includes(write.mutationId),
      });
      state.setEntry(write.mutationId, write.next);
      const owner = (write.next ?? prev) as OutboxEntry | undefined;
      if (owner) rows.set(rowKey(owner.collection, owner.localId), owner);
    }
    // One row per record holds the record and its outbox entries: a write and its entry are
    // one put, in one place (see keys.ts).
    for (const [key, { collection, localId }] of rows) {
      const record = state.getRecord(collection, localId);
      const outbox = state.entriesOf(collection, localId);
      ops.push(
        record === undefined && outbox.length === 0
          ? { type: 'delete', key }
          : { type: 'put', key, value: toRow(record, outbox) },
      );
    }
    const meta: MetaChange[] = [];
    for (const write of metaWrites) {
      meta.push({ name: write.name, prev: state.meta.get(write.name) });
      const key = keys.meta(write.name);
      if (write.value === undefined) {
        state.meta.delete(write.name);
        ops.push({ type: 'delete', key });
      } else {
        state.meta.set(write.name, write.value);
        ops.push({ type: 'put', key, value: write.value });
      }
    }
    for (const collection of touched) state.bump(collection);
    if (entries.length > 0) state.outboxVersion++;
    const promise = new Promise<void>((resolve, reject) => {
      this.queue.push({ records, entries, meta, ops, resolve, reject });
    });
    if (!this.running) void this.drain();
    this.notify({ records, outboxChanged: entries.length > 0 });
    return promise;
  }

  /** Resolves once every commit made so far has settled. */
  whenIdle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Waits for queued commits, then refuses new ones. Idempotent. */
  async close(): Promise<void> {
    await this.whenIdle();
    this.closed = true;
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.queue.length > 0) {
      const group = this.queue;
      this.queue = [];
      let ops: readonly StorageOp[];
      if (group.length === 1) {
        ops = (group[0] as QueuedCommit).ops;
      } else {
        const merged = new Map<string, StorageOp>();
        for (const commit of group) for (const op of commit.ops) merged.set(op.key, op);
        ops = [...merged.values()];
      }
      try {
        await this.adapter.batch(ops);
        for (const commit of group) commit.resolve();
      } catch (error) {
        const failed = [...group, ...this.queue];
        this.queue = [];
        this.rollback(failed);
        const cause = isStorageError(error)
          ? error
          : new StorageError('store.commit', 'the storage adapter failed the write', {
              cause: error,
            });
        failed.forEach((commit, index) => {
          commit.reject(
            index < group.length
              ? cause
              : new StorageError(
                  'store.commit',
                  'an earlier write this one depends on failed; nothing was written',
                  { cause },
                ),
          );
        });
      }
    }
    this.running = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  private rollback(commits: readonly QueuedCommit[]): void {
    const { state } = this;
    const undone: RecordChange[] = [];
    const touched = new Set<CollectionName>();
    let outboxChanged = false;
    for (let i = commits.length - 1; i >= 0; i--) {
      const commit = commits[i] as QueuedCommit;
      for (let j = commit.meta.length - 1; j >= 0; j--) {
        const { name, prev } = commit.meta[j] as MetaChange;
        if (prev === undefined) state.meta.delete(name);
        else state.meta.set(name, prev);
      }
      for (let j = commit.entries.length - 1; j >= 0; j--) {
        const entry = commit.entries[j] as EntryChange;
        state.setEntry(entry.mutationId, undefined);
        if (entry.prev) state.setEntry(entry.mutationId, entry.prev);
        if (entry.prevInFlight) state.inFlight.add(entry.mutationId);
        outboxChanged = true;
      }
      for (let j = commit.records.length - 1; j >= 0; j--) {
        const record = commit.records[j] as RecordChange;
        state.setRecord(record.collection, record.localId, record.prev);
        touched.add(record.collection);
        undone.push({ ...record, prev: record.next, next: record.prev });
      }
    }
    for (const collection of touched) state.bump(collection);
    if (outboxChanged) state.outboxVersion++;
    this.notify({ records: undone, outboxChanged });
  }
}

/** The stored form of one record with its queued entries (see keys.ts). */
export type RecordRow = {
  readonly record: StoredRecord | null;
  readonly outbox?: readonly OutboxEntry[];
};

function toRow(record: StoredRecord | undefined, outbox: readonly OutboxEntry[]): JsonValue {
  const row: RecordRow =
    outbox.length === 0 ? { record: record ?? null } : { record: record ?? null, outbox };
  return row as unknown as JsonValue;
}
