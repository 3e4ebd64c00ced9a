/**
 * Options of {@link createSyncEngine} (see `sync-engine.ts`), their defaults, and the resolved
 * form the engine's parts share.
 */
import type { ApiClient } from '../api/api-client.js';
import type { RetryPolicy } from '../api/backoff.js';
import {
  type ConflictOptions,
  type ResolvedConflictOptions,
  resolveConflictOptions,
} from '../conflict/strategies.js';
import { ValidationError } from '../errors/index.js';
import {
  type MonotonicClock,
  systemClock,
  systemMonotonicClock,
  systemTimers,
  type Timers,
} from '../platform/clock.js';
import { alwaysOnline, type ConnectivityMonitor } from '../platform/connectivity.js';
import type { Logger } from '../platform/logging/logger.js';
import { noopLogger } from '../platform/logging/logger.js';
import { redactingLogger } from '../platform/logging/redacting-logger.js';
import type { LocalStore } from '../store/local-store.js';

/** One-shot timers of the sync engine: the shared {@link Timers} seam. */
export type SyncTimers = Timers;

/**
 * Tells the engine whether a user is signed in. The engine pauses on a 401 and resumes when
 * this reports signed-in again. An AuthManager fits with a two-line adapter:
 *
 * @example
 * ```ts
 * const auth: AuthStatusSource = {
 *   isSignedIn: () => authManager.getSnapshot().status === 'signed-in',
 *   subscribe: (listener) => authManager.subscribe(() => listener()),
 * };
 * ```
 */
export interface AuthStatusSource {
  isSignedIn(): boolean;
  /**
   * Settles once a session restored at start has been checked with the server. Rounds wait for
   * it, so a session that died while the app was closed is never sent. @default settled
   */
  sessionChecked?(): Promise<void>;
  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

/** When the periodic id reconciliation (a full listing that detects remote deletes) runs. */
export interface ReconcileOptions {
  /** Reconcile at least every `everyPulls` pulls. @default 10 */
  readonly everyPulls?: number | undefined;
  /** …and at least every `everyMs` milliseconds. @default 600000 (10 min) */
  readonly everyMs?: number | undefined;
}

/** Options of `createSyncEngine`. Only `store` and `api` are required. */
export interface SyncEngineOptions {
  /** The signed-in user's local store. */
  readonly store: LocalStore;
  /** The API client (with the AuthManager's hook). */
  readonly api: ApiClient;
  /** Connectivity signal. @default alwaysOnline() (failures still flip the engine offline) */
  readonly connectivity?: ConnectivityMonitor | undefined;
  /** Sign-in state: the engine stays paused while signed out. @default none (resume by hand) */
  readonly auth?: AuthStatusSource | undefined;
  /** Conflict policies per collection. @default `lww`, except story `title`/`content` (`manual`) and illustrations (server wins) */
  readonly conflicts?: ConflictOptions | undefined;
  /** Receives the engine's log records (redacted). @default silent */
  readonly logger?: Logger | undefined;
  /** One-shot timers. @default the global ones */
  readonly timers?: SyncTimers | undefined;
  /** Device clock, epoch ms. @default Date.now */
  readonly now?: (() => number) | undefined;
  /** Monotonic clock for retry and 429 deadlines. @default performance.now */
  readonly monotonicClock?: MonotonicClock | undefined;
  /** Source of `[0, 1)` numbers for retry jitter. @default Math.random */
  readonly random?: (() => number) | undefined;
  /** Start background sync at once (else call `start()`). @default false */
  readonly autoStart?: boolean | undefined;
  /** Background sync interval in ms. @default 900000 (15 min) */
  readonly intervalMs?: number | undefined;
  /**
   * Sync this often (ms) while the app is in the foreground (`setForeground(true)`, the
   * default), so another device's changes show up quickly. `null` turns it off.
   * @default null
   * @example 15_000
   */
  readonly foregroundPollMs?: number | null | undefined;
  /** Delay after a local write before syncing, in ms (writes in the window share one sync). @default 1000 */
  readonly debounceMs?: number | undefined;
  /** How many independent records are pushed at once. @default 4 */
  readonly pushConcurrency?: number | undefined;
  /**
   * Pages of one listing in flight at once while pulling (the next pages are asked for while one
   * is read; they are still applied in order, once the whole listing arrived). @default 4
   */
  readonly pullConcurrency?: number | undefined;
  /**
   * Send the mutation id as `Idempotency-Key` on creates. The API client must also be created
   * with `idempotencyKeys: true` (it sends the header only then). Off by default: the real
   * backend ignores it and browsers may refuse the CORS preflight.
   * @default false
   */
  readonly idempotencyKeys?: boolean | undefined;
  /** Backoff of transient push failures. @default { baseDelayMs: 1000, maxDelayMs: 300000, jitter: true } */
  readonly retry?: Partial<Omit<RetryPolicy, 'limit'>> | undefined;
  /** Backoff of the reachability probe (`/api/v1/ping`). @default { baseDelayMs: 1000, maxDelayMs: 60000 } */
  readonly probe?: Partial<Omit<RetryPolicy, 'limit'>> | undefined;
  /** Id reconciliation schedule. */
  readonly reconcile?: ReconcileOptions | undefined;
  /**
   * Custom events have no change feed, so listing them means listing them all: a round lists
   * them at most this often (ms), besides full pulls, rounds whose pulled stories name a custom
   * event the device lacks, rounds with a custom-event edit or delete to send, and rounds where
   * their count on the server (one `limit=1` request) differs from the device's. So another
   * device's edit of one shows within this time, its delete or create at the next round.
   * `0` lists them on every round. The default matches the product's aim that another device's
   * changes show within 30 s (with `foregroundPollMs` at 30 s or less).
   * @default 30000 (30 s)
   */
  readonly customEventsEveryMs?: number | undefined;
  /**
   * How far before the pull cursor each incremental pull re-reads, in ms (the backend's
   * `updatedAfter` is strict and timestamps can be equal; re-read rows are de-duplicated).
   * @default 1
   */
  readonly cursorOverlapMs?: number | undefined;
  /**
   * Safety margin, in ms, of the window searched for the server copy of a create whose answer
   * was lost (device/server clock uncertainty).
   * @default 300000 (5 min)
   */
  readonly lostAckMarginMs?: number | undefined;
}

/** {@link SyncEngineOptions} with every default applied. */
export interface ResolvedSyncOptions {
  readonly store: LocalStore;
  readonly api: ApiClient;
  readonly connectivity: ConnectivityMonitor;
  readonly auth: AuthStatusSource | null;
  readonly conflicts: ResolvedConflictOptions;
  readonly logger: Logger;
  readonly timers: SyncTimers;
  readonly now: () => number;
  readonly monotonic: MonotonicClock;
  readonly random: () => number;
  readonly autoStart: boolean;
  readonly intervalMs: number;
  readonly foregroundPollMs: number | null;
  readonly debounceMs: number;
  readonly pushConcurrency: number;
  readonly pullConcurrency: number;
  readonly idempotencyKeys: boolean;
  readonly retry: RetryPolicy;
  readonly probe: RetryPolicy;
  readonly reconcileEveryPulls: number;
  readonly reconcileEveryMs: number;
  readonly customEventsEveryMs: number;
  readonly cursorOverlapMs: number;
  readonly lostAckMarginMs: number;
  /** Page size of every list walk (the backend's maximum). */
  readonly pageSize: number;
}

function count(value: number | undefined, fallback: number, field: string, min = 0): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min) {
    throw new ValidationError({
      operation: 'createSyncEngine',
      field,
      message: `must be a finite number ≥ ${min}`,
    });
  }
  return value;
}

function policy(
  input: Partial<Omit<RetryPolicy, 'limit'>> | undefined,
  base: number,
  max: number,
  field: string,
): RetryPolicy {
  return Object.freeze({
    limit: Number.POSITIVE_INFINITY,
    baseDelayMs: count(input?.baseDelayMs, base, `${field}.baseDelayMs`),
    maxDelayMs: count(input?.maxDelayMs, max, `${field}.maxDelayMs`),
    jitter: input?.jitter ?? true,
  });
}

/** Applies defaults and checks the options once. */
export function resolveSyncOptions(options: SyncEngineOptions): ResolvedSyncOptions {
  const poll = options.foregroundPollMs ?? null;
  return Object.freeze({
    store: options.store,
    api: options.api,
    connectivity: options.connectivity ?? alwaysOnline(),
    auth: options.auth ?? null,
    conflicts: resolveConflictOptions(options.conflicts),
    logger: redactingLogger(options.logger ?? noopLogger),
    timers: options.timers ?? systemTimers,
    now: options.now ?? systemClock.now,
    monotonic: options.monotonicClock ?? systemMonotonicClock,
    random: options.random ?? Math.random,
    autoStart: options.autoStart ?? false,
    intervalMs: count(options.intervalMs, 15 * 60_000, 'intervalMs', 1),
    foregroundPollMs: poll === null ? null : count(poll, 0, 'foregroundPollMs', 1),
    debounceMs: count(options.debounceMs, 1000, 'debounceMs'),
    pushConcurrency: Math.floor(count(options.pushConcurrency, 4, 'pushConcurrency', 1)),
    pullConcurrency: Math.floor(count(options.pullConcurrency, 4, 'pullConcurrency', 1)),
    idempotencyKeys: options.idempotencyKeys ?? false,
    retry: policy(options.retry, 1000, 300_000, 'retry'),
    probe: policy(options.probe, 1000, 60_000, 'probe'),
    reconcileEveryPulls: Math.floor(
      count(options.reconcile?.everyPulls, 10, 'reconcile.everyPulls', 1),
    ),
    reconcileEveryMs: count(options.reconcile?.everyMs, 600_000, 'reconcile.everyMs', 1),
    customEventsEveryMs: count(options.customEventsEveryMs, 30_000, 'customEventsEveryMs'),
    cursorOverlapMs: count(options.cursorOverlapMs, 1, 'cursorOverlapMs'),
    lostAckMarginMs: count(options.lostAckMarginMs, 300_000, 'lostAckMarginMs'),
    pageSize: 100,
  });
}
