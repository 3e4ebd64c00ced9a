import { expect } from 'vitest';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { type LocalStore, openLocalStore } from '../../src/store/local-store.js';

/** A deterministic clock: starts at a fixed instant and advances 1 ms per read. */
export function testClock(start = Date.parse('2026-01-01T00:00:00.000Z')): () => number {
  let t = start;
  return () => t++;
}

/** Sequential ids: `id-1`, `id-2`, … */
export function testIds(prefix = 'id'): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

/** Opens a store for `userId` on `storage` (a fresh memory adapter by default). */
export async function openTestStore(
  options: { storage?: StorageAdapter; userId?: string; idPrefix?: string } = {},
): Promise<{ store: LocalStore; storage: StorageAdapter }> {
  const storage = options.storage ?? memoryStorage();
  const store = await openLocalStore({
    storage,
    userId: options.userId ?? 'user-a',
    now: testClock(),
    newId: testIds(options.idPrefix ?? 'id'),
  });
  return { store, storage };
}

/** A server row of the given collection's shape, with an ISO `updatedAt`. */
export function serverRow(
  id: string,
  fields: Record<string, string | number | boolean | null | string[]>,
  updatedAt = '2026-01-01T00:00:00.000Z',
): { id: string; updatedAt: string } & typeof fields {
  return { id, createdAt: '2026-01-01T00:00:00.000Z', updatedAt, ...fields };
}

/**
 * After a first list: listing again by `query` hands out the very views of `listed`, and a
 * write to another collection leaves the live list as it is (the same snapshot, no news).
 */
export async function expectListedViewsKept(
  store: LocalStore,
  live: { getSnapshot(): unknown },
  listed: readonly unknown[],
  query: Parameters<LocalStore['list']>[1],
  notified: () => number,
): Promise<void> {
  const again = store.list('heroes', query);
  expect(again).toHaveLength(listed.length);
  again.forEach((view, i) => {
    expect(view).toBe(listed[i]);
  });
  await store.create('stories', { heroId: 's1', title: 'T', content: 'C' });
  expect(live.getSnapshot()).toBe(listed);
  expect(notified()).toBe(0);
}
