/**
 * Pulled rows applied to a collection that holds no record at all (a first pull) take a path
 * without the merge look-ups (`planFirstRows` in apply-rows.ts). What it stores must be what the
 * general path stores: each test applies the same rows to an empty collection and to one that
 * already holds an unrelated record (the general path), and compares.
 */
import { describe, expect, it } from 'vitest';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import type { ServerRow } from '../../src/store/id-map.js';
import type { LocalStore } from '../../src/store/local-store.js';
import { openTestStore, serverRow } from './helpers.js';

const T1 = '2026-01-01T00:00:01.000Z';
const T2 = '2026-01-01T00:00:02.000Z';

const heroRows = (): ServerRow[] => [
  serverRow('h1', { name: 'Luna', age: 5, traits: ['brave', 'kind'], avatarUrl: null }, T1),
  { ...serverRow('h2', { name: 'Sol', age: 7, traits: [] }, T2), _count: { stories: 2 } },
  serverRow('h3', { name: 'Ari', age: 9, traits: ['curious'], hairColor: 'red' }, T1),
];

/** A store whose heroes hold one record already (`other`): applies take the general path. */
async function storeWithOther(): Promise<{ store: LocalStore; storage: StorageAdapter }> {
  const opened = await openTestStore();
  await opened.store.applyServerRows('heroes', [
    serverRow('other', { name: 'O', age: 1, traits: [] }),
  ]);
  return opened;
}

/** A record's stored state without the time it was applied at (the clocks differ). */
/** A hero created on the device and acknowledged by the server as `serverId`. */
async function createdAndAcked(store: LocalStore, name: string, serverId: string) {
  const hero = await store.create('heroes', { name, age: 6, traits: [] });
  const [entry] = store.entriesOf('heroes', hero.id);
  if (!entry) throw new Error('no create entry');
  await store.outbox.markInFlight(entry.mutationId);
  await store.outbox.ack(entry.mutationId, serverRow(serverId, { name, age: 6 }));
  return hero;
}

/** `rows` applied to an empty store and to one holding another record (the general path). */
async function appliedBoth(rows: () => ServerRow[]) {
  const first = await openTestStore();
  const general = await storeWithOther();
  const a = await first.store.applyServerRows('heroes', rows());
  const b = await general.store.applyServerRows('heroes', rows());
  expect(a).toEqual(b);
  return { first, general, a };
}

function stored(store: LocalStore, localId: string) {
  const record = store.getStored('heroes', localId);
  if (!record) return undefined;
  const { lastSyncedAt, ...rest } = record;
  expect(lastSyncedAt).toEqual(expect.any(Number));
  return rest;
}

async function storedRows(storage: StorageAdapter, ids: readonly string[]) {
  const rows = new Map<string, unknown>();
  for (const [key, value] of await storage.scan('')) {
    const id = decodeURIComponent(key.slice(key.lastIndexOf('/') + 1));
    if (!ids.includes(id)) continue;
    const { t, ...rest } = value as { t?: number };
    expect(t).toEqual(expect.any(Number));
    rows.set(id, rest);
  }
  return rows;
}

describe('a first pull into an empty collection', () => {
  it('stores the records, views and rows the general path stores', async () => {
    const { first, general, a } = await appliedBoth(heroRows);
    expect(a.applied).toEqual(['h1', 'h2', 'h3']);
    for (const id of ['h1', 'h2', 'h3']) {
      expect(stored(first.store, id)).toEqual(stored(general.store, id));
      const view = first.store.get('heroes', id);
      expect(view).toEqual(general.store.get('heroes', id));
      expect(Object.isFrozen(view)).toBe(true);
      expect(Object.isFrozen((view as unknown as { traits: unknown }).traits)).toBe(true);
    }
    // The include is not a field of the record.
    expect(first.store.get('heroes', 'h2')).not.toHaveProperty('_count');
    const ids = ['h1', 'h2', 'h3'];
    const rows = await storedRows(first.storage, ids);
    expect(rows.size).toBe(3);
    expect(rows).toEqual(await storedRows(general.storage, ids));
    expect(first.store.countWithServerId('heroes', new Set())).toBe(3);
  });

  it('keeps the last of two copies of a row and skips an unchanged one, as the general path does', async () => {
    const rows = (): ServerRow[] => [
      serverRow('h1', { name: 'first', age: 5, traits: [] }, T1),
      serverRow('h2', { name: 'Sol', age: 7, traits: [] }, T1),
      serverRow('h1', { name: 'second', age: 5, traits: [] }, T2),
      serverRow('h2', { name: 'Sol', age: 7, traits: [] }, T1),
    ];
    const { first, general, a } = await appliedBoth(rows);
    // The second h1 differs and replaces the first; the second h2 is the same and is skipped.
    expect(a.applied).toEqual(['h1', 'h2', 'h1']);
    expect(first.store.get('heroes', 'h1')).toMatchObject({ name: 'second' });
    expect(stored(first.store, 'h1')).toEqual(stored(general.store, 'h1'));
    expect(first.store.list('heroes')).toHaveLength(2);
  });

  it('translates references to the local ids of records created on the device', async () => {
    const { store } = await openTestStore();
    const hero = await createdAndAcked(store, 'Mine', 'srv-hero');
    expect(store.list('stories')).toEqual([]);
    const result = await store.applyServerRows('stories', [
      serverRow('s1', { heroId: 'srv-hero', title: 'T', content: 'C' }),
      serverRow('s2', { heroId: 'elsewhere', title: 'U', content: 'D' }),
    ]);
    expect(result.applied).toEqual(['s1', 's2']);
    expect(store.get('stories', 's1')).toMatchObject({ heroId: hero.id, serverId: 's1' });
    // A hero the device does not hold keeps its server id (it maps to itself once pulled).
    expect(store.get('stories', 's2')).toMatchObject({ heroId: 'elsewhere' });
  });

  it('a collection holding only records made on the device is merged with', async () => {
    const { store } = await openTestStore();
    // Created here, acknowledged as h1, then edited: the pulled h1 is that record.
    const acked = await createdAndAcked(store, 'Acked', 'h1');
    await store.update('heroes', acked.id, { name: 'Edited here' });
    const mine = await store.create('heroes', { name: 'Mine', age: 6, traits: [] });
    const result = await store.applyServerRows('heroes', heroRows());
    expect(result.applied).toEqual(['h2', 'h3']);
    expect(result.pending.map((p) => [p.localId, p.row.id])).toEqual([[acked.id, 'h1']]);
    expect(store.get('heroes', acked.id)).toMatchObject({ name: 'Edited here', serverId: 'h1' });
    expect(store.get('heroes', 'h1')).toBeUndefined();
    expect(store.get('heroes', mine.id)).toMatchObject({
      name: 'Mine',
      syncStatus: 'pendingCreate',
    });
    expect(store.list('heroes')).toHaveLength(4);
  });

  it('a row whose id has queued entries but no record goes to pending, and nothing is stored over them', async () => {
    // Entries without their record: the store reaches this when an acknowledgement folds a
    // pulled copy the user edited into the record it created (adoptDuplicate in sync-ops.ts
    // drops the copy, not its entries), and that record is deleted since.
    const { store } = await openTestStore();
    const mine = await store.create('heroes', { name: 'Mine', age: 6, traits: [] });
    const [create] = store.entriesOf('heroes', mine.id);
    if (!create) throw new Error('no create entry');
    await store.outbox.markInFlight(create.mutationId);
    await store.applyServerRows('heroes', [serverRow('h1', { name: 'Mine', age: 6, traits: [] })]);
    await store.update('heroes', 'h1', { name: 'Edited copy' });
    await store.outbox.ack(create.mutationId, serverRow('h1', { name: 'Mine', age: 6 }));
    await store.delete('heroes', mine.id);
    const [deletion] = store.entriesOf('heroes', mine.id);
    if (!deletion) throw new Error('no delete entry');
    await store.outbox.markInFlight(deletion.mutationId);
    await store.outbox.ack(deletion.mutationId);
    // The state the first path meets: no hero at all, one queued update of h1.
    expect(store.list('heroes')).toEqual([]);
    const queued = store.entriesOf('heroes', 'h1');
    expect(queued.map((e) => [e.op, e.patch])).toEqual([['update', { name: 'Edited copy' }]]);

    const result = await store.applyServerRows('heroes', heroRows());
    expect(result.applied).toEqual(['h2', 'h3']);
    expect(result.pending.map((p) => [p.localId, p.row.id])).toEqual([['h1', 'h1']]);
    expect(store.getStored('heroes', 'h1')).toBeUndefined();
    expect(store.entriesOf('heroes', 'h1')).toEqual(queued);
    expect(store.list('heroes').map((h) => h.id)).toEqual(['h2', 'h3']);
  });
});
