/**
 * Everything that belongs to one signed-in user: their local store (their namespace in the
 * storage adapter), the repositories over it and the sync engine that pushes and pulls it.
 * Opened when a user signs in (or a saved session is restored), closed when they sign out or
 * another user signs in.
 */
import type { ApiClient } from '../api/api-client.js';
import type { ConflictOptions } from '../conflict/strategies.js';
import { openCoordinatedStorage } from '../coordination/coordinated-storage.js';
import {
  type CoordinationOptions,
  startCoordination,
} from '../coordination/coordination-options.js';
import type { MonotonicClock } from '../platform/clock.js';
import type { ConnectivityMonitor } from '../platform/connectivity.js';
import type { Logger } from '../platform/logging/logger.js';
import { createRepositories, type Repositories } from '../repositories/create-repositories.js';
import type { StorageAdapter } from '../storage-adapters/storage-adapter.js';
import { type LocalStore, openLocalStore } from '../store/local-store.js';
import { createSyncEngine, type SyncEngine } from '../sync/sync-engine.js';
import type { SyncSummary } from '../sync/sync-events.js';
import type { AuthStatusSource, SyncTimers } from '../sync/sync-options.js';
import type { ClientSyncOptions } from './client-options.js';

/** What a {@link UserSession} is built from; shared by every user of one client. */
export interface UserSessionDeps {
  readonly storage: StorageAdapter;
  readonly api: ApiClient;
  readonly connectivity: ConnectivityMonitor;
  readonly auth: AuthStatusSource;
  readonly logger: Logger;
  readonly now: () => number;
  readonly timers: SyncTimers | undefined;
  readonly monotonicClock?: MonotonicClock | undefined;
  readonly sync: ClientSyncOptions;
  readonly conflicts: ConflictOptions | undefined;
  readonly coordination?: CoordinationOptions | undefined;
}

/** One user's store, repositories and sync engine. */
export interface UserSession {
  readonly userId: string;
  readonly store: LocalStore;
  readonly repositories: Repositories;
  readonly engine: SyncEngine;
  /**
   * A sync round (`client.sync.syncNow()`). With coordination, on a client that is not the
   * pusher: the pusher's next round, asked for through the storage.
   */
  syncNow(options?: { readonly signal?: AbortSignal | undefined }): Promise<SyncSummary>;
  /**
   * Starts or stops background sync (`client.sync.start()`/`stop()`). With coordination it
   * runs on the pusher only, whichever client that is now or becomes later.
   */
  setBackground(on: boolean): void;
  /**
   * Holds sync back before a sign-out closes the user's data to every client's writes: the
   * sharing's ticks, then the engine's rounds (the running one finishes first, so an answer the
   * server gave is saved before the close, never refused by it). Resolves with the function
   * that lets them run again, for a close that failed (idempotent).
   */
  pause(): Promise<() => void>;
  /**
   * Aborts the repositories' network calls in flight, stops sync and closes the store (waiting
   * for writes in progress), then empties every object of this user the app may still hold
   * (live queries, readers). Idempotent.
   */
  close(): Promise<void>;
  /** How many changes were not synced when {@link close} finished (0 before). */
  pendingAtClose(): number;
}

/** Opens the namespace of `userId` and builds its repositories and sync engine. */
export async function openUserSession(deps: UserSessionDeps, userId: string): Promise<UserSession> {
  // With coordination, the store writes through the user's change record (counter and gate).
  const coordination = deps.coordination;
  const shared =
    coordination &&
    (await openCoordinatedStorage(deps.storage, userId, { count: !coordination.channel }));
  const storage = shared ? shared.storage : deps.storage;
  const store = await openLocalStore({ storage, userId, now: deps.now });
  const lifetime = new AbortController();
  const repositories = createRepositories({
    store,
    api: deps.api,
    connectivity: deps.connectivity,
    now: deps.now,
    lifetime: lifetime.signal,
  });
  const sync = deps.sync;
  const engine = sessionEngine(deps, store);
  const sharing =
    deps.coordination &&
    startCoordination(deps.coordination, {
      userId,
      store,
      storage: deps.storage,
      changes: shared || undefined,
      engine,
      background: sync.autoStart !== false,
      now: deps.now,
      timers: deps.timers,
      onError: (error) => deps.logger.warn('coordination: a renewal or re-read failed', { error }),
    });
  let closing: Promise<void> | undefined;
  let pendingAtClose = 0;
  return {
    userId,
    store,
    repositories,
    engine,
    syncNow: (options) => (sharing ? sharing.syncNow(options) : engine.syncNow(options)),
    setBackground(on) {
      if (sharing) sharing.setBackground(on);
      else if (on) engine.start();
      else engine.stop();
    },
    close() {
      closing ??= (async () => {
        lifetime.abort();
        // The engine first: its requests in flight are aborted and settled while this client
        // still holds the push lock, so no other client starts pushing meanwhile.
        try {
          await engine.close();
        } finally {
          // A lock that cannot be given up (its storage fails) expires by itself: the store
          // still closes, and everything the app holds of this user still empties (also when
          // the engine's close failed: the sharing and its channel must not stay open).
          await sharing?.close().catch((error: unknown) => {
            deps.logger.warn('coordination: could not give the push lock up', { error });
          });
          await store.close();
          pendingAtClose = store.outbox.pendingCount;
          store.forget();
        }
      })();
      return closing;
    },
    pendingAtClose: () => pendingAtClose,
    async pause() {
      deps.logger.debug('sync: held back for a sign-out, once the running round has finished', {
        userId,
      });
      const resumeSharing = await sharing?.pause();
      const resumeEngine = await engine.pause();
      return () => {
        resumeEngine();
        resumeSharing?.();
      };
    },
  };
}

/** The sync engine of one user's store. */
function sessionEngine(deps: UserSessionDeps, store: LocalStore): SyncEngine {
  const sync = deps.sync;
  return createSyncEngine({
    store,
    api: deps.api,
    connectivity: deps.connectivity,
    auth: deps.auth,
    conflicts: deps.conflicts,
    logger: deps.logger,
    timers: deps.timers,
    now: deps.now,
    monotonicClock: deps.monotonicClock,
    // With coordination, the engine runs only on the client that holds the push lock.
    autoStart: deps.coordination ? false : (sync.autoStart ?? true),
    intervalMs: sync.intervalMs,
    foregroundPollMs: sync.foregroundPollMs,
    debounceMs: sync.debounceMs,
    pushConcurrency: sync.pushConcurrency,
    pullConcurrency: sync.pullConcurrency,
    idempotencyKeys: sync.idempotencyKeys,
    retry: sync.retry,
    reconcile: sync.reconcile,
    customEventsEveryMs: sync.customEventsEveryMs,
  });
}
