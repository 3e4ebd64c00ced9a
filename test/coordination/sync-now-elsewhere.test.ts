// Issue 10: `syncNow()` on a client that is not the pusher asks the pusher for a round and
// resolves once that round pushed this client's change and pulled; it sends nothing itself.
import { describe, expect, it } from 'vitest';
import { memoryChangeChannels } from '../../src/coordination/change-channel.js';
import { isAbortError, isRateLimitError, RateLimitError } from '../../src/errors/index.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { backendWithUser, coordinatedDevice } from './coordinated-device.js';

async function world(useChannel: boolean, background = false) {
  const { backend, user } = await backendWithUser('Elsewhere', `elsewhere.${useChannel}`);
  const storage = memoryStorage();
  const channels = memoryChangeChannels();
  const open = (id: string) =>
    coordinatedDevice({
      backend,
      user,
      id,
      storage,
      channel: useChannel ? channels() : undefined,
      background,
      counted: true,
    });
  return { backend, user, open };
}

describe('syncNow() on a client that is not the pusher', () => {
  it.each([
    ['with a channel', true],
    ['polling (the ticks of both clients)', false],
  ])(
    '%s: resolves with the pusher’s round, which pushed this client’s change',
    async (_, useChannel) => {
      const { backend, open } = await world(useChannel);
      try {
        const a = await open('a');
        const b = await open('b');
        expect([a.sharing.isPusher(), b.sharing.isPusher()]).toEqual([true, false]);
        const hero = await b.store.create('heroes', { name: 'Asked', age: 5, traits: ['kind'] });
        const asked = b.sharing.syncNow();
        if (!useChannel) {
          // No channel: the pusher sees the request at its tick, b the answer at its own.
          await a.sharing.tick();
          await b.sharing.tick();
        }
        expect(await asked).toMatchObject({ pushed: 1, failed: 0 });
        expect([...backend.db.heroes.values()].map((row) => row.name)).toEqual(['Asked']);
        expect(b.requests).toEqual([]); // b sent nothing, not even a pull
        expect(a.requests.some((line) => line.startsWith('GET '))).toBe(true); // the pusher pulled
        expect(b.store.get('heroes', hero.id)).toMatchObject({ syncStatus: 'synced' });

        // Aborted while waiting: rejects with AbortError, and the change stays queued.
        await b.store.update('heroes', hero.id, { age: 6 });
        const controller = new AbortController();
        const waiting = b.sharing.syncNow({ signal: controller.signal });
        controller.abort();
        expect(isAbortError(await waiting.catch((error: unknown) => error))).toBe(true);
        await Promise.all([a.close(), b.close()]);
      } finally {
        backend.close();
      }
    },
  );

  it.each([
    ['with a channel, background sync on', true, true],
    ['polling, background sync on', false, true],
    ['polling, background sync off', false, false],
  ])(
    '%s: a client that becomes the pusher while it waits resolves with the round that pushed its change',
    async (_, useChannel, background) => {
      const { backend, open } = await world(useChannel, background);
      try {
        const a = await open('a');
        const b = await open('b');
        await a.engine.whenIdle(); // a's takeover round, if any (nothing to push yet)
        await b.store.create('heroes', { name: 'Handed over', age: 5, traits: ['kind'] });
        const asked = b.sharing.syncNow();
        await a.close(); // the pusher leaves before its next tick: nobody answered yet
        // b takes the lock over: its takeover round (background on), or the round its tick
        // serves the waiting request with, pushes the change.
        await b.sharing.tick();
        expect(await asked).toMatchObject({ pushed: 1, failed: 0 });
        expect([...backend.db.heroes.values()].map((row) => row.name)).toEqual(['Handed over']);
        expect(b.requests.filter((line) => line.startsWith('POST '))).toHaveLength(1);
        await b.close();
      } finally {
        backend.close();
      }
    },
  );

  it('rejects with the error the pusher’s round failed with: same class, same fields', async () => {
    const { backend, open } = await world(true);
    try {
      const a = await open('a');
      const b = await open('b');
      await b.store.create('heroes', { name: 'Limited', age: 5, traits: ['kind'] });
      const message =
        'Rate limit exceeded for hero_list. Resets at 2030-01-01T00:00:00.000Z. Limit: 100 requests per hour.';
      backend.faults.failNext(1, {
        status: 429,
        body: JSON.stringify({ error: 'Too Many Requests', message }),
        match: { method: 'GET', path: '/api/v1/heroes' },
      });
      const failure = await b.sharing.syncNow().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(RateLimitError);
      expect(isRateLimitError(failure)).toBe(true);
      expect(failure).toMatchObject({
        name: 'RateLimitError',
        status: 429,
        method: 'GET',
        limitedOperation: 'hero_list',
        limit: 100,
        resetAt: new Date('2030-01-01T00:00:00.000Z'),
      });
      expect((failure as RateLimitError).message).toMatch(/rate limited \(hero_list\) until 2030/);
      expect(b.requests).toEqual([]); // the round ran on the pusher
      expect(a.requests).toContain('GET /api/v1/heroes');
      await Promise.all([a.close(), b.close()]);
    } finally {
      backend.close();
    }
  });
});
