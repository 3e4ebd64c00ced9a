import type { Timers } from '../platform/clock.js';
import type { StorageAdapter } from '../storage-adapters/storage-adapter.js';
import { namespacePrefix } from '../store/keys.js';
import type { LocalStore } from '../store/local-store.js';
import type { ChangeChannel } from './change-channel.js';
import type { CoordinatedStorage } from './coordinated-storage.js';
import { type PushLock, storagePushLease } from './push-lease.js';
import { type SharedEngine, type StoreSharing, shareStore } from './share-store.js';
import { SyncRequests, syncRequestsKey } from './sync-requests.js';

/**
 * Several clients over one storage: browser tabs, an app and its background task, windows or
 * processes over one SQLite file. With this option the clients push one at a time and see
 * each other's writes (see the README section "Several tabs and processes").
 *
 * @example
 * ```ts
 * // A web app: one pusher per origin through Web Locks, writes shared through BroadcastChannel.
 * createClient({
 *   baseUrl,
 *   storage: indexedDBStorage(),
 *   coordination: {
 *     lock: (userId) => webLocksPushLock(`infinitestories:push:${userId}`, navigator.locks),
 *     channel: (userId) => broadcastChangeChannel(`infinitestories:changes:${userId}`),
 *   },
 * });
 * ```
 */
export interface CoordinationOptions {
  /** This client's id, unique among the clients over the storage. @default a random id */
  readonly clientId?: string | undefined;
  /**
   * The push lock of a user. @default a lease record in the storage (`storagePushLease`,
   * 5 s ttl), which works on every adapter and platform
   */
  readonly lock?: ((userId: string) => PushLock) | undefined;
  /**
   * The channel that announces writes. Without one, each client re-reads its store every
   * `pollMs`.
   */
  readonly channel?: ((userId: string) => ChangeChannel) | undefined;
  /**
   * The channel that announces sign-in, sign-out and session expiry to the other clients (one
   * for all users). Without one, each client reads a counter in the storage every `pollMs`.
   * The clients must share the secure store too (the default one of `indexedDBStorage` is
   * shared by the tabs of an origin).
   */
  readonly sessionChannel?: (() => ChangeChannel) | undefined;
  /** How often the push lock is taken or renewed. @default 1000 */
  readonly renewMs?: number | undefined;
  /** How often a client without a channel re-reads its store. @default 1000 */
  readonly pollMs?: number | undefined;
}

/** A random client id (when the app gave none). */
export function newClientId(now: () => number): string {
  return `${now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** Starts sharing one user's store (see {@link shareStore}); used by the client per user. */
export function startCoordination(
  options: CoordinationOptions,
  parts: {
    readonly userId: string;
    readonly store: LocalStore;
    readonly storage: StorageAdapter;
    /** The change counter of the store's storage (see `openCoordinatedStorage`). */
    readonly changes?: CoordinatedStorage | undefined;
    readonly engine: SharedEngine | undefined;
    /** Whether the engine runs in the background on the pusher. @default true */
    readonly background?: boolean | undefined;
    readonly now: () => number;
    readonly timers: Timers | undefined;
    readonly onError: (error: unknown) => void;
  },
): StoreSharing {
  const clientId = options.clientId ?? newClientId(parts.now);
  const lock =
    options.lock?.(parts.userId) ??
    storagePushLease({
      storage: parts.storage,
      key: `c/${namespacePrefix(parts.userId)}push-lease`,
      owner: clientId,
      now: parts.now,
    });
  return shareStore({
    store: parts.store,
    clientId,
    lock,
    channel: options.channel?.(parts.userId),
    engine: parts.engine,
    changes: parts.changes,
    background: parts.background,
    requests: new SyncRequests(parts.storage, syncRequestsKey(parts.userId)),
    renewMs: options.renewMs,
    pollMs: options.pollMs,
    timers: parts.timers,
    now: parts.now,
    onError: parts.onError,
  });
}
