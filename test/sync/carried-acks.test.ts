/**
 * An answer is written with the next request's in-flight mark: one storage transaction per
 * record instead of two, and nothing lost or sent twice when that transaction fails.
 */
import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { hero, newUser, openDevice, serverHeroes, useSyncBackend } from './support.js';

const { backend: useBackend } = useSyncBackend();

/** A memory storage that counts the writes touching record rows, and fails the chosen ones. */
function watchedStorage(): {
  storage: StorageAdapter;
  recordWrites(): number;
  failWrite(n: number | null): void;
} {
  const inner = memoryStorage();
  let writes = 0;
  let failAt: number | null = null;
  const touch = (keys: readonly string[]): void => {
    if (!keys.some((key) => key.includes('/rec/'))) return;
    writes++;
    if (writes === failAt) throw new Error('disk full');
  };
  const storage: StorageAdapter = {
    ...inner,
    get: (key) => inner.get(key),
    getMany: (keys) => inner.getMany(keys),
    batch: async (ops) => {
      touch(ops.map((op) => op.key));
      return inner.batch(ops);
    },
    transact: async (keys, plan) => {
      touch(keys);
      if (!inner.transact) throw new Error('the memory storage has no transact');
      return inner.transact(keys, plan);
    },
  };
  return {
    storage,
    recordWrites: () => writes,
    failWrite: (n) => (failAt = n === null ? null : writes + n),
  };
}

describe('carried acknowledgements', () => {
  it('pushes n creates one at a time in n + 1 record transactions, each acknowledged', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    const watched = watchedStorage();
    const device = await openDevice(backend, user, {
      storage: watched.storage,
      pushConcurrency: 1,
      autoStart: false,
    });
    await device.engine.syncNow();
    const ids = [];
    for (const name of ['A', 'B', 'C', 'D'])
      ids.push((await device.store.create('heroes', hero(name))).id);
    const before = watched.recordWrites();
    const summary = await device.engine.syncNow();
    expect(summary).toMatchObject({ pushed: 4, failed: 0 });
    // mark A; ack A + mark B; ack B + mark C; ack C + mark D; ack D.
    expect(watched.recordWrites() - before).toBe(5);
    expect(
      serverHeroes(backend, user.userId)
        .map((h) => h.name)
        .sort(),
    ).toEqual(['A', 'B', 'C', 'D']);
    for (const id of ids) expect(device.store.get('heroes', id)?.syncStatus).toBe('synced');
    expect(device.store.outbox.pendingCount).toBe(0);
    await device.close();
  });

  it('a failed joint write sends nothing twice and loses no answer', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    const watched = watchedStorage();
    const device = await openDevice(backend, user, {
      storage: watched.storage,
      pushConcurrency: 1,
      autoStart: false,
    });
    await device.engine.syncNow();
    const a = await device.store.create('heroes', hero('A'));
    const b = await device.store.create('heroes', hero('B'));
    // The second record write is A's answer with B's in-flight mark.
    watched.failWrite(2);
    await expect(device.engine.syncNow()).rejects.toThrow();
    expect(serverHeroes(backend, user.userId).map((h) => h.name)).toEqual(['A']);
    expect(device.store.get('heroes', b.id)?.syncStatus).toBe('pendingCreate');
    watched.failWrite(null);
    await device.engine.syncNow();
    expect(
      serverHeroes(backend, user.userId)
        .map((h) => h.name)
        .sort(),
    ).toEqual(['A', 'B']);
    const serverA = serverHeroes(backend, user.userId).find((h) => h.name === 'A');
    expect(device.store.get('heroes', a.id)).toMatchObject({
      serverId: serverA?.id,
      syncStatus: 'synced',
    });
    expect(device.store.get('heroes', b.id)?.syncStatus).toBe('synced');
    expect(device.store.list('heroes')).toHaveLength(2);
    expect(device.store.outbox.pendingCount).toBe(0);
    await device.close();
  });
});
