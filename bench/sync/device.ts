/**
 * One benchmark "device": a LocalStore on its own storage, an API client whose requests are
 * counted at the fetch boundary, and a sync engine — assembled like the app does it.
 */
import { type ApiClient, createApiClient } from '../../src/api/api-client.js';
import { type ManualConnectivity, manualConnectivity } from '../../src/platform/connectivity.js';
import {
  createRepositories,
  type Repositories,
} from '../../src/repositories/create-repositories.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { type LocalStore, openLocalStore } from '../../src/store/local-store.js';
import { createSyncEngine, type SyncEngine } from '../../src/sync/sync-engine.js';
import type { SyncEngineOptions } from '../../src/sync/sync-options.js';

/** A signed-up user of the fake backend. */
export interface BenchUser {
  readonly userId: string;
  readonly token: string;
}

/** One request as seen at the device's fetch boundary. */
export interface CountedRequest {
  readonly method: string;
  /** Path and query. */
  readonly url: string;
}

/** Options of {@link openBenchDevice}. */
export interface BenchDeviceOptions {
  readonly url: string;
  readonly user: BenchUser;
  readonly storage: StorageAdapter;
  /** Engine options (store, api and connectivity are the device's). */
  readonly engine?: Partial<Omit<SyncEngineOptions, 'store' | 'api' | 'connectivity'>>;
  /** Receives the JSON body of every `POST /api/v1/heroes` (costs a body clone; warm-up only). */
  readonly captureCreates?: (body: string) => void;
}

/** A device. */
export interface BenchDevice {
  readonly store: LocalStore;
  readonly repositories: Repositories;
  readonly api: ApiClient;
  readonly engine: SyncEngine;
  readonly connectivity: ManualConnectivity;
  /** Requests sent since the last {@link BenchDevice.resetRequests}. */
  readonly requests: CountedRequest[];
  resetRequests(): void;
  /** Closes the engine and the store (not the storage). */
  close(): Promise<void>;
}

/** The `Authorization` header value of `user` (raw fetches send the same one). */
export const bearer = (user: BenchUser): string => `Bearer ${user.token}`;

/** Opens a device for `options.user` on the fake backend at `options.url`. */
export async function openBenchDevice(options: BenchDeviceOptions): Promise<BenchDevice> {
  const { user, captureCreates } = options;
  const store = await openLocalStore({ storage: options.storage, userId: user.userId });
  const requests: CountedRequest[] = [];
  const authorization = bearer(user);
  const api = createApiClient({
    baseUrl: options.url,
    fetch: async (input, init) => {
      const request = input instanceof Request ? input : null;
      const url = request ? request.url : String(input);
      const method = request ? request.method : (init?.method ?? 'GET');
      requests.push({ method, url: url.slice(options.url.length) });
      if (captureCreates && method === 'POST' && url.endsWith('/api/v1/heroes')) {
        captureCreates(request ? await request.clone().text() : String(init?.body ?? ''));
      }
      return globalThis.fetch(input, init);
    },
    auth: { getAuthorization: () => authorization, onUnauthorized: async () => 'fail' },
  });
  const connectivity = manualConnectivity(true);
  const engine = createSyncEngine({ ...options.engine, store, api, connectivity });
  const repositories = createRepositories({ store, api, connectivity });
  return {
    store,
    repositories,
    api,
    engine,
    connectivity,
    requests,
    resetRequests: () => {
      requests.length = 0;
    },
    async close() {
      await engine.close();
      await store.close();
    },
  };
}
