/**
 * The Pusher drains the outbox:
 *
 * - per record FIFO: only the oldest entry of a record is sent, and the next one only after the
 *   server acknowledged it;
 * - a record's create is acknowledged before any entry that references it is sent (a visual
 *   profile of a hero created offline, a story naming a custom event created offline); local
 *   ids are rewritten to server ids at send time, and the store records the mapping with the
 *   acknowledgement, atomically;
 * - independent records are sent concurrently, `pushConcurrency` at a time (p-queue);
 * - each failure goes to its class (`sync-failure.ts`): transient → backoff with jitter
 *   (`nextAttemptAt`, picked up by the engine's retry timer), 401 → the round stops and the
 *   engine pauses, 429 → that operation kind waits until `resetAt`, 400/403/422 → `failed` +
 *   `mutation:failed` (other records go on), 404 on update → remote-delete rules, 404 on
 *   delete → success;
 * - a create whose outcome is unknown is reconciled (`lost-ack.ts`) before it is sent again;
 * - an update of a field the user arbitrates (story text) first checks the server's version,
 *   so a concurrent edit on another device becomes a conflict instead of being overwritten.
 */
import PQueue from 'p-queue';
import { isStorageError, OfflineError } from '../errors/index.js';
import { fingerprintOf } from '../model/fingerprint.js';
import type { OutboxEntry } from '../model/types.js';
import { throwIfAborted } from '../platform/compat/throw-if-aborted.js';
import type { ServerRow } from '../store/id-map.js';
import { laterUnwritten } from './create-leftovers.js';
import { findLostCreate } from './lost-ack.js';
import { monitorOnline } from './online-gate.js';
import { arbitrated, checkServerVersion } from './preflight.js';
import { decideFailure, failureInfo } from './push-failure.js';
import { nextDueAt, readyEntries, recordKey, type SkipBackoff } from './push-readiness.js';
import {
  createLeftovers,
  resolveTarget,
  type SendResult,
  type SendTarget,
  sendEntry,
} from './push-requests.js';
import { applyRemoteRows, changedRecord, mergeRemoteRow } from './remote-changes.js';
import { releasesAtOnce, settleFailure } from './settle-failure.js';
import { operationKind, recordsChanged, type SyncContext, serverOffsetMs } from './sync-context.js';
import {
  classifyFailure,
  createOutcomeUnknown,
  failureKind,
  toSyncErrorInfo,
} from './sync-failure.js';
import { UnsavedAcks } from './unsaved-acks.js';

/** Options of one push round. */
export interface PushRunOptions {
  readonly signal: AbortSignal;
  /**
   * Which entries waiting on a backoff are due at once: `offline` — those that failed because
   * the device was offline (connectivity just came back); `all` — every transient failure (the
   * app asked for a sync now). A 429 pause is always honoured.
   */
  readonly skipBackoff?: 'none' | 'offline' | 'all' | undefined;
}

interface Run {
  readonly signal: AbortSignal;
  /** The error that stopped the round (auth, offline, storage), if any. */
  stopped: unknown;
  /** How often each entry was picked up in this round. */
  readonly picks: Map<string, number>;
}

const MAX_PICKS_PER_ROUND = 4;

/** Sends the outbox. One per engine; rounds never overlap (the engine runs one sync at a time). */
export class Pusher {
  readonly #context: SyncContext;
  #lostAckLock: Promise<unknown> = Promise.resolve();
  /** Answers the server gave that storage failed to save (see `unsaved-acks.ts`). */
  readonly #unsaved = new UnsavedAcks();

  constructor(context: SyncContext) {
    this.#context = context;
  }

  /** Entries that can be sent now (see {@link readyEntries}). */
  readyEntries(now: number, skipBackoff: SkipBackoff = 'none'): OutboxEntry[] {
    return readyEntries(this.#context, now, skipBackoff);
  }

  /** When the next waiting entry becomes due (see {@link nextDueAt}). */
  nextDueAt(now: number): number | null {
    return nextDueAt(this.#context, now);
  }

  /**
   * Saves the acknowledgements a storage failure kept from being saved (call before a pull, so
   * the server's copy of a create folds into its record). Throws when storage fails again.
   */
  saveUnsavedAcks(): Promise<void> {
    return this.#unsaved.saveAll(this.#context, (entry, result) =>
      this.#acknowledge(entry, result),
    );
  }

  /** Sends everything that can be sent. Throws the error that stopped the round, if any. */
  async push(options: PushRunOptions): Promise<void> {
    const { signal } = options;
    await this.saveUnsavedAcks();
    const { pushConcurrency } = this.#context.options;
    const queue = new PQueue({ concurrency: pushConcurrency });
    const run: Run = { signal, stopped: undefined, picks: new Map() };
    const busy = new Set<string>();
    let completed = 0;
    let wake: (() => void) | null = null;
    const onDone = (): void => {
      completed++;
      wake?.();
    };
    let skipBackoff = options.skipBackoff ?? 'none';
    for (;;) {
      if (!signal.aborted && run.stopped === undefined) {
        for (const entry of this.readyEntries(this.#context.options.now(), skipBackoff)) {
          const key = recordKey(entry);
          // A safety net: an entry picked up again and again in one round waits for the next.
          const picks = run.picks.get(entry.mutationId) ?? 0;
          if (busy.has(key) || picks >= MAX_PICKS_PER_ROUND) continue;
          run.picks.set(entry.mutationId, picks + 1);
          busy.add(key);
          void queue
            .add(() => this.#process(entry, run))
            .catch((error: unknown) => this.#unexpected(error, run))
            .finally(() => {
              busy.delete(key);
              onDone();
            });
        }
      }
      skipBackoff = 'none';
      if (busy.size === 0) break;
      // Rescan only when the backlog runs low: a long queue needs no new work yet.
      do {
        const seen = completed;
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (completed !== seen) resolve();
        });
        wake = null;
      } while (queue.size >= pushConcurrency && busy.size > 0);
    }
    await queue.onIdle();
    if (run.stopped !== undefined) throw run.stopped;
    throwIfAborted(signal);
  }

  async #process(initial: OutboxEntry, run: Run): Promise<void> {
    const { store } = this.#context;
    const entry = this.#pendingEntry(initial.mutationId);
    if (!entry || this.#unsaved.has(entry.mutationId)) return;
    if (store.entriesOf(entry.collection, entry.localId)[0]?.mutationId !== entry.mutationId)
      return;
    if (run.signal.aborted || run.stopped !== undefined || this.#wentOffline(run)) return;
    const pausedUntil = this.#context.rateLimits.get(operationKind(entry));
    if (pausedUntil !== undefined && pausedUntil > this.#context.deadlines.now()) return;
    let resolution = resolveTarget(store, entry);
    if (!resolution.ready) return;
    if (
      createOutcomeUnknown(entry) &&
      (await this.#reconcileLostCreate(entry, resolution.target, run))
    ) {
      return;
    }
    if (entry.op === 'update' && arbitrated(this.#context, entry)) {
      try {
        if ((await checkServerVersion(this.#context, resolution.target, run.signal)) === 'merged') {
          return;
        }
      } catch (error) {
        await this.#failed(entry, resolution.target, error, run, false);
        return;
      }
      const current = this.#pendingEntry(entry.mutationId);
      if (!current) return;
      resolution = resolveTarget(store, current);
      if (!resolution.ready) return;
    }
    await this.#send(entry, resolution.target, run);
  }

  /**
   * A create whose outcome is unknown: adopts the server copy when the search finds it, or drops
   * the create when the user deleted the record since. True when the entry is settled.
   */
  async #reconcileLostCreate(entry: OutboxEntry, target: SendTarget, run: Run): Promise<boolean> {
    const { store } = this.#context;
    let found: ServerRow | null;
    try {
      found = await this.#exclusive(() => findLostCreate(this.#context, target, run.signal));
    } catch (error) {
      await this.#failed(entry, target, error, run, false);
      return true;
    }
    if (found) {
      this.#context.options.logger.info('sync: adopted the server copy of a lost create', {
        collection: entry.collection,
        localId: entry.localId,
        serverId: found.id,
      });
      await this.#acknowledge(entry, { row: found });
      return true;
    }
    const queued = store.entriesOf(entry.collection, entry.localId);
    if (queued[queued.length - 1]?.op !== 'delete') return false;
    // It never reached the server and the user deleted it since: nothing to send.
    await store.outbox.discard(entry.mutationId);
    return true;
  }

  /** Marks the entry in flight and sends it; acknowledges or handles the failure. */
  async #send(entry: OutboxEntry, resolved: SendTarget, run: Run): Promise<void> {
    const { store, options, api } = this.#context;
    // Saved with the attempt, before the request leaves, on the server clock.
    const serverNow = options.now() + serverOffsetMs(this.#context);
    // Gone or changed since it was picked (discarded, coalesced away by another client): skip.
    if (
      !store.outbox.pushAllowed() ||
      this.#wentOffline(run) ||
      !this.#pendingEntry(entry.mutationId)
    )
      return;
    const sending = await store.outbox.markInFlight(entry.mutationId, serverNow);
    // Gone (another client sent it meanwhile), or another client holds the push lock now.
    if (!store.outbox.get(sending.mutationId) || !(await store.outbox.confirmPush())) {
      store.outbox.releaseInFlight(sending.mutationId);
      return;
    }
    const target: SendTarget = { ...resolved, entry: sending };
    let result: SendResult;
    try {
      result = await sendEntry(api, target, {
        signal: run.signal,
        idempotencyKey:
          options.idempotencyKeys && sending.op === 'create' ? sending.mutationId : undefined,
      });
    } catch (error) {
      await this.#failed(sending, target, error, run, true);
      return;
    }
    await this.#acknowledge(sending, result);
  }

  /**
   * True (and the round stops with `OfflineError`) when connectivity says the device went
   * offline: the entry is left untouched rather than sent into a dead network.
   */
  #wentOffline(run: Run): boolean {
    if (monitorOnline(this.#context)) return false;
    run.stopped ??= new OfflineError('sync.push');
    return true;
  }

  /** The entry, if it is still pending and not in flight. */
  #pendingEntry(mutationId: string): OutboxEntry | undefined {
    const { outbox } = this.#context.store;
    const entry = outbox.get(mutationId);
    return entry?.status === 'pending' && !outbox.isInFlight(mutationId) ? entry : undefined;
  }

  async #acknowledge(entry: OutboxEntry, result: SendResult): Promise<void> {
    const context = this.#context;
    try {
      await this.#queueLeftovers(entry, result);
      await context.store.outbox.ack(entry.mutationId, result.row);
    } catch (error) {
      // The server has the change; only saving its answer failed. Never leave it in flight.
      this.#unsaved.remember(entry.mutationId, result);
      context.store.outbox.releaseInFlight(entry.mutationId);
      throw error;
    }
    this.#unsaved.forget(entry.mutationId);
    context.tally.pushed++;
    recordsChanged(context, entry.collection, [entry.localId], 'push');
    for (const related of result.related ?? []) {
      await applyRemoteRows(context, related.collection, related.rows);
    }
  }

  /**
   * What the create route could not set goes right behind it, before the acknowledgement
   * replaces the record's data with the server's row (so it is never lost in between). A storage
   * failure propagates: the acknowledgement is then saved again, with its leftovers, next round.
   */
  async #queueLeftovers(entry: OutboxEntry, result: SendResult): Promise<void> {
    const context = this.#context;
    if (entry.op !== 'create' || !result.row || !entry.patch) return;
    const { patch } = context.store.toServerPatch(entry.collection, entry.patch);
    const leftovers = laterUnwritten(
      context,
      entry,
      createLeftovers(entry.collection, patch, result.row),
    );
    if (!leftovers) return;
    await context.store
      .update(entry.collection, entry.localId, leftovers)
      .catch((error: unknown) => {
        // Hidden (being deleted) or gone: nothing to keep. A failing storage is not that.
        if (isStorageError(error)) throw error;
      });
  }

  async #failed(
    entry: OutboxEntry,
    target: SendTarget,
    error: unknown,
    run: Run,
    sent: boolean,
  ): Promise<void> {
    const { options } = this.#context;
    const failure = classifyFailure(error);
    const now = options.now();
    const info = failureInfo(entry, toSyncErrorInfo(error, failureKind(failure), now), sent);
    const decision = decideFailure({
      failure,
      entry,
      serverOffsetMs: serverOffsetMs(this.#context),
      retry: options.retry,
      random: options.random,
    });
    if (sent && releasesAtOnce(decision)) {
      this.#context.store.outbox.releaseInFlight(entry.mutationId);
    }
    try {
      await settleFailure(
        this.#context,
        decision,
        { entry, target, error, run, info, now },
        {
          acknowledge: (settled, result) => this.#acknowledge(settled, result),
          adoptProfile: (settled, to) => this.#adoptProfile(settled, to, run),
        },
      );
    } catch (settling) {
      // Storage failed while the failure was saved: never leave the entry in flight (it would
      // wait for a restart); it goes again, as an attempt of unknown outcome, next round.
      this.#context.store.outbox.releaseInFlight(entry.mutationId);
      throw settling;
    }
  }

  /**
   * A visual profile create answered 409: the hero has one already — ours, created by an
   * attempt whose answer was lost (same content: adopt it), or another device's (merge).
   */
  async #adoptProfile(entry: OutboxEntry, target: SendTarget, run: Run): Promise<void> {
    const { api } = this.#context;
    let row: ServerRow;
    try {
      row = await api.heroes.visualProfile.get(target.heroServerId ?? '', { signal: run.signal });
    } catch (error) {
      await this.#failed(entry, target, error, run, false);
      return;
    }
    if (fingerprintOf('visualProfiles', target.patch) === fingerprintOf('visualProfiles', row)) {
      await this.#acknowledge(entry, { row });
      return;
    }
    const outcome = await mergeRemoteRow(this.#context, 'visualProfiles', entry.localId, row, {
      adopt: true,
    });
    if (changedRecord(outcome)) this.#context.tally.pulled++;
  }

  /** Lost-ack searches run one at a time, so two creates never adopt the same row. */
  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#lostAckLock.then(task, task);
    this.#lostAckLock = result.catch(() => undefined);
    return result;
  }

  #unexpected(error: unknown, run: Run): void {
    const failure = classifyFailure(error);
    if (failure.type === 'aborted') return;
    const { logger } = this.#context.options;
    // Storage refusing a write (a full disk) is the device's condition, not a defect: the round
    // stops and the next one picks up (an unsaved acknowledgement included).
    if (isStorageError(error))
      logger.warn('sync: storage failed; the round stops', { error: String(error) });
    else logger.error('sync: push step failed', { error: String(error) });
    run.stopped ??= error;
  }
}
