import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../src/model/types.js';
import { coalesce, type Intent } from '../../src/store/coalesce.js';
import { openTestStore, serverRow } from './helpers.js';

const hero = { name: 'Luna', age: 5, traits: ['brave'] };

async function syncedHero(updatedAt = '2026-01-01T00:00:00.000Z') {
  const { store, storage } = await openTestStore();
  await store.applyServerRows('heroes', [serverRow('c-hero-1', hero, updatedAt)]);
  return { store, storage, id: 'c-hero-1' };
}

describe('outbox coalescing per record', () => {
  it('create + update → one create with the merged fields', async () => {
    const { store } = await openTestStore();
    const created = await store.create('heroes', hero);
    await store.update('heroes', created.id, { age: 6 });
    await store.update('heroes', created.id, { traits: ['brave', 'kind'] });
    const entries = store.outbox.entries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      op: 'create',
      patch: { name: 'Luna', age: 6, traits: ['brave', 'kind'] },
    });
    expect(store.get('heroes', created.id)?.syncStatus).toBe('pendingCreate');
  });

  it('update + update → one update with the merged patch and the earliest base', async () => {
    const { store, id } = await syncedHero('2026-01-01T00:00:00.000Z');
    await store.update('heroes', id, { age: 6 });
    const first = store.outbox.entries()[0] as OutboxEntry;
    // The server moved on meanwhile (a pull would skip this record; force a newer base).
    await store.update('heroes', id, { name: 'Luna II', age: 7 });
    const entries = store.outbox.entries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      mutationId: first.mutationId,
      op: 'update',
      patch: { age: 7, name: 'Luna II' },
      baseServerUpdatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(store.get('heroes', id)).toMatchObject({ syncStatus: 'pendingUpdate', age: 7 });
  });

  it('create + delete → nothing: record and entry are gone, durably', async () => {
    const { store, storage } = await openTestStore();
    const created = await store.create('heroes', hero);
    await store.update('heroes', created.id, { age: 9 });
    await store.delete('heroes', created.id);
    expect(store.outbox.entries()).toEqual([]);
    expect(store.getStored('heroes', created.id)).toBeUndefined();
    expect((await storage.scan('u/user-a/')).map(([key]) => key)).toEqual(['u/user-a/meta/format']);
  });

  it('update + delete → one delete; the record is hidden at once', async () => {
    const { store, id } = await syncedHero();
    await store.update('heroes', id, { age: 6 });
    const deleting = store.delete('heroes', id);
    expect(store.get('heroes', id)).toBeUndefined();
    expect(store.list('heroes')).toEqual([]);
    await deleting;
    const entries = store.outbox.entries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ op: 'delete', patch: null });
    expect(store.getStored('heroes', id)?.syncStatus).toBe('pendingDelete');
  });

  it('never coalesces into an entry in flight: the write queues behind it', async () => {
    const { store, id } = await syncedHero();
    await store.update('heroes', id, { age: 6 });
    const [sending] = store.outbox.entries();
    await store.outbox.markInFlight((sending as OutboxEntry).mutationId);
    await store.update('heroes', id, { age: 7 });
    const entries = store.outbox.entries();
    expect(entries.map((e) => [e.op, e.patch])).toEqual([
      ['update', { age: 6 }],
      ['update', { age: 7 }],
    ]);
    expect(entries[0]).toBe(store.outbox.get((sending as OutboxEntry).mutationId));
    // A delete drops only the queued update, never the one being sent.
    await store.delete('heroes', id);
    expect(store.outbox.entries().map((e) => e.op)).toEqual(['update', 'delete']);
  });

  it('a create in flight + delete → the delete queues behind the create', async () => {
    const { store } = await openTestStore();
    const created = await store.create('heroes', hero);
    const [entry] = store.outbox.entries();
    await store.outbox.markInFlight((entry as OutboxEntry).mutationId);
    await store.delete('heroes', created.id);
    expect(store.outbox.entries().map((e) => e.op)).toEqual(['create', 'delete']);
    expect(store.get('heroes', created.id)).toBeUndefined();
  });

  it('named actions are appended, and a delete drops the queued ones', async () => {
    const { store, id } = await syncedHero();
    await store.action('heroes', id, 'favorite', { isFavorite: true });
    await store.update('heroes', id, { age: 6 });
    expect(store.outbox.entries().map((e) => e.op)).toEqual(['favorite', 'update']);
    await store.delete('heroes', id);
    expect(store.outbox.entries().map((e) => e.op)).toEqual(['delete']);
  });

  it('the pure reducer keeps the earliest base on update + update and update + delete', () => {
    const queued = (base: string): OutboxEntry => ({
      mutationId: 'm1',
      seq: 1,
      collection: 'heroes',
      localId: 'h',
      op: 'update',
      patch: { age: 6 },
      baseServerUpdatedAt: base,
      createdAt: 0,
      editedAt: 0,
      attempts: 0,
      nextAttemptAt: null,
      lastError: null,
      status: 'pending',
    });
    const run = (entry: OutboxEntry, intent: Intent, base: string) =>
      coalesce({
        entries: [entry],
        isInFlight: () => false,
        collection: 'heroes',
        localId: 'h',
        intent,
        baseServerUpdatedAt: base,
        now: 5,
        allocate: () => ({ mutationId: 'm2', seq: 2 }),
      }).entries;
    const early = '2026-01-01T00:00:00.000Z';
    const late = '2026-01-02T00:00:00.000Z';
    expect(run(queued(late), { op: 'update', patch: { age: 7 } }, early)).toMatchObject([
      { mutationId: 'm1', baseServerUpdatedAt: early, patch: { age: 7 }, editedAt: 5 },
    ]);
    expect(run(queued(early), { op: 'update', patch: { age: 7 } }, late)).toMatchObject([
      { baseServerUpdatedAt: early },
    ]);
    expect(run(queued(early), { op: 'delete', patch: null }, late)).toMatchObject([
      { mutationId: 'm2', op: 'delete', baseServerUpdatedAt: early, patch: null },
    ]);
  });

  it('the pure reducer refuses writes after a queued delete', () => {
    const entry: OutboxEntry = {
      mutationId: 'm1',
      seq: 1,
      collection: 'heroes',
      localId: 'h',
      op: 'delete',
      patch: null,
      baseServerUpdatedAt: null,
      createdAt: 0,
      editedAt: 0,
      attempts: 0,
      nextAttemptAt: null,
      lastError: null,
      status: 'pending',
    };
    const input = (intent: Intent) => ({
      entries: [entry],
      isInFlight: () => false,
      collection: 'heroes' as const,
      localId: 'h',
      intent,
      baseServerUpdatedAt: null,
      now: 1,
      allocate: () => ({ mutationId: 'm2', seq: 2 }),
    });
    expect(() => coalesce(input({ op: 'update', patch: { a: 1 } }))).toThrow(/being deleted/);
  });
});
