/**
 * One client of several over one storage, as the coordination tests build it: its store, an
 * API client to the fake backend (requests logged, straight to the backend's fetch), a sync
 * engine that never starts by itself, a push lease in the storage, and the sharing that ties
 * them together.
 */
import { createApiClient } from '../../src/api/api-client.js';
import type { ChangeChannel } from '../../src/coordination/change-channel.js';
import { openCoordinatedStorage } from '../../src/coordination/coordinated-storage.js';
import { storagePushLease } from '../../src/coordination/push-lease.js';
import { shareStore } from '../../src/coordination/share-store.js';
import { SyncRequests, syncRequestsKey } from '../../src/coordination/sync-requests.js';
import type { Timers } from '../../src/platform/clock.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { openLocalStore } from '../../src/store/local-store.js';
import { createSyncEngine } from '../../src/sync/sync-engine.js';
import { createFakeBackend, type FakeBackend } from '../../src/testing/index.js';

/** Timers that never fire: the tests tick the sharing themselves. */
export const manualTimers = { setTimeout: () => 0, clearTimeout: () => {} };

/** A fake backend (no auth rate limit, fast hashing) with one user signed up as `name`. */
export async function backendWithUser(name: string, emailName = name) {
  const backend = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
  const user = await backend.createUser({
    email: `${emailName}.${process.pid}@example.test`,
    password: 'password-123',
    name,
  });
  return { backend, user };
}

/** How to build one {@link coordinatedDevice}. */
export interface CoordinatedDeviceOptions {
  readonly backend: FakeBackend;
  readonly user: { readonly userId: string; readonly token: string };
  /** The client id (unique among the devices over the storage). */
  readonly id: string;
  /** The storage the store and the push lease use. */
  readonly storage: StorageAdapter;
  /** The device's change channel; without one it polls. */
  readonly channel?: ChangeChannel | undefined;
  /** The lease's clock. @default Date.now */
  readonly now?: (() => number) | undefined;
  /** Whether the engine runs in the background on the pusher. @default true */
  readonly background?: boolean | undefined;
  /**
   * Writes through the user's change record (counter and sign-out gate, the lease still on
   * the storage as given) and answers other devices' `syncNow()` requests. @default false
   */
  readonly counted?: boolean | undefined;
  /** The sharing's timers. @default timers that never fire (the tests tick it themselves) */
  readonly timers?: Timers | undefined;
  /** Awaited before each request reaches the backend (a test holds requests with it). */
  readonly beforeRequest?: (() => Promise<void>) | undefined;
}

/** Opens one device and runs its first tick (it takes the push lease when it is free). */
export async function coordinatedDevice(options: CoordinatedDeviceOptions) {
  const { backend, user, id, storage } = options;
  const now = options.now ?? Date.now;
  const shared = options.counted ? await openCoordinatedStorage(storage, user.userId) : undefined;
  const store = await openLocalStore({ storage: shared?.storage ?? storage, userId: user.userId });
  /** `METHOD /path` of every request this device sent. */
  const requests: string[] = [];
  const api = createApiClient({
    baseUrl: backend.baseUrl,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      requests.push(`${request.method} ${new URL(request.url).pathname}`);
      await options.beforeRequest?.();
      return backend.fetch(request);
    },
    auth: { getAuthorization: () => `Bearer ${user.token}`, onUnauthorized: async () => 'fail' },
    retry: { limit: 0 },
  });
  const engine = createSyncEngine({ store, api, autoStart: false });
  const sharing = shareStore({
    store,
    clientId: id,
    lock: storagePushLease({ storage, key: `c/${user.userId}/push`, owner: id, now }),
    channel: options.channel,
    engine,
    background: options.background,
    changes: shared,
    requests: options.counted ? new SyncRequests(storage, syncRequestsKey(user.userId)) : undefined,
    timers: options.timers ?? manualTimers,
    now,
  });
  await sharing.tick();
  return {
    store,
    engine,
    sharing,
    requests,
    /** Stops the sharing and the engine. */
    close: () => Promise.all([sharing.close(), engine.close()]),
  };
}

/** A device from {@link coordinatedDevice}. */
export type CoordinatedDevice = Awaited<ReturnType<typeof coordinatedDevice>>;
