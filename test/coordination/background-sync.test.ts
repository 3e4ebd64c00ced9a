/**
 * Issue 10: `client.sync.start()` with coordination runs background sync on the pusher only.
 * A client that is not the pusher sends nothing in the background (not even a pull); it takes
 * background sync over when it becomes the pusher.
 */
import { describe, expect, it, vi } from 'vitest';
import { memorySecureStore } from '../../src/auth/secure-store.js';
import { memoryChangeChannels } from '../../src/coordination/change-channel.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import type { FakeBackend } from '../../src/testing/index.js';
import { credentials, newBackend, openTestDevice } from '../support/hardening-client.js';

const waitFor = <T>(check: () => T) => vi.waitFor(check, { timeout: 8000, interval: 5 });

/**
 * A fetch to `backend` under which the first hero create never gets an answer: it stays in
 * flight until its client aborts it (noted in `timeline`).
 */
function holdingFirstCreate(backend: FakeBackend, timeline: string[]) {
  let held = false;
  return async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const create = request.method === 'POST' && new URL(request.url).pathname === '/api/v1/heroes';
    if (!create || held) return backend.fetch(request);
    held = true;
    timeline.push('create sent');
    return new Promise((_, reject) => {
      request.signal.addEventListener('abort', () => {
        timeline.push('create aborted');
        reject(request.signal.reason);
      });
    });
  };
}

/** `inner`, noting in `timeline` when a push lease stored in it is given up. */
function leaseWatch(inner: StorageAdapter, timeline: string[]): StorageAdapter {
  const transact = inner.transact?.bind(inner);
  if (!transact) throw new Error('the watched storage needs transact');
  return {
    get: (key) => inner.get(key),
    getMany: (keys) => inner.getMany(keys),
    scan: (prefix) => inner.scan(prefix),
    batch: (ops) => inner.batch(ops),
    async transact(keys, plan) {
      await transact(keys, plan);
      const lease = keys.find((key) => key.endsWith('push-lease'));
      const value = lease === undefined ? undefined : await inner.get(lease);
      if ((value as { expiresAt?: number } | undefined)?.expiresAt === 0) {
        timeline.push('lease released');
      }
    },
    close: () => inner.close(),
  };
}

describe('client.sync.start() with coordination', () => {
  it('syncs in the background on the pusher only, and on the next pusher after it', async () => {
    const backend = newBackend();
    const storage = memoryStorage();
    const secureStore = memorySecureStore();
    const open = (clientId: string) =>
      openTestDevice(backend, {
        storage,
        secureStore,
        coordination: {
          clientId,
          channel: () => ({ post() {}, subscribe: () => () => {}, close() {} }),
          renewMs: 20,
        },
      });
    const a = open('a');
    await a.client.ready;
    await a.client.auth.signUp(credentials('Eve'));
    const b = open('b');
    await b.client.ready;
    await waitFor(() => expect(() => b.client.heroes.list()).not.toThrow());

    const pulls = (device: typeof a) => device.count(/^GET \/api\/v1\/(heroes|stories)/);
    const before = pulls(b);
    b.client.sync.start(); // b is not the pusher
    a.client.sync.start();
    await waitFor(() => expect(pulls(a)).toBeGreaterThan(0));
    await a.client.sync.whenIdle();
    await b.client.sync.whenIdle();
    expect(pulls(b)).toBe(before);

    // The pusher goes: b takes over, and its background sync with it.
    await a.client.close();
    await b.client.heroes.create({ name: 'Late', age: 5, traits: ['kind'] });
    await waitFor(() =>
      expect([...backend.db.heroes.values()].map((hero) => hero.name)).toEqual(['Late']),
    );
    expect(pulls(b)).toBeGreaterThan(before);
  });

  it('a closing pusher gives the push lock up only once its request in flight was aborted', async () => {
    const backend = newBackend();
    const timeline: string[] = [];
    const a = openTestDevice(backend, {
      storage: leaseWatch(memoryStorage(), timeline),
      secureStore: memorySecureStore(),
      fetch: holdingFirstCreate(backend, timeline),
      coordination: { clientId: 'a' },
    });
    await a.client.ready;
    await a.client.auth.signUp(credentials('Ray'));
    await a.client.heroes.create({ name: 'Held', age: 5, traits: ['kind'] });
    const round = a.client.sync.syncNow().catch((error: unknown) => error);
    await waitFor(() => expect(timeline).toEqual(['create sent']));
    await a.client.close();
    // Until the lease is given up no other client pushes, so the aborted create cannot race
    // a new pusher's send of the same entry.
    expect(timeline).toEqual(['create sent', 'create aborted', 'lease released']);
    expect(await round).toBeInstanceOf(Error);
  });

  it('a round the closing pusher ran for another client answers nothing: the next pusher runs it', async () => {
    const backend = newBackend();
    const timeline: string[] = [];
    const fetch = holdingFirstCreate(backend, timeline);
    const inner = memoryStorage();
    const storage = leaseWatch(inner, timeline);
    const channels = memoryChangeChannels();
    const secureStore = memorySecureStore();
    const open = (clientId: string) =>
      openTestDevice(backend, {
        storage,
        secureStore,
        fetch,
        coordination: { clientId, renewMs: 20, pollMs: 20, channel: () => channels() },
      });
    const a = open('a');
    await a.client.ready;
    await a.client.auth.signUp(credentials('Ray'));
    const leaseOwner = async () => {
      const [lease] = (await inner.scan('c/')).filter(([key]) => key.endsWith('push-lease'));
      return (lease?.[1] as { owner?: string } | undefined)?.owner;
    };
    await waitFor(async () => expect(await leaseOwner()).toBe('a'));
    const b = open('b');
    await b.client.ready;
    await waitFor(() => expect(() => b.client.heroes.list()).not.toThrow());
    await b.client.heroes.create({ name: 'Held', age: 5, traits: ['kind'] });
    // b asks the pusher for a round; a's round sends the create, which hangs.
    const asked = b.client.sync.syncNow().catch((error: unknown) => error);
    await waitFor(() => expect(timeline).toEqual(['create sent']));
    await a.client.close();
    expect(timeline).toEqual(['create sent', 'create aborted', 'lease released']);
    // The aborted round answered nothing: b, the next pusher, runs the round b asked for.
    expect(await asked).toMatchObject({ failed: 0 });
    expect([...backend.db.heroes.values()].map((hero) => hero.name)).toEqual(['Held']);
  });
});
