/**
 * The SyncEngine: pulls server changes, pushes the outbox, reconciles remote deletes and keeps
 * conflicts, for one user's LocalStore (DESIGN.md §4–§6, §11).
 *
 * One round = (reconcile if due) pull → push. Pull comes first so a newer server version is
 * merged (and a both-sides edit becomes a conflict) before the local change is sent over it.
 * Rounds never overlap: `syncNow()` during a round queues one follow-up round that every such
 * caller shares.
 *
 * Rounds are scheduled (after `start()`) on start, after local writes (debounced), when
 * connectivity returns, when a waiting change becomes due (backoff, 429 pause), on an interval,
 * and, in the foreground, on the optional poll. A 401 pauses the engine until the user signs
 * in again (`auth` seam) or `resume()`; a network error flips it offline until a probe of
 * `/api/v1/ping` (or the connectivity monitor) says the server is back. Phases: `sync-phase.ts`.
 *
 * @example
 * ```ts
 * const engine = createSyncEngine({ store, api, connectivity, auth, conflicts: { heroes: 'lww' } });
 * engine.subscribe((status) => render(status));
 * engine.on('conflict', (conflict) => showDialog(conflict));
 * engine.start();
 * const { pushed, pulled, conflicts, failed } = await engine.syncNow();
 * await engine.conflicts.resolve(conflictId, 'keep-local');
 * await engine.close();
 * ```
 */
import { EventEmitter } from 'eventemitter3';
import { computeBackoffDelay } from '../client/backoff.js';
import type { ConflictChoice } from '../conflict/conflict.js';
import { AbortError, OfflineError } from '../errors.js';
import type { PendingMutation } from '../store/outbox.js';
import type { SyncErrorInfo } from '../store/types.js';
import { resolveOpenConflict } from './conflict-actions.js';
import { ConflictRegistry } from './conflict-registry.js';
import { Puller } from './puller.js';
import { Pusher } from './pusher.js';
import { Reachability } from './reachability.js';
import { ReconcileSchedule } from './reconciler.js';
import { RoundScheduler } from './round-scheduler.js';
import type { SyncContext } from './sync-context.js';
import type { ConflictsApi, SyncEngine } from './sync-engine-api.js';

export type { ConflictsApi, SyncEngine } from './sync-engine-api.js';

import { anySignal } from '../platform/compat/any-signal.js';
import { RoundTally, type SyncEvents, type SyncSnapshot, type SyncSummary } from './sync-events.js';
import { classifyFailure, failureKind, toSyncErrorInfo } from './sync-failure.js';
import {
  type ResolvedSyncOptions,
  resolveSyncOptions,
  type SyncEngineOptions,
} from './sync-options.js';
import { initialPhaseState, type PhaseAction, type PhaseState, reducePhase } from './sync-phase.js';
import { runRound } from './sync-round.js';
import { StatusPublisher, snapshotOf } from './sync-status.js';
import { raceAbort } from './timers.js';

/** Creates a sync engine over `options.store` and `options.api`. */
export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  return new Engine(resolveSyncOptions(options));
}

interface Round {
  readonly promise: Promise<SyncSummary>;
  readonly controller: AbortController;
}

class Engine implements SyncEngine {
  readonly conflicts: ConflictsApi;
  readonly #options: ResolvedSyncOptions;
  readonly #emitter = new EventEmitter<SyncEvents>();
  readonly #context: SyncContext;
  readonly #pusher: Pusher;
  readonly #puller: Puller;
  readonly #schedule: ReconcileSchedule;
  readonly #reach: Reachability;
  readonly #status: StatusPublisher;
  readonly #scheduler: RoundScheduler;
  readonly #closer = new AbortController();
  readonly #unsubscribe: Array<() => void> = [];
  #phase: PhaseState = initialPhaseState;
  #current: Round | null = null;
  #followUp: Promise<SyncSummary> | null = null;
  #resolving: Promise<unknown> = Promise.resolve();
  #started = false;
  #closed: Promise<void> | null = null;
  #authPaused = false;
  #dirty = false;
  #retryOffline = false;
  #foreground = true;
  #failures = 0;
  readonly #authTimers = new Set<unknown>();

  constructor(options: ResolvedSyncOptions) {
    this.#options = options;
    const { store, api, timers, now } = options;
    this.#context = {
      options,
      store,
      api,
      registry: new ConflictRegistry(store),
      emitter: this.#emitter,
      rateLimits: new Map(),
      tally: new RoundTally(),
    };
    this.#pusher = new Pusher(this.#context);
    this.#puller = new Puller(this.#context);
    this.#schedule = new ReconcileSchedule(this.#context);
    this.#scheduler = new RoundScheduler({
      timers,
      now,
      canSchedule: () =>
        this.#started && !this.#closed && !this.#authPaused && this.#reach.isOnline(),
      fire: () => this.#background(),
    });
    this.#reach = new Reachability({
      monitor: options.connectivity,
      probe: (signal) => api.ping({ signal }),
      timers,
      now,
      random: options.random,
      policy: options.probe,
      onChange: (online) => this.#onReachability(online),
    });
    this.#status = new StatusPublisher(
      () => this.#computeStatus(),
      (snapshot) => this.#emitter.emit('status', snapshot),
    );
    const registry = this.#context.registry;
    this.conflicts = {
      list: registry.getSnapshot,
      getSnapshot: registry.getSnapshot,
      subscribe: registry.subscribe,
      resolve: (id, choice) => this.#resolve(id, choice),
    };
    this.#unsubscribe.push(store.outbox.subscribe(() => this.#onOutboxChange()));
    this.#unsubscribe.push(registry.subscribe(() => this.#status.refresh()));
    const auth = options.auth;
    if (auth) {
      this.#unsubscribe.push(auth.subscribe(() => this.#onAuthChange()));
      if (!auth.isSignedIn()) this.#pauseForAuth(null);
    }
    this.#reach.start();
    if (options.autoStart) this.start();
  }

  // ── Public API ──────────────────────────────────────────────────────────────────────

  start(): void {
    if (this.#closed || this.#started) return;
    this.#started = true;
    this.#armPeriodic();
    this.#scheduler.request(0);
  }

  stop(): void {
    this.#started = false;
    this.#scheduler.clear();
  }

  syncNow(options: { readonly signal?: AbortSignal | undefined } = {}): Promise<SyncSummary> {
    if (this.#closed) return Promise.reject(new AbortError('sync.syncNow'));
    if (!this.#options.connectivity.isOnline()) {
      return Promise.reject(new OfflineError('sync.syncNow'));
    }
    const { signal } = options;
    if (this.#current) {
      this.#followUp ??= this.#current.promise
        .catch(() => undefined)
        .then(() => {
          this.#followUp = null;
          return this.#startRound(true);
        });
      return raceAbort(this.#followUp, signal, 'sync.syncNow');
    }
    const promise = this.#startRound(true);
    const round = this.#current as Round | null;
    if (signal && round) {
      // Abort the round with the caller's signal; forget the listener once the round settles,
      // so a long-lived signal does not collect one listener per call.
      const abort = (): void => round.controller.abort(signal.reason);
      signal.addEventListener('abort', abort, { once: true });
      const forget = (): void => signal.removeEventListener('abort', abort);
      promise.then(forget, forget);
    }
    return raceAbort(promise, signal, 'sync.syncNow');
  }

  getSnapshot(): SyncSnapshot {
    return this.#status.getSnapshot();
  }

  subscribe(listener: (snapshot: SyncSnapshot) => void): () => void {
    return this.#status.subscribe(listener);
  }

  on<E extends keyof SyncEvents>(event: E, listener: SyncEvents[E]): () => void {
    const emitter = this.#emitter as unknown as EventEmitter<string>;
    const fn = listener as (...args: unknown[]) => void;
    emitter.on(event, fn);
    return () => {
      emitter.off(event, fn);
    };
  }

  pending(): readonly PendingMutation[] {
    return this.#options.store.outbox.pending();
  }

  retry(mutationId: string): Promise<void> {
    return this.#options.store.outbox.retry(mutationId);
  }

  async discard(mutationId: string): Promise<void> {
    await this.#options.store.outbox.discard(mutationId);
    await this.#context.registry.prune();
  }

  resume(): void {
    if (this.#closed || !this.#authPaused) return;
    this.#authPaused = false;
    this.#dispatch({ type: 'auth-restored' });
    this.#scheduler.request(0);
  }

  setForeground(foreground: boolean): void {
    if (this.#foreground === foreground) return;
    this.#foreground = foreground;
    if (this.#started) this.#armPeriodic();
    if (foreground) this.#scheduler.request(0);
  }

  async whenIdle(): Promise<void> {
    while (this.#current || this.#followUp) {
      await (this.#followUp ?? this.#current?.promise)?.catch(() => undefined);
    }
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.stop();
      for (const handle of this.#authTimers) this.#options.timers.clearTimeout(handle);
      this.#authTimers.clear();
      this.#reach.close();
      for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
      this.#closer.abort(new AbortError('sync (the engine was closed)'));
      await this.whenIdle();
      await this.#resolving.catch(() => undefined);
      this.#status.clear();
      this.#emitter.removeAllListeners();
    })();
    return this.#closed;
  }

  // ── Rounds ──────────────────────────────────────────────────────────────────────────

  /** Starts a round; `explicit` (the app called `syncNow()`) also retries backed-off changes. */
  #startRound(explicit = false): Promise<SyncSummary> {
    if (this.#closed) return Promise.reject(new AbortError('sync.syncNow'));
    const controller = new AbortController();
    const signal = anySignal([controller.signal, this.#closer.signal]);
    const token: { promise?: Promise<SyncSummary> } = {};
    const promise = this.#round(signal, explicit).finally(() => {
      if (this.#current?.promise === token.promise) this.#current = null;
      this.#afterRound();
    });
    token.promise = promise;
    this.#current = { promise, controller };
    return promise;
  }

  async #round(signal: AbortSignal, explicit: boolean): Promise<SyncSummary> {
    const { now } = this.#options;
    await this.#resolving.catch(() => undefined);
    const tally = new RoundTally();
    this.#context.tally = tally;
    this.#dirty = false;
    const retryOffline = this.#retryOffline;
    this.#retryOffline = false;
    this.#scheduler.roundStarted();
    this.#dispatch({ type: 'round-started' });
    try {
      await runRound(
        {
          context: this.#context,
          puller: this.#puller,
          pusher: this.#pusher,
          schedule: this.#schedule,
          onPushing: () => {
            this.#reach.markReachable();
            this.#dispatch({ type: 'step', step: 'pushing' });
          },
        },
        { signal, skipBackoff: explicit ? 'all' : retryOffline ? 'offline' : 'none' },
      );
    } catch (error) {
      const failure = signal.aborted ? new AbortError('sync round', { cause: error }) : error;
      this.#roundFailed(failure);
      throw failure;
    }
    this.#failures = 0;
    if (this.#authPaused) this.#authPaused = false;
    this.#dispatch({ type: 'succeeded', at: now() });
    const summary = tally.summary();
    this.#emitter.emit('sync:completed', summary);
    this.#options.logger.debug('sync: round completed', { ...summary });
    return summary;
  }

  #roundFailed(error: unknown): void {
    const failure = classifyFailure(error);
    if (failure.type === 'aborted') {
      this.#dispatch({ type: 'aborted' });
      return;
    }
    const kind = failureKind(failure);
    const info = toSyncErrorInfo(error, kind, this.#options.now());
    if (failure.type === 'auth') {
      this.#pauseForAuth(info);
      this.#failures++;
      this.#recheckAuth();
    } else {
      if (failure.type === 'transient' && failure.unreachable) this.#reach.markUnreachable();
      this.#failures++;
      this.#dispatch({ type: 'failed', error: info });
    }
    this.#options.logger.warn('sync: round failed', { kind, error: info.message });
    this.#emitter.emit('sync:failed', { kind, error });
  }

  #afterRound(): void {
    this.#status.refresh();
    if (!this.#started || this.#closed || this.#authPaused) return;
    this.#armPeriodic();
    const now = this.#options.now();
    if (this.#failures > 0 && this.#reach.isOnline()) {
      const wait = computeBackoffDelay(
        this.#failures - 1,
        this.#options.retry,
        this.#options.random,
      );
      this.#scheduler.retryIn(wait);
    }
    const due = this.#pusher.nextDueAt(now);
    if (due !== null) this.#scheduler.retryIn(due - now);
    if (this.#dirty && this.#pusher.readyEntries(now).length > 0) {
      this.#scheduler.request(this.#options.debounceMs);
    }
  }

  #background(): void {
    if (!this.#started || this.#closed || this.#authPaused) return;
    if (this.#current) {
      this.#dirty = true;
      return;
    }
    if (!this.#reach.isOnline()) return;
    this.#startRound().catch(() => undefined);
  }

  #armPeriodic(): void {
    const poll = this.#options.foregroundPollMs;
    this.#scheduler.every(this.#foreground && poll !== null ? poll : this.#options.intervalMs);
  }

  // ── Events from the sources ─────────────────────────────────────────────────────────

  #onOutboxChange(): void {
    this.#status.refresh();
    if (!this.#started || this.#closed) return;
    if (this.#current) {
      this.#dirty = true;
      return;
    }
    if (this.#scheduler.requested) return;
    if (this.#pusher.readyEntries(this.#options.now()).length > 0) {
      this.#scheduler.request(this.#options.debounceMs);
    }
  }

  #onReachability(online: boolean): void {
    this.#status.refresh();
    if (online) {
      this.#retryOffline = true;
      this.#scheduler.request(0);
    }
  }

  #onAuthChange(): void {
    const auth = this.#options.auth;
    if (!auth) return;
    if (auth.isSignedIn()) this.resume();
    else this.#pauseForAuth(null);
  }

  /**
   * A 401 while the auth seam still says signed in (the session check has not concluded, or
   * the 401 was transient): try again later rather than stay paused for good.
   */
  #recheckAuth(): void {
    const auth = this.#options.auth;
    if (!auth?.isSignedIn()) return;
    const { retry, random, timers } = this.#options;
    const wait = computeBackoffDelay(this.#failures - 1, retry, random);
    const handle = timers.setTimeout(() => {
      this.#authTimers.delete(handle);
      if (this.#authPaused && auth.isSignedIn()) this.resume();
    }, wait);
    this.#authTimers.add(handle);
  }

  #pauseForAuth(info: SyncErrorInfo | null): void {
    this.#authPaused = true;
    this.#scheduler.cancelRequests();
    const signedOut = new Error('sync is paused: no user is signed in');
    const error = info ?? toSyncErrorInfo(signedOut, 'auth', this.#options.now());
    this.#dispatch({ type: 'auth-lost', error });
  }

  // ── Conflicts ───────────────────────────────────────────────────────────────────────

  #resolve(id: string, choice: ConflictChoice): Promise<void> {
    if (this.#closed) return Promise.reject(new AbortError('conflicts.resolve'));
    // Wait for the round running now; rounds started later wait for this resolution.
    const running = this.#current?.promise;
    const run = async (): Promise<void> => {
      await running?.catch(() => undefined);
      await resolveOpenConflict(this.#context, id, choice);
    };
    const result = this.#resolving.catch(() => undefined).then(run);
    this.#resolving = result.catch(() => undefined);
    return result;
  }

  // ── Status ──────────────────────────────────────────────────────────────────────────

  #dispatch(action: PhaseAction): void {
    const next = reducePhase(this.#phase, action);
    if (next === this.#phase) return;
    this.#phase = next;
    this.#status.refresh();
  }

  #computeStatus(): SyncSnapshot {
    return snapshotOf({
      phase: this.#phase,
      online: this.#reach.isOnline(),
      outbox: this.#options.store.outbox.counts(),
      conflictCount: this.#context.registry.getSnapshot().length,
    });
  }
}
