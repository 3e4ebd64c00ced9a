// Two clients over one storage, each with its store and sync engine, against the fake backend:
// one pusher at a time, nothing sent twice, the pusher replaced when it goes, live data shared.
import { describe, expect, it } from 'vitest';
import { memoryChangeChannels } from '../../src/coordination/change-channel.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { backendWithUser, coordinatedDevice } from './coordinated-device.js';

async function world(name: string) {
  const { backend, user } = await backendWithUser(name);
  const storage = memoryStorage();
  const channels = memoryChangeChannels();
  let time = Date.now();
  const now = () => time;
  const client = (id: string) =>
    coordinatedDevice({ backend, user, id, storage, channel: channels(), now });
  const heroesOnServer = () =>
    [...backend.db.heroes.values()].filter((hero) => hero.userId === user.userId);
  return { backend, client, heroesOnServer, advance: (ms: number) => (time += ms) };
}

describe('two clients over one storage', () => {
  it('offline create in one, the other loads, network back: exactly one hero on the server', async () => {
    const { backend, client, heroesOnServer } = await world('one-hero');
    try {
      const a = await client('a');
      const created = await a.store.create('heroes', { name: 'Luna', age: 5, traits: ['brave'] });
      const b = await client('b');
      expect(b.store.get('heroes', created.id)).toMatchObject({ name: 'Luna' });
      expect(a.sharing.isPusher()).toBe(true);
      expect(b.sharing.isPusher()).toBe(false);
      // The network is back: both clients are told to sync, twice over.
      await Promise.all([a.sharing.syncNow(), b.sharing.syncNow()]);
      await Promise.all([b.sharing.syncNow(), a.sharing.syncNow()]);
      expect(b.store.get('heroes', created.id)).toMatchObject({ syncStatus: 'synced' });
      expect(heroesOnServer().map((hero) => hero.name)).toEqual(['Luna']);
      await Promise.all([a.close(), b.close()]);
    } finally {
      backend.close();
    }
  });

  it('a sync round run on a client that is not the pusher (client.sync.syncNow) sends nothing', async () => {
    const { backend, client, heroesOnServer } = await world('not-pusher');
    try {
      const a = await client('a');
      const b = await client('b');
      expect(b.sharing.isPusher()).toBe(false);
      await b.store.create('heroes', { name: 'Once', age: 5, traits: ['brave'] });
      // What `client.sync.syncNow()` runs: the engine's round, not the sharing's.
      await b.engine.syncNow();
      expect(heroesOnServer()).toEqual([]);
      expect(b.store.outbox.entries()).toHaveLength(1);
      await a.sharing.syncNow();
      expect(heroesOnServer().map((hero) => hero.name)).toEqual(['Once']);
      await Promise.all([a.close(), b.close()]);
    } finally {
      backend.close();
    }
  });

  it('the pusher leaves (or dies): the other takes over and sends only what is still queued', async () => {
    const { backend, client, heroesOnServer, advance } = await world('handover');
    try {
      const a = await client('a');
      await a.store.create('heroes', { name: 'First', age: 5, traits: ['brave'] });
      const b = await client('b');
      const c = await client('c');
      await a.sharing.syncNow();
      // a closes cleanly: b takes over at its next tick, re-reads the store and syncs.
      await a.engine.close();
      await a.sharing.close();
      await b.store.create('heroes', { name: 'Second', age: 5, traits: ['brave'] });
      await b.sharing.tick();
      expect(b.sharing.isPusher()).toBe(true);
      expect(
        heroesOnServer()
          .map((hero) => hero.name)
          .sort(),
      ).toEqual(['First', 'Second']);
      // b dies without a word: c waits for the lease to expire, then takes over.
      await c.store.create('heroes', { name: 'Third', age: 5, traits: ['brave'] });
      await c.sharing.tick();
      expect(c.sharing.isPusher()).toBe(false);
      advance(6_000);
      await c.sharing.tick();
      expect(c.sharing.isPusher()).toBe(true);
      expect(
        heroesOnServer()
          .map((hero) => hero.name)
          .sort(),
      ).toEqual(['First', 'Second', 'Third']);
      await Promise.all([b.engine.close(), c.engine.close(), c.sharing.close()]);
    } finally {
      backend.close();
    }
  });

  it('a live list in one client shows the other client’s create without a reload', async () => {
    const { backend, client } = await world('live');
    try {
      const a = await client('a');
      const b = await client('b');
      const list = b.store.observe('heroes');
      const seen = new Promise<readonly unknown[]>((resolve) => {
        const stop = list.subscribe(() => {
          const heroes = list.getSnapshot();
          if (heroes.length > 0) {
            stop();
            resolve(heroes);
          }
        });
      });
      await a.store.create('heroes', { name: 'Across', age: 5, traits: ['brave'] });
      expect(await seen).toMatchObject([{ name: 'Across' }]);
      await Promise.all([a.sharing.close(), b.sharing.close()]);
    } finally {
      backend.close();
    }
  });
});
