/**
 * Harness of the core hardening tests: clients built with `createClient` (the public API) over
 * the fake backend with real better-auth, a storage wrapper that can fail a batch, an injected
 * wall clock that tests set forward or back, and a fetch that can run a hook after a response.
 */
import { afterEach } from 'vitest';
import type { ClientOptions } from '../../src/client/client-options.js';
import { createClient, type InfiniteStoriesClient } from '../../src/client/create-client.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import {
  createFakeBackend,
  type FakeBackend,
  type FaultyStorage,
  faultyStorage,
} from '../../src/testing/index.js';

/** A device clock a test can set. */
export interface TestClock {
  now(): number;
  /** Moves the device clock by `ms` (negative: back). */
  jump(ms: number): void;
}

/** A wall clock starting at the real time, moved only by {@link TestClock.jump}. */
export function testClock(start = Date.now()): TestClock {
  let offset = 0;
  return {
    now: () => start + offset + (Date.now() - start),
    jump(ms) {
      offset += ms;
    },
  };
}

/** One request the device sent. */
export interface Sent {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | null;
}

/** After a response to `METHOD /path` matching `pattern`, run `hook` once. */
interface AfterHook {
  readonly pattern: RegExp;
  readonly hook: () => void;
}

/** A device: a client, its storage, its clock and its request log. */
export interface TestDevice {
  readonly client: InfiniteStoriesClient;
  readonly storage: FaultyStorage;
  readonly clock: TestClock;
  readonly sent: Sent[];
  /** Runs `hook` once, right after the response to the next request matching `pattern`. */
  after(pattern: RegExp, hook: () => void): void;
  /** How many requests matched `METHOD /path`. */
  count(pattern: RegExp): number;
}

const opened: InfiniteStoriesClient[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((client) => client.close()));
});

let accounts = 0;
/** Fresh credentials. */
export function credentials(name = 'Lee') {
  accounts++;
  return {
    email: `hardening.${accounts}.${Date.now().toString(36)}@example.test`,
    password: 'password-123',
    name,
  };
}

/** A fake backend for one test. */
export function newBackend(options: { readonly now?: () => Date } = {}): FakeBackend {
  return createFakeBackend({ authRateLimit: false, fastPasswordHashing: true, ...options });
}

/** Opens a client on `backend`; pass `storage`/`clock`/`secureStore` again to restart. */
export function openTestDevice(
  backend: FakeBackend,
  options: Partial<ClientOptions> & {
    readonly inner?: StorageAdapter;
    readonly testClock?: TestClock;
  } = {},
): TestDevice {
  const { inner, testClock: given, ...rest } = options;
  const storage =
    (rest.storage as FaultyStorage | undefined) ?? faultyStorage(inner ?? memoryStorage());
  const clock = given ?? testClock();
  const sent: Sent[] = [];
  const hooks: AfterHook[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const line = `${request.method} ${new URL(request.url).pathname}`;
    sent.push({
      method: request.method,
      path: new URL(request.url).pathname,
      authorization: request.headers.get('authorization'),
    });
    const response = await backend.fetch(request);
    const index = hooks.findIndex((h) => h.pattern.test(line));
    if (index >= 0) hooks.splice(index, 1)[0]?.hook();
    return response;
  };
  const client = createClient({
    baseUrl: backend.baseUrl,
    fetch,
    clock,
    sync: { autoStart: false },
    ...rest,
    storage,
  });
  opened.push(client);
  return {
    client,
    storage,
    clock,
    sent,
    after: (pattern, hook) => hooks.push({ pattern, hook }),
    count: (pattern) => sent.filter((s) => pattern.test(`${s.method} ${s.path}`)).length,
  };
}

/** A monotonic clock and one-shot timers that move only when a test advances them. */
export interface ManualTime {
  readonly monotonicClock: { now(): number };
  readonly timers: {
    setTimeout(callback: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
  };
  /** Moves time by `ms`, firing due timers in order and waiting for the rounds they start. */
  advance(ms: number, idle: () => Promise<void>): Promise<void>;
}

/** See {@link ManualTime}. */
export function manualTime(): ManualTime {
  let now = 0;
  const queue: Array<{ at: number; callback: () => void }> = [];
  return {
    monotonicClock: { now: () => now },
    timers: {
      setTimeout(callback, ms) {
        const handle = { at: now + Math.max(0, ms), callback };
        queue.push(handle);
        return handle;
      },
      clearTimeout(handle) {
        const index = queue.indexOf(handle as (typeof queue)[number]);
        if (index >= 0) queue.splice(index, 1);
      },
    },
    async advance(ms, idle) {
      const end = now + ms;
      for (let fired = 0; fired < 1000; fired++) {
        await idle();
        queue.sort((a, b) => a.at - b.at);
        const next = queue[0];
        if (!next || next.at > end) break;
        queue.shift();
        now = Math.max(now, next.at);
        next.callback();
      }
      now = end;
      await idle();
    },
  };
}
