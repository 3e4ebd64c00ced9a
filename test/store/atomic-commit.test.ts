import { describe, expect, it } from 'vitest';
import { isStorageError } from '../../src/errors/index.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { openLocalStore } from '../../src/store/local-store.js';
import { faultyStorage } from '../../src/testing/faulty-storage.js';
import { openTestStore } from './helpers.js';

describe('a local write and its outbox entry commit as one atomic batch', () => {
  it('is visible before its promise resolves, and durable with its entry once it does', async () => {
    const storage = memoryStorage();
    const { store } = await openTestStore({ storage });
    const promise = store.create('heroes', { name: 'Luna', age: 5, traits: ['brave'] });
    // Optimistic: visible synchronously, before the batch settled.
    expect(store.list('heroes').map((h) => h.name)).toEqual(['Luna']);
    expect(store.outbox.pendingCount).toBe(1);
    const hero = await promise;
    // One row holds the record and its outbox entry: a single put.
    const rows = await storage.scan('u/user-a/');
    expect(rows.map(([key]) => key)).toEqual([
      'u/user-a/meta/format',
      `u/user-a/rec/heroes/${hero.id}`,
    ]);
    // Stored compactly (format 3): the record's wire fields once; the create names its fields.
    expect(rows[1]?.[1]).toMatchObject({
      d: { name: 'Luna', age: 5, traits: ['brave'] },
      s: null,
      o: [{ o: 'create', q: 1, k: ['name', 'age', 'traits'] }],
    });
    expect(store.outbox.entries()).toMatchObject([
      { op: 'create', localId: hero.id, seq: 1, patch: { name: 'Luna' } },
    ]);
  });

  it('a failing batch rejects with StorageError, leaves nothing, and subscribers see the rollback', async () => {
    const storage = faultyStorage(memoryStorage());
    const { store } = await openTestStore({ storage });
    const observed = store.observe('heroes');
    const seen: string[][] = [];
    observed.subscribe(() => seen.push(observed.getSnapshot().map((h) => h.name as string)));
    let outboxEvents = 0;
    store.outbox.subscribe(() => outboxEvents++);

    storage.failNextBatch(new Error('disk full'));
    const promise = store.create('heroes', { name: 'Luna', age: 5, traits: ['brave'] });
    expect(seen).toEqual([['Luna']]);
    const error = await promise.catch((e: unknown) => e);
    expect(isStorageError(error)).toBe(true);

    expect(seen).toEqual([['Luna'], []]);
    expect(outboxEvents).toBe(2);
    expect(store.list('heroes')).toEqual([]);
    expect(store.outbox.pending()).toEqual([]);
    expect((await storage.scan('u/user-a/')).map(([key]) => key)).toEqual(['u/user-a/meta/format']);

    // The store keeps working after the failure.
    await store.create('heroes', { name: 'Sol', age: 6, traits: ['kind'] });
    expect(store.list('heroes').map((h) => h.name)).toEqual(['Sol']);
  });

  it('writes queued behind a failed batch are rolled back too, newest first', async () => {
    const storage = faultyStorage(memoryStorage());
    const { store } = await openTestStore({ storage });
    const luna = await store.create('heroes', { name: 'Luna', age: 5, traits: ['brave'] });
    const before = store.get('heroes', luna.id);

    storage.failNextBatch();
    const first = store.update('heroes', luna.id, { age: 7 });
    // Queued while the first batch is running; built on top of it.
    const second = store.update('heroes', luna.id, { name: 'Luna B' });
    const third = store.create('heroes', { name: 'Sol', age: 6, traits: ['kind'] });
    expect(store.get('heroes', luna.id)?.name).toBe('Luna B');

    const results = await Promise.allSettled([first, second, third]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const result of results) {
      expect(isStorageError((result as PromiseRejectedResult).reason)).toBe(true);
    }
    expect(store.get('heroes', luna.id)).toBe(before);
    expect(store.list('heroes')).toHaveLength(1);
    expect(store.outbox.pending().map((e) => e.patch)).toEqual([
      { name: 'Luna', age: 5, traits: ['brave'] },
    ]);

    const reopened = await openLocalStore({ storage, userId: 'user-a' });
    expect(reopened.list('heroes').map((h) => [h.name, h.age])).toEqual([['Luna', 5]]);
    expect(reopened.outbox.pending().map((e) => e.patch)).toEqual([
      { name: 'Luna', age: 5, traits: ['brave'] },
    ]);
  });

  it('concurrent writes are grouped into few batches (group commit) and all resolve', async () => {
    const storage = memoryStorage();
    let batches = 0;
    const counting = {
      ...storage,
      batch: (ops: Parameters<typeof storage.batch>[0]) => {
        batches++;
        return storage.batch(ops);
      },
      transact: (...args: Parameters<typeof storage.transact>) => {
        batches++;
        return storage.transact(...args);
      },
    };
    const { store } = await openTestStore({ storage: counting });
    batches = 0;
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        store.create('heroes', { name: `H${i}`, age: 5, traits: ['x'] }),
      ),
    );
    expect(batches).toBe(2);
    const reopened = await openLocalStore({ storage, userId: 'user-a' });
    expect(reopened.list('heroes')).toHaveLength(50);
    expect(reopened.outbox.pendingCount).toBe(50);
  });

  it('refuses writes after close() and lets earlier ones finish', async () => {
    const { store, storage } = await openTestStore();
    const pending = store.create('heroes', { name: 'Luna', age: 5, traits: ['brave'] });
    await store.close();
    await pending;
    await expect(store.create('heroes', { name: 'Sol', age: 5, traits: ['x'] })).rejects.toSatisfy(
      isStorageError,
    );
    const reopened = await openLocalStore({ storage, userId: 'user-a' });
    expect(reopened.list('heroes').map((h) => h.name)).toEqual(['Luna']);
  });
});
