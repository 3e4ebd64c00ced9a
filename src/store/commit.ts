/**
 * The commit path: every change to records and outbox goes through {@link Committer.commit}.
 *
 * 1. The change is applied to the in-memory state at once and observers are told
 *    synchronously (optimistic: reads see it before it is durable).
 * 2. Its storage ops join the next adapter batch. Batches run one at a time; commits that
 *    arrive while one runs are grouped into the next (group commit), so each key is written
 *    once per batch and the adapter sees one atomic unit.
 * 3. Each batch is a read-modify-write transaction on the record rows it touches: when a
 *    row's stored revision is not the one this store last read or wrote, another client over
 *    the same storage wrote it meanwhile, and the batch rebases onto it (see row-rebase.ts)
 *    instead of overwriting it; the rebased row then replaces the in-memory one. A row a
 *    create just made under a new id is not read (nothing can be stored there yet).
 * 4. The promise resolves when its batch is durable. When a batch fails, that batch's commits
 *    and every commit queued after them (they were built on top) are undone in memory in
 *    reverse order, observers are told again, and each promise rejects with `StorageError`.
 */
import { isStorageError, StorageError } from '../errors/index.js';
import type { CollectionName } from '../model/types.js';
import { keepsObjectValues } from '../storage-adapters/memory-values.js';
import type { StorageAdapter, StorageOp } from '../storage-adapters/storage-adapter.js';
import { transact } from '../storage-adapters/transact.js';
import type {
  AppliedChange,
  ChangeSet,
  EntryChange,
  MetaChange,
  QueuedCommit,
  RebasedRow,
  RecordChange,
} from './change-set.js';
import { groupWrites } from './change-set.js';
import type { KeyLayout } from './keys.js';
import { planBatch, rowOp, type WrittenBatch } from './row-ops.js';
import {
  isEmptyRow,
  putRow,
  type RowRef,
  replayCommit,
  revisionOf,
  type StoredRow,
  touchesRow,
} from './row-rebase.js';
import type { RowRevisions } from './row-revisions.js';
import type { StoreState } from './store-state.js';

const NONE: readonly string[] = Object.freeze([]);

/** Applies changes optimistically and makes them durable, in order, with rollback. */
export class Committer {
  private queue: QueuedCommit[] = [];
  private running = false;
  private idleWaiters: Array<() => void> = [];
  private closed = false;
  private writing: readonly QueuedCommit[] = [];
  /** Told, after each durable batch, the keys of the record rows it wrote (for other clients). */
  onDurable: ((keys: readonly string[]) => void) | undefined;

  /** The row {@link addRow} recorded last. */
  private lastRow: RowRef | undefined;
  /** Rows carry the records' view keys (see memory-values.ts). */
  private readonly viewKeys: boolean;

  /** Settles once {@link close} has finished: nothing is written (or announced) after it. */
  readonly whenClosed: Promise<void>;
  private markClosed: () => void = () => {};

  constructor(
    private readonly state: StoreState,
    private readonly adapter: StorageAdapter,
    private readonly keys: KeyLayout,
    private readonly notify: (change: AppliedChange) => void,
  ) {
    this.viewKeys = keepsObjectValues(adapter);
    this.whenClosed = new Promise((resolve) => {
      this.markClosed = resolve;
    });
  }

  /** Applies `change` now and resolves once it is durable (see the module comment). */
  commit(change: ChangeSet): Promise<void> {
    if (this.closed) {
      return Promise.reject(new StorageError('store.commit', 'the local store is closed'));
    }
    const { state } = this;
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
    const rows = new Map<string, RowRef>();
    const records = this.applyRecords(change, rows);
    const entries = this.applyEntries(change, released, rows);
    const ops: StorageOp[] = [];
    // One row per record holds the record and its outbox entries: a write and its entry are
    // one put, in one place (see keys.ts).
    for (const ref of rows.values()) ops.push(rowOp(state, ref, this.viewKeys));
    const meta = this.applyMeta(metaWrites, ops);
    if (entries.length > 0) state.outboxVersion++;
    const promise = new Promise<void>((resolve, reject) => {
      this.queue.push({
        records,
        entries,
        meta,
        rows,
        ops,
        replan: change.replan,
        fresh: change.fresh === true,
        resolve,
        reject,
      });
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
    // A commit's continuation may commit again before the idle waiters run: wait until idle
    // holds, so the last write is made (and announced) before the close is marked.
    while (this.running || this.queue.length > 0) await this.whenIdle();
    this.closed = true;
    this.markClosed();
  }

  private applyRecords(change: ChangeSet, rows: Map<string, RowRef>): RecordChange[] {
    const { state } = this;
    const records: RecordChange[] = [];
    for (const write of change.records) {
      const { collection, localId } = write;
      const prev = state.getRecord(collection, localId);
      records.push({ collection, localId, prev, next: write.next });
      state.setRecord(collection, localId, write.next);
      this.addRow(rows, collection, localId);
    }
    const touched = new Set<CollectionName>();
    for (const record of records) touched.add(record.collection);
    for (const collection of touched) state.bump(collection);
    return records;
  }

  private applyEntries(
    change: ChangeSet,
    released: readonly string[],
    rows: Map<string, RowRef>,
  ): EntryChange[] {
    const { state } = this;
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
      const owner = write.next ?? prev;
      if (owner) this.addRow(rows, owner.collection, owner.localId);
    }
    return entries;
  }

  /**
   * Records the row of `collection/localId`, once (a lookup by key: commits can hold 10k rows;
   * a record and its entries, written one after the other, build the key once).
   */
  private addRow(rows: Map<string, RowRef>, collection: CollectionName, localId: string): void {
    const last = this.lastRow;
    if (last?.localId === localId && last.collection === collection && rows.has(last.key)) return;
    const key = this.keys.record(collection, localId);
    let ref = rows.get(key);
    if (!ref) {
      ref = { collection, localId, key };
      rows.set(key, ref);
    }
    this.lastRow = ref;
  }

  private applyMeta(writes: NonNullable<ChangeSet['meta']>, ops: StorageOp[]): MetaChange[] {
    const { state } = this;
    const meta: MetaChange[] = [];
    for (const write of writes) {
      meta.push({ name: write.name, prev: state.meta.get(write.name) });
      const key = this.keys.meta(write.name);
      if (write.value === undefined) {
        state.meta.delete(write.name);
        ops.push({ type: 'delete', key });
      } else {
        state.meta.set(write.name, write.value);
        ops.push({ type: 'put', key, value: write.value });
      }
    }
    return meta;
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.queue.length > 0) {
      const group = this.queue;
      this.queue = [];
      this.writing = group;
      try {
        const rebased = await this.write(group);
        this.writing = [];
        this.adopt(rebased);
        for (const commit of group) commit.resolve();
        this.announce(group);
      } catch (error) {
        this.writing = [];
        this.fail(group, error);
      }
    }
    this.running = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  /**
   * Writes `group` in one transaction. Rows whose stored revision is the known one are written
   * as they are in memory; the others are rebased onto what is stored (see row-rebase.ts).
   */
  private async write(group: readonly QueuedCommit[]): Promise<RebasedRow[]> {
    const { state } = this;
    const { ops: merged, rows, fresh } = groupWrites(group);
    // A create's new row is not read: nothing can be stored there yet (it plans as missing).
    const keys: string[] = [];
    const position = new Map<string, number>();
    for (const key of rows.keys()) {
      if (!fresh.has(key) || state.rowRevs.has(key)) position.set(key, keys.push(key) - 1);
    }
    const batch: WrittenBatch = { group, merged, rows, position, revs: [], rebased: [] };
    const { adapter } = this;
    // Inline, not bound to a name: runners that keep function names (tsx) name each one.
    await (adapter.transact
      ? adapter.transact(keys, (values) => planBatch(state, this.viewKeys, batch, values))
      : transact(adapter, keys, (values) => planBatch(state, this.viewKeys, batch, values)));
    // Indexed, without destructuring: this runs once per batch (not optimised by then), where
    // each destructured pair would allocate an iterator; a pull's batch holds 10k rows.
    const { revs } = batch;
    for (let i = 0; i < revs.length; i++) {
      const written = revs[i] as [string, number | undefined];
      const rev = written[1];
      if (rev === undefined) state.rowRevs.delete(written[0]);
      else state.rowRevs.set(written[0], rev);
    }
    return batch.rebased;
  }

  /**
   * Takes the rebased rows into memory, replays the commits queued since onto them (their
   * writes are then built on the rebased rows), and tells observers.
   */
  private adopt(rebased: readonly RebasedRow[]): void {
    const { state } = this;
    for (const { ref, row, rev } of rebased) {
      const prev = state.getRecord(ref.collection, ref.localId);
      putRow(state, ref, row);
      if (isEmptyRow(row)) state.rowRevs.delete(ref.key);
      else state.rowRevs.set(ref.key, rev);
      this.replayQueued(ref);
      state.bump(ref.collection);
      state.outboxVersion++;
      const next = state.getRecord(ref.collection, ref.localId);
      this.notify({
        records: [{ collection: ref.collection, localId: ref.localId, prev, next }],
        outboxChanged: true,
      });
    }
  }

  /**
   * Takes rows another client wrote into memory (`undefined`: the row is gone), but none of a
   * commit not yet durable (it rebases onto what it finds), none whose revision here moved since
   * `before` (taken as the read began: newer here) and none after close. Returns how many changed.
   */
  adoptStored(rows: readonly StoredRow[], before: ReadonlyMap<string, number>): number {
    const { state } = this;
    if (this.closed) return 0;
    const busy = new Set<string>();
    for (const commit of [...this.writing, ...this.queue])
      for (const key of commit.rows.keys()) busy.add(key);
    const changes: RecordChange[] = [];
    for (const [ref, row] of rows) {
      const held = state.rowRevs.get(ref.key);
      if (busy.has(ref.key) || held !== before.get(ref.key) || revisionOf(row) === held) continue;
      const prev = state.getRecord(ref.collection, ref.localId);
      putRow(state, ref, row);
      if (row === undefined) state.rowRevs.delete(ref.key);
      else state.rowRevs.set(ref.key, revisionOf(row) ?? 0);
      state.bump(ref.collection);
      changes.push({ ...ref, prev, next: state.getRecord(ref.collection, ref.localId) });
    }
    if (changes.length > 0) {
      state.outboxVersion++;
      this.notify({ records: changes, outboxChanged: true });
    }
    return changes.length;
  }

  /** The revision of each record row as this store last read or wrote it. */
  get rowRevisions(): RowRevisions {
    return this.state.rowRevs;
  }

  /** Tells `onDurable` which record rows a durable batch wrote. */
  private announce(group: readonly QueuedCommit[]): void {
    const listener = this.onDurable;
    if (!listener) return;
    const [only] = group;
    if (group.length === 1 && only) {
      if (only.rows.size > 0) listener(Array.from(only.rows.keys()));
      return;
    }
    const keys = new Set<string>();
    for (const commit of group) for (const key of commit.rows.keys()) keys.add(key);
    if (keys.size > 0) listener([...keys]);
  }

  /** Replays the commits queued behind a rebased row onto it (their writes build on it). */
  private replayQueued(ref: RowRef): void {
    const { state } = this;
    for (const commit of this.queue) {
      if (!touchesRow(commit, ref)) continue;
      replayCommit(state, ref, commit);
      commit.ops = commit.ops.map((op) =>
        op.key === ref.key ? rowOp(state, ref, this.viewKeys) : op,
      );
    }
  }

  /** The batch failed: undo it and everything queued after it, and reject them all. */
  private fail(group: readonly QueuedCommit[], error: unknown): void {
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
