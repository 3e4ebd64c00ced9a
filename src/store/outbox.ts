/**
 * The outbox: durable pending intents. Entries are written only together with
 * their record (see `local-writes.ts`); this facade lists them, lets the app discard or retry
 * them, and gives the sync engine its hooks.
 *
 * ```
 *              local write (coalesces while not in flight)
 *                 │
 *                 ▼
 *   ┌────────► pending ──markInFlight──► inFlight ──ack──► (gone)
 *   │            ▲  ▲                      │
 *   │            │  └──── scheduleRetry ───┤   offline, timeout, 5xx, 429
 *   │          retry                       ├── fail ──────► failed      400/403/422
 *   │            └────────── failed ◄──────┘
 *   │                                      └── markConflict ► conflict ──rebase──┐
 *   └──────────────────────────────────────────────────────────────────────────┘
 *   discard: from any state but inFlight — the record rolls back to its server version
 * ```
 */
import { SdkError } from '../errors/index.js';
import type {
  CollectionName,
  OutboxEntry,
  OutboxOp,
  SyncErrorInfo,
  WireData,
} from '../model/types.js';
import { ChangeBuilder } from './change-builder.js';
import type { ChangeSet } from './change-set.js';
import type { ServerRow } from './id-map.js';
import { rebuildData, serverSnapshot, unpatchedFields, withDerivedStatus } from './record-state.js';
import type { StoreCore } from './store-core.js';
import { planAck } from './sync-ops.js';

/** An outbox entry as the app sees it. */
export type PendingMutation = {
  readonly mutationId: string;
  readonly collection: CollectionName;
  /** The record's local id. */
  readonly localId: string;
  readonly op: OutboxOp;
  readonly patch: WireData | null;
  /** `inFlight` while the sync engine is sending it. */
  readonly status: 'pending' | 'inFlight' | 'failed' | 'conflict';
  readonly attempts: number;
  readonly createdAt: number;
  readonly nextAttemptAt: number | null;
  readonly lastError: SyncErrorInfo | null;
};

/** The whole outbox, as one immutable value. */
export type OutboxSnapshot = {
  /** Every entry, oldest first. */
  readonly entries: readonly PendingMutation[];
  /** How many changes are not synced yet (all entries, failed and conflicted included). */
  readonly pendingCount: number;
  readonly failedCount: number;
  readonly conflictCount: number;
};

/** The outbox of one user namespace. */
/** How many entries the outbox holds, and how many of them failed or are held by a conflict. */
export type OutboxCounts = Pick<OutboxSnapshot, 'pendingCount' | 'failedCount' | 'conflictCount'>;

export class Outbox {
  private snapshot: OutboxSnapshot | undefined;
  private snapshotVersion = -1;

  /** @internal */
  constructor(private readonly core: StoreCore) {}

  /** The current outbox (the same object while nothing changed). */
  getSnapshot = (): OutboxSnapshot => {
    const { state } = this.core;
    if (this.snapshot && this.snapshotVersion === state.outboxVersion) return this.snapshot;
    const entries = state.allEntries().map(
      (entry): PendingMutation =>
        Object.freeze({
          mutationId: entry.mutationId,
          collection: entry.collection,
          localId: entry.localId,
          op: entry.op,
          patch: entry.patch,
          status: state.inFlight.has(entry.mutationId) ? 'inFlight' : entry.status,
          attempts: entry.attempts,
          createdAt: entry.createdAt,
          nextAttemptAt: entry.nextAttemptAt,
          lastError: entry.lastError,
        }),
    );
    this.snapshot = Object.freeze({
      entries: Object.freeze(entries),
      pendingCount: entries.length,
      failedCount: entries.filter((e) => e.status === 'failed').length,
      conflictCount: entries.filter((e) => e.status === 'conflict').length,
    });
    this.snapshotVersion = state.outboxVersion;
    return this.snapshot;
  };

  /** The counts of {@link getSnapshot} without building it (O(1), for status updates). */
  counts(): OutboxCounts {
    const { state } = this.core;
    return {
      pendingCount: state.entryCount,
      failedCount: state.failedCount,
      conflictCount: state.conflictCount,
    };
  }

  /** Calls `listener` after every outbox change. Returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => this.core.live.subscribeOutbox(listener);

  /** Every pending change with its status and last error, oldest first. */
  pending(): readonly PendingMutation[] {
    return this.getSnapshot().entries;
  }

  /** How many changes are not synced yet. */
  get pendingCount(): number {
    return this.core.state.entryCount;
  }

  /**
   * Drops a pending change and rolls its record back to the last server version (with any
   * other queued changes re-applied). Discarding a pending create removes the record.
   * Refused while the change is being sent.
   */
  async discard(mutationId: string): Promise<void> {
    const { state } = this.core;
    const entry = this.require(mutationId, 'discard');
    const builder = new ChangeBuilder(state);
    const { collection, localId } = entry;
    const record = state.getRecord(collection, localId);
    if (entry.op === 'create' || !record) {
      builder.removeRecord(collection, localId, true);
      builder.setEntries(
        collection,
        localId,
        builder.entriesOf(collection, localId).filter((e) => e.mutationId !== mutationId),
      );
    } else {
      const remaining = state
        .entriesOf(collection, localId)
        .filter((e) => e.mutationId !== mutationId);
      builder.setEntries(collection, localId, remaining);
      // Never on the server (create in flight): the fields no entry wrote are the defaults.
      const rebuilt = rebuildData(
        serverSnapshot(record) ??
          unpatchedFields(record.data, state.entriesOf(collection, localId)),
        remaining,
      );
      builder.putRecord(
        collection,
        localId,
        withDerivedStatus({ ...record, ...rebuilt }, remaining),
      );
    }
    return this.core.committer.commit(builder.build());
  }

  /**
   * Makes a failed (or waiting) change eligible to be sent again at once. `attempts` is kept:
   * a create that was already sent may have reached the server, and the sync engine must look
   * for it there before sending it again (resetting it would create a duplicate).
   */
  async retry(mutationId: string): Promise<void> {
    const entry = this.require(mutationId, 'retry');
    if (entry.status === 'conflict') {
      throw new SdkError(`outbox.retry: ${mutationId} waits for its conflict to be resolved`);
    }
    return this.updateEntry(entry, { status: 'pending', nextAttemptAt: null, lastError: null });
  }

  // ── Sync engine hooks ─────────────────────────────────────────────────────────────────

  /** Every entry, in `seq` order (raw, for the sync engine). */
  entries(): readonly OutboxEntry[] {
    return this.core.state.allEntries();
  }

  /** One entry, or `undefined` when it is gone (acknowledged, coalesced away, discarded). */
  get(mutationId: string): OutboxEntry | undefined {
    return this.core.state.getEntry(mutationId);
  }

  /**
   * Whether this client may send now. Several clients over one storage let one of them push
   * (see the coordination module); the others' `sendable()` is empty. Always true by default.
   */
  pushAllowed: () => boolean = () => true;

  /**
   * Confirmed right before each send, after the entry was marked in flight: whether this client
   * still holds the right to push (several clients: the push lock's fencing token, read from
   * the storage). A send it refuses is abandoned. Always true by default.
   */
  confirmPush: () => Promise<boolean> = async () => true;

  isInFlight(mutationId: string): boolean {
    return this.core.state.inFlight.has(mutationId);
  }

  /**
   * Entries the sync engine may send now: the first entry of each record (per-record FIFO),
   * pending, not in flight, and due. Cross-record order (a create before what references it) is
   * the caller's: see `LocalStore.toServerPatch`.
   */
  sendable(now: number = this.core.now()): OutboxEntry[] {
    const { state } = this.core;
    if (!this.pushAllowed()) return [];
    const seen = new Set<string>();
    const out: OutboxEntry[] = [];
    for (const entry of state.allEntries()) {
      const key = `${entry.collection}\u0000${entry.localId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (state.inFlight.has(entry.mutationId) || entry.status !== 'pending') continue;
      if (entry.nextAttemptAt !== null && entry.nextAttemptAt > now) continue;
      out.push(entry);
    }
    return out;
  }

  /**
   * Marks an entry as being sent: from now on no local write coalesces into it. Counts the
   * attempt durably (so after a crash `attempts > 0` says it may have reached the server).
   * Resolves with the entry as it must be sent.
   */
  async markInFlight(mutationId: string, firstSentServerAt?: number): Promise<OutboxEntry> {
    const { state } = this.core;
    const entry = this.require(mutationId, 'markInFlight');
    if (entry.status !== 'pending') {
      throw new SdkError(`outbox.markInFlight: ${mutationId} is ${entry.status}, not pending`);
    }
    state.inFlight.add(mutationId);
    const next: OutboxEntry = {
      ...entry,
      attempts: entry.attempts + 1,
      firstSentServerAt: entry.firstSentServerAt ?? firstSentServerAt,
    };
    try {
      await this.core.committer.commit(this.attemptChange(entry, next));
    } catch (error) {
      state.inFlight.delete(mutationId);
      throw error;
    }
    return state.getEntry(mutationId) ?? next;
  }

  /**
   * The commit of one attempt (`next`: the entry with it counted). A create sent again drops the
   * error its last attempt got, in the same commit: until this attempt is answered its outcome
   * is unknown, and a kept 4xx (a 429, a 401) would read as "refused", so a crash or an abort
   * mid-flight would have it sent again without looking for it on the server (a duplicate).
   */
  private attemptChange(entry: OutboxEntry, next: OutboxEntry): ChangeSet {
    if (entry.op !== 'create' || entry.lastError === null) {
      return { records: [], entries: [{ mutationId: entry.mutationId, next }] };
    }
    const cleared: OutboxEntry = { ...next, lastError: null };
    const builder = new ChangeBuilder(this.core.state);
    const { collection, localId } = entry;
    const entries = builder
      .entriesOf(collection, localId)
      .map((e) => (e.mutationId === entry.mutationId ? cleared : e));
    builder.setEntries(collection, localId, entries);
    const record = builder.record(collection, localId);
    if (record) builder.putRecord(collection, localId, withDerivedStatus(record, entries));
    return builder.build();
  }

  /** Clears the in-flight mark without any other change (the send was abandoned). */
  releaseInFlight(mutationId: string): void {
    void this.core.committer.commit({ records: [], entries: [], releaseInFlight: [mutationId] });
  }

  /** The send failed transiently: keep the entry, record the error, and wait until `nextAttemptAt`. */
  async scheduleRetry(
    mutationId: string,
    error: SyncErrorInfo,
    nextAttemptAt: number | null,
    retryAfterMs?: number,
  ): Promise<void> {
    const entry = this.require(mutationId, 'scheduleRetry', true);
    return this.updateEntry(entry, {
      lastError: error,
      nextAttemptAt,
      retryAfterMs: nextAttemptAt === null ? undefined : retryAfterMs,
      status: 'pending',
    });
  }

  /** The server refused the change for good: the entry and its record become `failed`. */
  async fail(mutationId: string, error: SyncErrorInfo): Promise<void> {
    const entry = this.require(mutationId, 'fail', true);
    return this.updateEntry(entry, { lastError: error, status: 'failed' });
  }

  /** The change conflicts with the server: it waits, and its record shows `conflict`. */
  async markConflict(mutationId: string, error: SyncErrorInfo): Promise<void> {
    const entry = this.require(mutationId, 'markConflict', true);
    return this.updateEntry(entry, { lastError: error, status: 'conflict' });
  }

  /**
   * The server applied the change. Atomically removes the entry, updates the record to the
   * server's version `row` (required for creates: it carries the server id) with queued
   * changes re-applied, and updates the id map. A delete removes the record.
   */
  async ack(mutationId: string, row?: ServerRow): Promise<void> {
    const entry = this.core.state.getEntry(mutationId);
    if (!entry) return;
    const change = planAck(this.core.state, entry, row, this.core.time.heardAt());
    return this.core.committer.commit({ ...change, releaseInFlight: [mutationId] });
  }

  private updateEntry(entry: OutboxEntry, fields: Partial<OutboxEntry>): Promise<void> {
    const { state } = this.core;
    const next: OutboxEntry = { ...entry, ...fields };
    const builder = new ChangeBuilder(state);
    const entries = state
      .entriesOf(entry.collection, entry.localId)
      .map((e) => (e.mutationId === entry.mutationId ? next : e));
    builder.setEntries(entry.collection, entry.localId, entries);
    const record = state.getRecord(entry.collection, entry.localId);
    if (record)
      builder.putRecord(entry.collection, entry.localId, withDerivedStatus(record, entries));
    return this.core.committer.commit({ ...builder.build(), releaseInFlight: [entry.mutationId] });
  }

  private require(mutationId: string, operation: string, allowInFlight = false): OutboxEntry {
    const entry = this.core.state.getEntry(mutationId);
    if (!entry) throw new SdkError(`outbox.${operation}: no pending change ${mutationId}`);
    if (!allowInFlight && this.core.state.inFlight.has(mutationId)) {
      throw new SdkError(`outbox.${operation}: ${mutationId} is being sent; wait for the result`);
    }
    return entry;
  }
}
