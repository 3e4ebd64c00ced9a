/**
 * Options of {@link createClient}: the platform seams a host injects, and the tuning of each part.
 */

import type { RetryPolicy } from '../api/backoff.js';
import type { FetchLike } from '../api/options.js';
import type { SecureStore } from '../auth/secure-store.js';
import type { KeepAlivePolicy } from '../auth/session-keeper.js';
import type { ConflictOptions } from '../conflict/strategies.js';
import type { CoordinationOptions } from '../coordination/coordination-options.js';
import type { BlobStore } from '../media/blob-store.js';
import type { MediaOptions } from '../media/media-options.js';
import type { Clock, MonotonicClock, Timers } from '../platform/clock.js';
import type { ConnectivityMonitor } from '../platform/connectivity.js';
import type { Logger } from '../platform/logging/logger.js';
import type { StorageAdapter } from '../storage-adapters/storage-adapter.js';
import type { ReconcileOptions } from '../sync/sync-options.js';

/** Tuning of background sync (`client.sync`). */
export interface ClientSyncOptions {
  /**
   * Start background sync as soon as a user is signed in (a round at once, then after local
   * writes, when connectivity returns, and on the interval).
   * @default true
   */
  readonly autoStart?: boolean | undefined;
  /** Background interval between rounds. @default 900000 (15 minutes) */
  readonly intervalMs?: number | undefined;
  /**
   * Poll interval while the app is in the foreground (`client.sync.setForeground(true)`), so
   * another device's change shows up quickly; `null` disables it.
   * @default null
   */
  readonly foregroundPollMs?: number | null | undefined;
  /** Delay between a local write and the sync it triggers (writes in that window share it). @default 1000 */
  readonly debounceMs?: number | undefined;
  /** Outbox entries of independent records sent at once. @default 4 */
  readonly pushConcurrency?: number | undefined;
  /**
   * Pages of one listing in flight at once while pulling: the next pages are asked for while one
   * is read. Pages are still applied in order, and only once the whole listing arrived.
   * @default 4
   */
  readonly pullConcurrency?: number | undefined;
  /**
   * Send `Idempotency-Key: <mutationId>` on creates. The real backend ignores it and a browser's
   * CORS preflight may refuse it, so it is off; lost acknowledgements are reconciled by listing.
   * @default false
   */
  readonly idempotencyKeys?: boolean | undefined;
  /** Backoff of failed pushes (exponential with jitter). @default { baseDelayMs: 1000, maxDelayMs: 300000, jitter: true } */
  readonly retry?: Partial<Omit<RetryPolicy, 'limit'>> | undefined;
  /** How often deletions on the server are detected by id reconciliation. */
  readonly reconcile?: ReconcileOptions | undefined;
  /**
   * Custom events have no change feed, so a round lists them all, at most this often (ms),
   * besides the first sync and reconciliations, rounds whose stories name a custom event the
   * device lacks, rounds with a custom-event edit or delete to send, and rounds where their
   * count on the server (one `limit=1` request) moved: another device's edit of one shows
   * within this time, its delete or create at the next round. `0`: every round.
   * @default 30000 (30 s)
   */
  readonly customEventsEveryMs?: number | undefined;
}

/** Options of {@link createClient}. Only `baseUrl` is required. */
export interface ClientOptions {
  /**
   * The backend origin.
   * @example 'https://api.infinitestories.app'
   */
  readonly baseUrl: string;
  /**
   * The `Origin` header of sign-in, sign-up and other auth POSTs, for hosts whose trusted origin
   * differs from `baseUrl`'s (behind a reverse proxy, a tunnel or a second hostname). An
   * absolute http(s) origin such as `https://app.example.com`.
   * @default the origin of `baseUrl`
   */
  readonly origin?: string | undefined;
  /**
   * Where records and the outbox are kept. Use `indexedDBStorage()` in browsers and
   * `sqliteStorage(db)` on Node, Electron or React Native; the default keeps nothing across
   * restarts.
   * @default memoryStorage()
   */
  readonly storage?: StorageAdapter | undefined;
  /**
   * Where the session token is kept (Keychain, Keystore…). The token never goes anywhere else.
   * @default the storage's `defaultSecureStore()` when it offers one (`indexedDBStorage`: the
   * token encrypted in IndexedDB), otherwise `memorySecureStore()`
   */
  readonly secureStore?: SecureStore | undefined;
  /**
   * Online/offline signal. Use `browserConnectivity(window, navigator)` in browsers.
   * @default alwaysOnline() — network failures still switch sync to offline until a ping succeeds
   */
  readonly connectivity?: ConnectivityMonitor | undefined;
  /**
   * Where downloaded media (avatars, audio, illustrations) is kept. Use `indexedDBBlobStore()`
   * in browsers and `fileBlobStore({ directory })` on Node or Electron; the default keeps
   * nothing across restarts.
   * @default memoryBlobStore()
   */
  readonly blobStore?: BlobStore | undefined;
  /** The media cache (`client.media`): byte budget, per-kind max ages. */
  readonly media?: MediaOptions | undefined;
  /** The fetch implementation. @default globalThis.fetch */
  readonly fetch?: FetchLike | undefined;
  /** Receives log records; tokens and passwords are redacted before they reach it. @default silent */
  readonly logger?: Logger | undefined;
  /** Device clock, for sessions and outbox timestamps. @default Date.now */
  readonly clock?: Clock | undefined;
  /**
   * Monotonic clock for sync's retry and 429 deadlines (never moved by a change of the device
   * clock). @default performance.now
   */
  readonly monotonicClock?: MonotonicClock | undefined;
  /**
   * Timers for session keep-alive, sync scheduling, request timeouts (`timeoutMs`,
   * `generationTimeoutMs`) and the waits between retries. @default the global timers
   */
  readonly timers?: Timers | undefined;
  /** Per-request timeout of ordinary API calls. @default 30000 */
  readonly timeoutMs?: number | undefined;
  /** Per-request timeout of generation calls (story, audio, avatar, illustrations). @default 300000 */
  readonly generationTimeoutMs?: number | undefined;
  /**
   * Retries of safe reads (GETs) on 408/5xx, network errors and timeouts: exponential backoff
   * with jitter.
   * Writes, generation calls and 429s are never retried by the API client.
   * @default { limit: 3, baseDelayMs: 1000, maxDelayMs: 30000, jitter: true }
   */
  readonly retry?: Partial<RetryPolicy> | undefined;
  /** Session keep-alive (the 24 h slide and the safety window before expiry); `false` disables it. */
  readonly keepAlive?: Partial<KeepAlivePolicy> | false | undefined;
  /**
   * When the session restored at open is checked with the server: one background
   * `GET /api/auth/get-session`, whose answer the first sync round waits for, so a token that
   * died while the app was closed is never sent. `true`: at every open. `false`: never at open
   * (keep-alive, a 401 and `auth.getSession()` still check it; a dead token is then found by
   * the first request it is sent with). `{ olderThanMs }`: only when the server last confirmed
   * the session longer ago than that, or never did (an app opened many times an hour, or a
   * host that opens a client per task, checks once per period).
   * @default true
   */
  readonly verifySessionOnOpen?: boolean | { readonly olderThanMs: number } | undefined;
  /** Background sync. */
  readonly sync?: ClientSyncOptions | undefined;
  /**
   * Conflict strategy per entity: `'lww' | 'server-wins' | 'client-wins' | 'manual'`, or a
   * resolver function. Defaults: last-write-wins, and `manual` for story title and content.
   */
  readonly conflicts?: ConflictOptions | undefined;
  /**
   * Several clients over one storage (tabs, a background task, processes): one pushes at a
   * time and all see each other's writes. Off by default (one client per storage).
   */
  readonly coordination?: CoordinationOptions | undefined;
}
