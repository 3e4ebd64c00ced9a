import { describe, expect, it } from 'vitest';
import { runBlobStoreContract } from './blob-store-contract.js';
import { memoryBlobStore } from './memory-blob-store.js';

runBlobStoreContract('memoryBlobStore', () => memoryBlobStore(), { describe, it, expect });

describe('memoryBlobStore', () => {
  it('gives every call its own store', async () => {
    const a = memoryBlobStore();
    await a.put('k', Uint8Array.of(1), { contentType: 'a/b' });
    expect(await memoryBlobStore().get('k')).toBeUndefined();
  });

  it('keeps its own copy of the bytes it was given', async () => {
    const store = memoryBlobStore();
    const bytes = Uint8Array.of(1, 2);
    await store.put('k', bytes, { contentType: 'a/b' });
    bytes[0] = 9;
    expect([...((await (await store.get('k'))?.bytes()) ?? [])]).toEqual([1, 2]);
  });
});
