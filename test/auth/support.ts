/**
 * Shared harness of the auth integration tests: the fake backend's real better-auth behind msw,
 * a fetch that records every request at the boundary, a manual clock with timers, an in-memory
 * per-user data namespace (the sign-out seam), a capturing logger and a SecureStore whose
 * failures can be switched on.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { AuthManager } from '../../src/auth/auth-manager.js';
import { createAuthManager } from '../../src/auth/auth-manager.js';
import type { AuthManagerOptions, SessionDataSeam } from '../../src/auth/auth-options.js';
import type { SecureStore } from '../../src/auth/secure-store.js';
import { memorySecureStore } from '../../src/auth/secure-store.js';
import type { Clock, Timers } from '../../src/platform/clock.js';
import type { LogFields, Logger } from '../../src/platform/logging/logger.js';
import type { FakeBackend } from '../../src/testing/index.js';
import { createFakeBackend, fakeBackendHandlers } from '../../src/testing/index.js';

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;
export const PASSWORD = 'correct-horse-battery';

let emailCounter = 0;
/** A fresh, unique email address. */
export function uniqueEmail(name = 'user'): string {
  emailCounter += 1;
  return `${name}.${Date.now().toString(36)}.${emailCounter}@example.test`;
}

/** One request as the fetch boundary saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: string | null;
}

/** A fetch that records every request, then sends it through the global fetch (msw). */
export interface RecordingFetch {
  (input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  readonly requests: SeenRequest[];
  /** Resolves once no request is in flight and what follows a response has run. */
  idle(): Promise<void>;
  /** Requests whose pathname equals `path` (optionally with this method). */
  count(path: string, method?: string): number;
  clear(): void;
}

export function recordingFetch(): RecordingFetch {
  const requests: SeenRequest[] = [];
  let inFlight = 0;
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    inFlight += 1;
    try {
      const request = new Request(input, init);
      const body = request.body === null ? null : await request.clone().text();
      requests.push({
        method: request.method,
        url: new URL(request.url),
        headers: new Headers(request.headers),
        body,
      });
      return await globalThis.fetch(request);
    } finally {
      inFlight -= 1;
    }
  };
  const idle = async (): Promise<void> => {
    for (;;) {
      await settle();
      if (inFlight === 0) {
        await settle();
        if (inFlight === 0) return;
      }
    }
  };
  return Object.assign(fetchImpl, {
    requests,
    idle,
    count: (path: string, method?: string) =>
      requests.filter((r) => r.url.pathname === path && (!method || r.method === method)).length,
    clear: () => {
      requests.length = 0;
    },
  });
}

/**
 * Starts an msw server for the file; `useBackend()` gives each test a fresh fake backend (real
 * better-auth, auth rate limit off unless asked) wired into it. Passwords are hashed with the
 * fake backend's quick hash instead of scrypt (~0.5 s of CPU per sign-up or sign-in): what these
 * tests prove is the client's side, and wrong passwords are still refused.
 */
export function useFakeBackendServer(): {
  useBackend(options?: { authRateLimit?: boolean }): FakeBackend;
} {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return {
    useBackend(options = {}) {
      const backend = createFakeBackend({
        authRateLimit: options.authRateLimit ?? false,
        fastPasswordHashing: true,
      });
      server.use(...fakeBackendHandlers(backend));
      return backend;
    },
  };
}

/** A clock and timers that only move when told to. */
export interface ManualTime extends Clock, Timers {
  /** Moves time forward, running every timer that falls due (in order), awaiting between them. */
  advance(ms: number): Promise<void>;
  pending(): number;
}

export function manualTime(
  start = Date.now(),
  idle: () => Promise<void> = () => settle(),
): ManualTime {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++;
      timers.set(id, { at: now + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, timer]) => timer.at <= target)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].callback();
        await idle();
      }
      now = target;
    },
    pending: () => timers.size,
  };
}

/** Lets pending promise chains and msw round trips finish. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** Waits until `predicate` holds (real time), failing after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Per-user local data: the seam sign-out checks and wipes. */
export interface FakeSessionData extends SessionDataSeam {
  readonly records: Map<string, string[]>;
  readonly pending: Map<string, number>;
  readonly wiped: string[];
  failWipe: boolean;
}

export function fakeSessionData(): FakeSessionData {
  const records = new Map<string, string[]>();
  const pending = new Map<string, number>();
  const wiped: string[] = [];
  const data: FakeSessionData = {
    records,
    pending,
    wiped,
    failWipe: false,
    async pendingCount(userId) {
      return pending.get(userId) ?? 0;
    },
    async wipe(userId) {
      if (data.failWipe) throw new Error('disk I/O error');
      records.delete(userId);
      pending.delete(userId);
      wiped.push(userId);
    },
  };
  return data;
}

/** One captured log record. */
export interface LogRecord {
  readonly level: string;
  readonly message: string;
  readonly fields: LogFields | undefined;
}

export function captureLogger(): Logger & { readonly records: LogRecord[]; text(): string } {
  const records: LogRecord[] = [];
  const make =
    (level: string) =>
    (message: string, fields?: LogFields): void => {
      records.push({ level, message, fields });
    };
  return {
    records,
    debug: make('debug'),
    info: make('info'),
    warn: make('warn'),
    error: make('error'),
    text: () => JSON.stringify(records),
  };
}

/** A SecureStore whose operations can be made to fail. */
export interface FlakySecureStore extends SecureStore {
  failGet: boolean;
  failSet: boolean;
  failDelete: boolean;
  /** Every value ever written (to search for leaks and inspect the format). */
  readonly writes: string[];
  readonly inner: SecureStore;
}

export function flakySecureStore(inner: SecureStore = memorySecureStore()): FlakySecureStore {
  const store: FlakySecureStore = {
    inner,
    writes: [],
    failGet: false,
    failSet: false,
    failDelete: false,
    async get(key) {
      if (store.failGet) throw new Error('keychain locked');
      return inner.get(key);
    },
    async set(key, value) {
      if (store.failSet) throw new Error('keychain full');
      store.writes.push(value);
      return inner.set(key, value);
    },
    async delete(key) {
      if (store.failDelete) throw new Error('keychain unavailable');
      return inner.delete(key);
    },
  };
  return store;
}

/** The SecureStore key the manager uses by default. */
export const SESSION_KEY = 'infinitestories.auth.session';

/** The token saved in the SecureStore (parsed from the session entry), or `null`. */
export async function storedToken(store: SecureStore): Promise<string | null> {
  const raw = await store.get(SESSION_KEY);
  if (raw === null) return null;
  const parsed = JSON.parse(raw) as { token?: unknown };
  return typeof parsed.token === 'string' ? parsed.token : null;
}

/** A manager against `backend` with test-friendly defaults (keep-alive timers off). */
export function managerFor(
  backend: FakeBackend,
  options: Partial<AuthManagerOptions> = {},
): AuthManager {
  return createAuthManager({ baseUrl: backend.baseUrl, keepAlive: false, ...options });
}

/** Asks the fake backend directly whether a token still has a session. */
export async function serverKnows(backend: FakeBackend, token: string): Promise<boolean> {
  const response = await backend.fetch(
    new Request(`${backend.baseUrl}/api/auth/get-session`, {
      headers: { authorization: `Bearer ${token}` },
    }),
  );
  return (await response.json()) !== null;
}
