/**
 * The SyncEngine: pulls server changes, pushes the outbox, reconciles remote deletes and keeps
 * conflicts, for one user's LocalStore.
 *
 * One round = (reconcile if due) pull → push. Pull comes first so a newer server version is
 * merged (and a both-sides edit becomes a conflict) before the local change is sent over it.
 * Rounds never overlap: `syncNow()` during a round queues one shared follow-up round.
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
 * engine.start();
 * const { pushed, pulled, conflicts, failed } = await engine.syncNow();
 * await engine.close();
 * ```
 */
import { EventEmitter } from 'eventemitter3';
import { computeBackoffDelay } from '../api/backoff.js';
import type { ConflictChoice } from '../conflict/conflict.js';
import { AbortError, OfflineError } from '../errors/index.js';
import type { SyncErrorInfo } from '../model/types.js';
import type { PendingMutation } from '../store/outbox.js';
import type { AuthRecheck } from './auth-recheck.js';
import type { ConflictQueue } from './conflict-queue.js';
import { createEngineParts } from './engine-parts.js';
import type { Puller } from './puller.js';
import type { Pusher } from './pusher.js';
import { Reachability } from './reachability.js';
import type { ReconcileSchedule } from './reconciler.js';
import { RoundRunner } from './round-runner.js';
import { RoundScheduler } from './round-scheduler.js';
import type { SyncContext } from './sync-context.js';
import type { ConflictsApi, SyncEngine } from './sync-engine-api.js';

export type { ConflictsApi, SyncEngine } from './sync-engine-api.js';

import { beforeRound } from './round-preflight.js';
import {
  listen,
  RoundTally,
  type SyncEvents,
  type SyncSnapshot,
  type SyncSummary,
} from './sync-events.js';
import { classifyFailure, failureKind, toSyncErrorInfo } from './sync-failure.js';
import {
  type ResolvedSyncOptions,
  resolveSyncOptions,
  type SyncEngineOptions,
} from './sync-options.js';
import {
  type EngineAction,
  type EngineState,
  initialEngineState,
  reduceEngine,
} from './sync-phase.js';
import { runRound } from './sync-round.js';
import { StatusPublisher, snapshotOf } from './sync-status.js';

/** Creates a sync engine over `options.store` and `options.api`. */
export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  return new Engine(resolveSyncOptions(options));
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
  #state: EngineState = initialEngineState;
  readonly #rounds: RoundRunner;
  #closed: Promise<void> | null = null;
  readonly #authRecheck: AuthRecheck;
  readonly #resolutions: ConflictQueue;

  constructor(options: ResolvedSyncOptions) {
    this.#options = options;
    const { store, api, timers, now } = options;
    const parts = createEngineParts(options, this.#emitter);
    this.#context = parts.context;
    this.#pusher = parts.pusher;
    this.#puller = parts.puller;
    this.#schedule = parts.schedule;
    this.#authRecheck = parts.authRecheck;
    this.#resolutions = parts.resolutions;
    this.#rounds = new RoundRunner({
      round: (signal, explicit) => this.#round(signal, explicit),
      after: () => this.#afterRound(),
      closer: this.#closer.signal,
    });
    this.#scheduler = new RoundScheduler({
      timers,
      now,
      canSchedule: () => this.#canRun() && this.#reach.isOnline(),
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
    if (this.#closed || this.#state.started) return;
    this.#dispatch({ type: 'started' });
    this.#armPeriodic();
    this.#scheduler.request(0);
  }

  stop(): void {
    this.#dispatch({ type: 'stopped' });
    this.#scheduler.clear();
  }

  syncNow(options: { readonly signal?: AbortSignal | undefined } = {}): Promise<SyncSummary> {
    if (this.#closed) return Promise.reject(new AbortError('sync.syncNow'));
    if (!this.#options.connectivity.isOnline()) {
      return Promise.reject(new OfflineError('sync.syncNow'));
    }
    return this.#rounds.request('sync.syncNow', options.signal);
  }

  getSnapshot(): SyncSnapshot {
    return this.#status.getSnapshot();
  }

  subscribe(listener: (snapshot: SyncSnapshot) => void): () => void {
    return this.#status.subscribe(listener);
  }

  on<E extends keyof SyncEvents>(event: E, listener: SyncEvents[E]): () => void {
    return listen(this.#emitter, event, listener);
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
    this.#dispatch({ type: 'auth-restored' });
    this.#scheduler.request(0);
  }

  setForeground(foreground: boolean): void {
    if (this.#state.foreground === foreground) return;
    this.#dispatch({ type: 'foreground', foreground });
    if (this.#state.started) this.#armPeriodic();
    if (foreground) this.#scheduler.request(0);
  }

  whenIdle(): Promise<void> {
    return this.#rounds.whenIdle();
  }

  pause(): Promise<() => void> {
    return this.#rounds.hold(() => this.#scheduler.request(0));
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.stop();
      this.#authRecheck.clear();
      this.#reach.close();
      for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
      this.#closer.abort(new AbortError('sync (the engine was closed)'));
      await this.whenIdle();
      await this.#resolutions.settled();
      this.#status.clear();
      this.#emitter.removeAllListeners();
    })();
    return this.#closed;
  }

  // ── Rounds ──────────────────────────────────────────────────────────────────────────

  async #round(signal: AbortSignal, explicit: boolean): Promise<SyncSummary> {
    const { now } = this.#options;
    await this.#resolutions.settled();
    const tally = new RoundTally();
    this.#context.tally = tally;
    const retryOffline = this.#state.retryOffline;
    this.#scheduler.roundStarted();
    this.#dispatch({ type: 'round-started' });
    try {
      await beforeRound(this.#options.auth, this.#pusher);
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
      this.#pauseForAuth(info, true);
      this.#recheckAuth();
    } else {
      if (failure.type === 'transient' && failure.unreachable) this.#reach.markUnreachable();
      this.#dispatch({ type: 'failed', error: info });
    }
    this.#options.logger.warn('sync: round failed', { kind, error: info.message });
    this.#emitter.emit('sync:failed', { kind, error });
  }

  #afterRound(): void {
    this.#status.refresh();
    if (!this.#canRun()) return;
    this.#armPeriodic();
    const now = this.#options.now();
    const { failures, dirty } = this.#state;
    if (failures > 0 && this.#reach.isOnline()) {
      const wait = computeBackoffDelay(failures - 1, this.#options.retry, this.#options.random);
      this.#scheduler.retryIn(wait);
    }
    const due = this.#pusher.nextDueAt(now);
    if (due !== null) this.#scheduler.retryIn(due - now);
    if (dirty && this.#pusher.readyEntries(now).length > 0) {
      this.#scheduler.request(this.#options.debounceMs);
    }
  }

  #background(): void {
    if (!this.#canRun()) return;
    if (this.#rounds.running) {
      this.#dispatch({ type: 'dirtied' });
      return;
    }
    if (!this.#reach.isOnline()) return;
    this.#rounds.start().catch(() => undefined);
  }

  #armPeriodic(): void {
    const poll = this.#options.foregroundPollMs;
    this.#scheduler.every(
      this.#state.foreground && poll !== null ? poll : this.#options.intervalMs,
    );
  }

  // ── Events from the sources ─────────────────────────────────────────────────────────

  #onOutboxChange(): void {
    this.#status.refresh();
    if (!this.#state.started || this.#closed || this.#rounds.held) return;
    if (this.#rounds.running) {
      this.#dispatch({ type: 'dirtied' });
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
      this.#dispatch({ type: 'reachable' });
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
    const { retry, random } = this.#options;
    const wait = computeBackoffDelay(this.#state.failures - 1, retry, random);
    this.#authRecheck.schedule(wait, () => {
      if (this.#authPaused && auth.isSignedIn()) this.resume();
    });
  }

  #pauseForAuth(info: SyncErrorInfo | null, countsAsFailure = false): void {
    this.#scheduler.cancelRequests();
    const signedOut = new Error('sync is paused: no user is signed in');
    const error = info ?? toSyncErrorInfo(signedOut, 'auth', this.#options.now());
    this.#dispatch({ type: 'auth-lost', error, countsAsFailure });
  }

  /** True while the phase is `paused` (a 401, or no user signed in). */
  get #authPaused(): boolean {
    return this.#state.phase.phase === 'paused';
  }

  /** Rounds may run: started, not closed, not paused for auth or by {@link pause}. */
  #canRun(): boolean {
    return this.#state.started && !this.#closed && !this.#authPaused && !this.#rounds.held;
  }

  // ── Conflicts ───────────────────────────────────────────────────────────────────────

  #resolve(id: string, choice: ConflictChoice): Promise<void> {
    if (this.#closed) return Promise.reject(new AbortError('conflicts.resolve'));
    return this.#resolutions.resolve(id, choice, this.#rounds.running);
  }

  #dispatch(action: EngineAction): void {
    const next = reduceEngine(this.#state, action);
    if (next === this.#state) return;
    const phaseChanged = next.phase !== this.#state.phase;
    this.#state = next;
    if (phaseChanged) this.#status.refresh();
  }

  #computeStatus(): SyncSnapshot {
    return snapshotOf({
      phase: this.#state.phase,
      online: this.#reach.isOnline(),
      outbox: this.#options.store.outbox.counts(),
      conflictCount: this.#context.registry.getSnapshot().length,
      rejectedRemote: this.#context.pulls.rejectedCount(),
    });
  }
}
