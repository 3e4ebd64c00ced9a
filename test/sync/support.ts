/**
 * Harness of the sync engine's integration tests: the fake backend (real better-auth) behind
 * msw, one signed-in user per test, and "devices" — each a LocalStore on its own storage, an
 * API client whose requests are logged at the fetch boundary, and a sync engine.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { type ApiClient, createApiClient } from '../../src/api/api-client.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { type LocalStore, openLocalStore } from '../../src/store/local-store.js';
import { createSyncEngine, type SyncEngine } from '../../src/sync/sync-engine.js';
import type { SyncEngineOptions } from '../../src/sync/sync-options.js';
import {
  createFakeBackend,
  type FakeBackend,
  type FakeBackendOptions,
  FakeNetworkError,
  fakeBackendHandlers,
} from '../../src/testing/index.js';

/** One request as the device's fetch saw it. */
export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly search: string;
  readonly headers: Headers;
}

/** A user of the fake backend. */
export interface TestUser {
  readonly userId: string;
  readonly token: string;
}

let emails = 0;

/** Registers an msw server for the file; `backend()` gives each test a fresh fake backend. */
export function useSyncBackend(): {
  backend(options?: FakeBackendOptions): FakeBackend;
  readonly server: ReturnType<typeof setupServer>;
} {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return {
    server,
    backend(options = {}) {
      const backend = createFakeBackend({
        authRateLimit: false,
        fastPasswordHashing: true,
        ...options,
      });
      // A request the client aborted (a timeout, close()) ends as a network error, which msw
      // answers quietly, instead of an exception msw reports on stderr.
      const quiet: FakeBackend = {
        ...backend,
        fetch: (request) =>
          backend.fetch(request).catch((error: unknown) => {
            if (request.signal.aborted) throw new FakeNetworkError('aborted by the client');
            throw error;
          }),
      };
      server.use(...fakeBackendHandlers(quiet));
      return backend;
    },
  };
}

/** Signs a new user up on `backend`. */
export async function newUser(backend: FakeBackend): Promise<TestUser> {
  emails++;
  const { userId, token } = await backend.createUser({
    email: `sync.${emails}.${Date.now().toString(36)}@example.test`,
    password: 'password-123',
    name: `User ${emails}`,
  });
  return { userId, token };
}

/** Options of {@link openDevice}. */
export interface DeviceOptions extends Partial<Omit<SyncEngineOptions, 'store' | 'api'>> {
  /** Reuse this storage (a restart). @default a new memory storage */
  readonly storage?: StorageAdapter;
  /** Per-attempt timeout of the API client. @default 30000 */
  readonly timeoutMs?: number;
  /** Send `Idempotency-Key` when the engine asks. @default false */
  readonly clientIdempotencyKeys?: boolean;
  /** Where requests go (after the log). @default the global fetch (msw) */
  readonly fetch?: (request: Request) => Promise<Response>;
  /** The API client's device clock (its server-clock estimate). @default Date.now */
  readonly apiNow?: () => number;
  /** The store's device clock (edit times). @default Date.now */
  readonly storeNow?: () => number;
}

/** One device: its storage, store, API client, engine and request log. */
export interface Device {
  readonly storage: StorageAdapter;
  readonly store: LocalStore;
  readonly api: ApiClient;
  readonly engine: SyncEngine;
  readonly requests: LoggedRequest[];
  /** Whether the user's session is accepted (flip to false to simulate a revoked token). */
  authorized: boolean;
  /** Requests sent and not answered yet. */
  inFlight: number;
  /** `METHOD /path` of every request so far, in order. */
  log(): string[];
  /** How many requests matched `method` and `path` (a string or a RegExp). */
  count(method: string, path: string | RegExp): number;
  /** Pull listings of `path` (list requests other than the `limit=1` delete check). */
  listings(path: string): number;
  close(): Promise<void>;
}

let ids = 0;

/** Opens a device for `user` on `backend`. */
export async function openDevice(
  backend: FakeBackend,
  user: TestUser,
  options: DeviceOptions = {},
): Promise<Device> {
  const {
    storage = memoryStorage(),
    timeoutMs,
    clientIdempotencyKeys,
    fetch = (request: Request) => globalThis.fetch(request),
    apiNow,
    storeNow,
    ...engineOptions
  } = options;
  const prefix = `d${++ids}`;
  let seq = 0;
  const store = await openLocalStore({
    storage,
    userId: user.userId,
    newId: () => `${prefix}-${++seq}-${Math.random().toString(36).slice(2, 8)}`,
    ...(storeNow === undefined ? {} : { now: storeNow }),
  });
  const requests: LoggedRequest[] = [];
  const device: Device = {
    storage,
    store,
    api: undefined as unknown as ApiClient,
    engine: undefined as unknown as SyncEngine,
    requests,
    authorized: true,
    inFlight: 0,
    log: () => requests.map((r) => `${r.method} ${r.path}`),
    count: (method, path) =>
      requests.filter(
        (r) =>
          r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)),
      ).length,
    listings: (path) =>
      requests.filter(
        (r) =>
          r.method === 'GET' &&
          r.path === path &&
          new URLSearchParams(r.search).get('limit') !== '1',
      ).length,
    close: async () => {
      await device.engine.close();
      await store.close();
    },
  };
  const api = createApiClient({
    baseUrl: backend.baseUrl,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      requests.push({
        method: request.method,
        path: url.pathname,
        search: url.search,
        headers: new Headers(request.headers),
      });
      device.inFlight++;
      try {
        return await fetch(request);
      } finally {
        device.inFlight--;
      }
    },
    auth: {
      getAuthorization: () => (device.authorized ? `Bearer ${user.token}` : 'Bearer revoked-token'),
      onUnauthorized: async () => 'fail',
    },
    retry: { limit: 0 },
    ...(apiNow === undefined ? {} : { now: apiNow }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(clientIdempotencyKeys ? { idempotencyKeys: true } : {}),
  });
  const engine = createSyncEngine({ store, api, random: () => 0, ...engineOptions });
  Object.assign(device, { api, engine });
  return device;
}

/**
 * Every event of `engine`, in order, as short strings (for timeline assertions). Status events
 * are recorded only when the phase or `online` changed.
 */
export function recordTimeline(engine: SyncEngine): string[] {
  const timeline: string[] = [];
  const initial = engine.getSnapshot();
  let last = `status ${initial.phase}${initial.online ? '' : ' offline'}`;
  engine.on('status', (s) => {
    const line = `status ${s.phase}${s.online ? '' : ' offline'}`;
    if (line !== last) timeline.push(line);
    last = line;
  });
  engine.on('sync:completed', (s) =>
    timeline.push(
      `completed pushed=${s.pushed} pulled=${s.pulled} conflicts=${s.conflicts} failed=${s.failed}`,
    ),
  );
  engine.on('sync:failed', (e) => timeline.push(`failed ${e.kind}`));
  engine.on('mutation:failed', (e) =>
    timeline.push(`mutation:failed ${e.collection}.${e.op} ${e.error.status}`),
  );
  engine.on('conflict', (c) =>
    timeline.push(`conflict ${c.kind} ${c.collection} ${c.fields.join(',')}`),
  );
  return timeline;
}

/** A hero's create input. */
export const hero = (name = 'Luna', age = 6) => ({ name, age, traits: ['brave'] });

/** Server rows of a collection for `userId` (inspection). */
export function serverHeroes(backend: FakeBackend, userId: string) {
  return [...backend.db.heroes.values()].filter((h) => h.userId === userId);
}

/**
 * For tests on fake timers: waits on real I/O (never moving fake time) until `condition` holds,
 * for at most 10 s of real time.
 */
export async function until(condition: () => boolean): Promise<void> {
  // process.hrtime is never faked (performance.now is, and would never reach the deadline).
  const realMs = () => Number(process.hrtime.bigint() / 1_000_000n);
  const deadline = realMs() + 10_000;
  while (!condition() && realMs() < deadline) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (!condition()) throw new Error('until: the condition did not hold within 10 s');
}

/**
 * For tests on fake timers: moves fake time by `ms`, then lets what it started finish — rounds
 * and requests (real I/O), and rounds asked for "at once" — without moving fake time further.
 */
export async function tick(device: Device, ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  for (let quiet = 0; quiet < 3; ) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    await vi.advanceTimersByTimeAsync(0);
    await device.engine.whenIdle();
    if (device.inFlight === 0) quiet++;
    else {
      quiet = 0;
      await until(() => device.inFlight === 0);
    }
  }
}

/** Fakes the timers and `Date` (not `setImmediate`, so real I/O still completes). */
export function useFakeTime(): void {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'],
  });
}
