import { describe, expect, it } from 'vitest';
import { isStorageError } from '../errors/index.js';
import { memoryStorage } from '../storage-adapters/memory-storage.js';
import type { StorageAdapter } from '../storage-adapters/storage-adapter.js';
import { openLocalStore } from '../store/local-store.js';
import { faultyStorage } from './faulty-storage.js';

describe('faultyStorage over an adapter with transact', () => {
  it('passes transact through, so the store writes through it; a failure fails one transact', async () => {
    const inner = memoryStorage();
    const calls: string[] = [];
    const watched: StorageAdapter = {
      ...inner,
      batch: (ops) => {
        calls.push('batch');
        return inner.batch(ops);
      },
      transact: (keys, plan) => {
        calls.push('transact');
        return inner.transact(keys, plan);
      },
    };
    const storage = faultyStorage(watched);
    const store = await openLocalStore({ storage, userId: 'u1' });
    calls.length = 0;
    await store.create('heroes', { name: 'Kept', age: 5, traits: ['brave'] });
    expect(calls).toEqual(['transact']);

    const cause = new Error('disk full (simulated)');
    storage.failNextBatch(cause);
    let planned = false;
    const error = await storage
      .transact?.(['k'], () => {
        planned = true;
        return [{ type: 'put', key: 'k', value: 1 }];
      })
      .catch((e: unknown) => e);
    expect(isStorageError(error)).toBe(true);
    expect((error as Error).cause).toBe(cause);
    expect(planned).toBe(false);
    expect(await inner.get('k')).toBeUndefined();

    // One-shot: the store's next write goes through.
    storage.failNextBatch();
    await expect(
      store.create('heroes', { name: 'Lost', age: 5, traits: ['kind'] }),
    ).rejects.toSatisfy(isStorageError);
    await store.create('heroes', { name: 'Also kept', age: 6, traits: ['kind'] });
    expect(store.list('heroes').map((hero) => hero.name)).toEqual(['Kept', 'Also kept']);
    expect(await inner.scan('u/u1/rec/')).toHaveLength(2);
  });
});
