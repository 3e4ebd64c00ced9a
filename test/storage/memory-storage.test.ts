import { describe, expect, it } from 'vitest';
import { isStorageError } from '../../src/errors/index.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { faultyStorage } from '../../src/testing/faulty-storage.js';
import { runStorageAdapterContract } from '../../src/testing/storage-adapter-contract.js';

runStorageAdapterContract('memoryStorage', { open: async () => memoryStorage() }, { describe, it });

// The bare interface a third party would write (no optional deletePrefix): proves the suite
// and the deletePrefix() fallback (scan + batch) on it.
runStorageAdapterContract(
  'minimal adapter without deletePrefix',
  {
    open: async () => {
      const { get, getMany, scan, batch, close } = memoryStorage();
      return { get, getMany, scan, batch, close };
    },
  },
  { describe, it },
);

describe('memoryStorage', () => {
  it('faultyStorage.failNextBatch fails exactly one batch, which leaves nothing behind', async () => {
    const storage = faultyStorage(memoryStorage());
    await storage.batch([{ type: 'put', key: 'a', value: 1 }]);
    const cause = new Error('disk full (simulated)');
    storage.failNextBatch(cause);
    const error = await storage
      .batch([
        { type: 'put', key: 'b', value: 2 },
        { type: 'delete', key: 'a' },
      ])
      .catch((e: unknown) => e);
    expect(isStorageError(error)).toBe(true);
    expect((error as Error).cause).toBe(cause);
    expect(await storage.scan('')).toEqual([['a', 1]]);
    await storage.batch([{ type: 'put', key: 'b', value: 2 }]);
    expect(await storage.scan('')).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('two stores never share data', async () => {
    const one = memoryStorage();
    const two = memoryStorage();
    await one.batch([{ type: 'put', key: 'k', value: 'one' }]);
    expect(await two.get('k')).toBeUndefined();
  });

  it('rejects malformed ops from JavaScript callers with a StorageError', async () => {
    const storage = memoryStorage();
    const bad = [{ type: 'upsert', key: 'k', value: 1 }] as never;
    await expect(storage.batch(bad)).rejects.toMatchObject({ name: 'StorageError' });
    await expect(storage.get(42 as never)).rejects.toMatchObject({ name: 'StorageError' });
  });
});
