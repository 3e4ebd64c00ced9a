// Issue 10: without a change channel, a client polls one key (the user's change counter) and
// re-reads its rows only when another client wrote since its last look.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changesKey, openCoordinatedStorage } from '../../src/coordination/coordinated-storage.js';
import { storagePushLease } from '../../src/coordination/push-lease.js';
import { shareStore } from '../../src/coordination/share-store.js';
import { indexedDBStorage } from '../../src/storage-adapters/indexeddb-storage.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { sqliteStorage } from '../../src/storage-adapters/sqlite-storage.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { openLocalStore } from '../../src/store/local-store.js';

const dir = mkdtempSync(join(tmpdir(), 'sdk-change-counter-'));
let files = 0;

/** Counts full re-reads of the record rows and single-key reads. */
function counting(inner: StorageAdapter) {
  const counts = { rowScans: 0, gets: 0 };
  const storage = new Proxy(inner, {
    get(target, property) {
      if (property === 'scan') {
        return (prefix: string) => {
          if (prefix.endsWith('/rec/')) counts.rowScans++;
          return target.scan(prefix);
        };
      }
      if (property === 'get') {
        return (key: string) => {
          counts.gets++;
          return target.get(key);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { storage, counts };
}

describe('the change counter', () => {
  it('a poll reads one key, and the rows only after another client wrote', async () => {
    const memory = memoryStorage();
    let time = 0;
    const now = () => time;
    const timers = { setTimeout: () => 0, clearTimeout: () => {} };
    const open = async (id: string, storage: StorageAdapter) => {
      const shared = await openCoordinatedStorage(storage, 'u1');
      const store = await openLocalStore({ storage: shared.storage, userId: 'u1' });
      const lock = storagePushLease({ storage, key: 'c/u/u1/push-lease', owner: id, now });
      const sharing = shareStore({
        store,
        clientId: id,
        lock,
        changes: shared,
        pollMs: 100,
        timers,
        now,
      });
      await sharing.tick();
      return { store, sharing };
    };
    const a = await open('a', memory);
    const watched = counting(memory);
    const b = await open('b', watched.storage);
    const poll = async () => {
      time += 100;
      await b.sharing.tick();
    };
    watched.counts.rowScans = 0;
    watched.counts.gets = 0;

    for (let i = 0; i < 5; i++) await poll();
    expect(watched.counts).toEqual({ rowScans: 0, gets: 5 }); // one key per poll

    await a.store.create('heroes', { name: 'Seen', age: 5, traits: ['brave'] });
    await poll();
    expect(watched.counts.rowScans).toBe(1);
    expect(b.store.list('heroes').map((hero) => hero.name)).toEqual(['Seen']);

    // b's own write moves the counter too, but is not another client's: no re-read.
    await b.store.create('heroes', { name: 'Mine', age: 5, traits: ['kind'] });
    await poll();
    await poll();
    expect(watched.counts.rowScans).toBe(1);

    // Both write between two polls: b re-reads once.
    await a.store.create('heroes', { name: 'Again', age: 5, traits: ['brave'] });
    await b.store.create('heroes', { name: 'Too', age: 5, traits: ['kind'] });
    await poll();
    expect(watched.counts.rowScans).toBe(2);
    expect(b.store.list('heroes')).toHaveLength(4);
    await Promise.all([a.sharing.close(), b.sharing.close()]);
  });
});

describe('the counter is bumped only when its last bump was seen', () => {
  const row = (i: number) => `u/u1/rec/heroes/h${i}`;
  const write = (storage: StorageAdapter, i: number) =>
    storage.transact?.([row(i)], () => [{ type: 'put', key: row(i), value: { i } }]);

  it('a client writing while nobody looks bumps once; after a look, once more', async () => {
    const memory = memoryStorage();
    const a = await openCoordinatedStorage(memory, 'u1');
    const b = await openCoordinatedStorage(memory, 'u1');
    const counter = async () => ((await memory.get(changesKey('u1'))) as { n: number }).n;
    const start = await counter();
    for (let i = 0; i < 10; i++) await write(a.storage, i);
    expect(await counter()).toBe(start + 1);
    expect(await b.changedElsewhere()).toBe(true);
    for (let i = 10; i < 20; i++) await write(a.storage, i);
    expect(await counter()).toBe(start + 2);
    expect(await b.changedElsewhere()).toBe(true);
    expect(await b.changedElsewhere()).toBe(false);
    expect(await a.changedElsewhere()).toBe(false); // its own writes only
  });

  it('a look over another SQLite connection makes the writer bump again', async () => {
    const file = join(dir, `counter-${++files}.db`);
    const [first, second] = [sqliteStorage(new Database(file)), sqliteStorage(new Database(file))];
    const a = await openCoordinatedStorage(first, 'u1');
    const b = await openCoordinatedStorage(second, 'u1');
    await write(a.storage, 0); // bumps
    await write(a.storage, 1); // its bump is unseen: no bump
    expect(await b.changedElsewhere()).toBe(true); // marks the bump seen, from the other connection
    await write(a.storage, 2); // must bump again, though nothing changed over its own connection
    expect(await b.changedElsewhere()).toBe(true);
    await Promise.all([first.close(), second.close()]);
  });

  // Three clients over one storage: in memory, and over a SQLite file where two clients share
  // a connection and the third has its own (each client reads the record once per scope: it
  // must learn of writes from its own connection and from the other one). IndexedDB reads the
  // record in every write (its scopes are not isolated).
  const storages: Record<string, { runs: number; open: () => StorageAdapter[] }> = {
    memory: {
      runs: 200,
      open: () => {
        const memory = memoryStorage();
        return [memory, memory, memory];
      },
    },
    'sqlite (two connections)': {
      runs: 40,
      open: () => {
        const file = join(dir, `counter-${++files}.db`);
        const shared = sqliteStorage(new Database(file));
        return [shared, shared, sqliteStorage(new Database(file))];
      },
    },
    indexeddb: {
      runs: 20,
      open: () => {
        const dbName = `counter-${++files}`;
        return [
          indexedDBStorage({ dbName }),
          indexedDBStorage({ dbName }),
          indexedDBStorage({ dbName }),
        ];
      },
    },
  };

  it.each(Object.entries(storages))(
    'no client ever misses another client’s write (random writes and looks by 3 clients, %s)',
    async (_, { runs, open }) => {
      const step = fc.record({ client: fc.integer({ min: 0, max: 2 }), look: fc.boolean() });
      await fc.assert(
        fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
          const adapters = open();
          const clients = [];
          for (const adapter of adapters) clients.push(await openCoordinatedStorage(adapter, 'u1'));
          /** Who wrote, in order; and where each client's last look was in that log. */
          const log: number[] = [];
          const lastLook = [0, 0, 0];
          for (const { client, look } of steps) {
            const shared = clients[client];
            if (!shared) throw new Error('no such client');
            if (!look) {
              await write(shared.storage, log.length);
              log.push(client);
              continue;
            }
            const missed = log.slice(lastLook[client]).some((writer) => writer !== client);
            const changed = await shared.changedElsewhere();
            if (missed) expect(changed).toBe(true);
            lastLook[client] = log.length;
          }
          for (const adapter of new Set(adapters)) await adapter.close();
        }),
        { numRuns: runs },
      );
    },
  );
});
