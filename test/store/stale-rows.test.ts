import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { openTestStore, serverRow } from './helpers.js';

const hero = { name: 'Luna', age: 5, traits: ['brave'] };
const T1 = '2026-01-01T00:00:01.000Z';
const T2 = '2026-01-01T00:00:02.000Z';

describe('stale server rows', () => {
  it('a row older than the record’s server version is skipped', async () => {
    const { store } = await openTestStore();
    await store.applyServerRows('heroes', [serverRow('h1', { ...hero, name: 'new' }, T2)]);
    const result = await store.applyServerRows('heroes', [
      serverRow('h1', { ...hero, name: 'old' }, T1),
    ]);
    expect(result.applied).toEqual([]);
    expect(store.get('heroes', 'h1')).toMatchObject({ name: 'new' });
    expect(store.getStored('heroes', 'h1')?.serverUpdatedAt).toBe(T2);
  });

  it('a listing started before the record last heard from the server does not replace it', async () => {
    const { store } = await openTestStore();
    await store.applyServerRows('heroes', [serverRow('h1', hero, T1)]);
    const syncedAt = store.getStored('heroes', 'h1')?.lastSyncedAt ?? Number.NaN;
    // An online operation's result: server fields, no new server version.
    await store.applyServerFields('heroes', 'h1', { avatarUrl: 'avatar/new.png' });
    const touchedAt = store.getStored('heroes', 'h1')?.lastSyncedAt ?? Number.NaN;
    expect(touchedAt).toBeGreaterThan(syncedAt);
    const listed = serverRow('h1', { ...hero, avatarUrl: null }, T1);

    const stale = await store.applyServerRows('heroes', [listed], touchedAt);
    expect(stale.applied).toEqual([]);
    expect(store.get('heroes', 'h1')).toMatchObject({ avatarUrl: 'avatar/new.png' });

    // A listing started after it is the newer word.
    const fresh = await store.applyServerRows('heroes', [listed], touchedAt + 1_000);
    expect(fresh.applied).toEqual(['h1']);
    expect(store.get('heroes', 'h1')).toMatchObject({ avatarUrl: null });
  });
});

describe('rebase keeping a delete', () => {
  it('re-queues the delete in the same commit as the rebase', async () => {
    const inner = memoryStorage();
    let batches = 0;
    const storage: StorageAdapter = {
      get: (key) => inner.get(key),
      getMany: (keys) => inner.getMany(keys),
      scan: (prefix) => inner.scan(prefix),
      close: () => inner.close(),
      batch: (ops) => {
        batches++;
        return inner.batch(ops);
      },
    };
    const { store } = await openTestStore({ storage });
    await store.applyServerRows('heroes', [serverRow('h1', hero, T1)]);
    await store.delete('heroes', 'h1');
    const before = batches;
    await store.rebase('heroes', 'h1', serverRow('h1', { ...hero, name: 'theirs' }, T2), 'delete');
    expect(batches - before).toBe(1);
    expect(store.outbox.entries()).toMatchObject([
      { op: 'delete', patch: null, baseServerUpdatedAt: T2, status: 'pending' },
    ]);
    expect(store.get('heroes', 'h1')).toBeUndefined();
    expect(store.getStored('heroes', 'h1')).toMatchObject({
      serverUpdatedAt: T2,
      syncStatus: 'pendingDelete',
    });
  });
});
