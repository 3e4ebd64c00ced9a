import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memorySecureStore } from './secure-store.js';
import { runSecureStoreContract } from './secure-store-contract.js';

runSecureStoreContract('memorySecureStore', () => memorySecureStore(), {
  describe,
  it,
  expect,
  beforeEach,
  afterEach,
});

describe('memorySecureStore', () => {
  it('gives every call its own independent store', async () => {
    const a = memorySecureStore();
    const b = memorySecureStore();
    await a.set('k', 'only-in-a');
    expect(await b.get('k')).toBeNull();
  });

  it('can start with initial entries', async () => {
    const store = memorySecureStore([['k', 'v']]);
    expect(await store.get('k')).toBe('v');
  });

  it('rejects non-string values instead of storing them', async () => {
    const store = memorySecureStore();
    await expect(store.set('k', 42 as unknown as string)).rejects.toThrow(TypeError);
    expect(await store.get('k')).toBeNull();
  });
});
