/**
 * On memoryStorage, a record row holds the record's data as the app sees it (view keys
 * included, deeply frozen), so a reopen takes it as it is: no copy per record. Rows whose view
 * keys no longer say what the row does are decoded as on any adapter.
 */
import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import type { JsonValue, StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { keyLayout } from '../../src/store/keys.js';
import { type LocalStore, openLocalStore } from '../../src/store/local-store.js';
import type { StoreCore } from '../../src/store/store-core.js';
import { expectListedViewsKept, serverRow, testClock, testIds } from './helpers.js';

const keys = keyLayout('u1');
const open = (storage: StorageAdapter, ids = 'a') =>
  openLocalStore({ storage, userId: 'u1', now: testClock(), newId: testIds(ids) });
const stateOf = (store: LocalStore) => (store as unknown as { core: StoreCore }).core.state;
const storedData = async (storage: StorageAdapter, localId: string) =>
  ((await storage.get(keys.record('heroes', localId))) as { d: JsonValue }).d;

/** Adds a queued rename of hero `localId` to its stored row by hand: its data still says "synced". */
async function queueRenameByHand(storage: StorageAdapter, localId: string): Promise<void> {
  const key = keys.record('heroes', localId);
  const row = (await storage.get(key)) as { [name: string]: JsonValue };
  const entry = { m: 'm1', q: 1, o: 'update', c: 1, p: { name: 'Sun' } };
  await storage.batch([{ type: 'put', key, value: { ...row, o: [entry] } }]);
}

describe('memoryStorage rows', () => {
  it('a reopen takes each record’s stored data as its view, the same object, not a copy', async () => {
    const storage = memoryStorage();
    const first = await open(storage);
    const created = await first.create('heroes', { name: 'Luna', age: 5, traits: ['brave'] });
    await first.applyServerRows('heroes', [serverRow('s1', { name: 'Sol', age: 7 })]);
    const edited = await first.update('heroes', 's1', { name: 'Sun' });
    await first.close();

    const second = await open(storage, 'b');
    const luna = second.get('heroes', created.id);
    const sun = second.get('heroes', 's1');
    expect(luna).toEqual(created);
    expect(sun).toEqual(edited);
    expect(luna).toBe(await storedData(storage, created.id));
    expect(sun).toBe(await storedData(storage, 's1'));
    expect(Object.isFrozen(sun)).toBe(true);
    await second.close();
  });

  it('a pulled record’s data is stored as it is, not copied (it was checked and frozen)', async () => {
    const storage = memoryStorage();
    const store = await open(storage);
    await store.applyServerRows('heroes', [serverRow('s1', { name: 'Sol', traits: ['bold'] })]);
    const sol = store.get('heroes', 's1');
    expect(sol).toMatchObject({ name: 'Sol', traits: ['bold'], syncStatus: 'synced' });
    expect(await storedData(storage, 's1')).toBe(sol);
    expect(Object.isFrozen(sol?.traits)).toBe(true);
    // A value JSON would change is still stored as JSON gives it back.
    await store.applyServerRows('heroes', [serverRow('s2', { name: 'Zero', age: -0 })]);
    const zero = await storedData(storage, 's2');
    expect(zero).not.toBe(store.get('heroes', 's2'));
    expect(Object.is((zero as { age: number }).age, 0)).toBe(true);
    await store.close();
  });

  it('a row whose stored view keys are out of date shows what the row says', async () => {
    const storage = memoryStorage();
    const first = await open(storage);
    await first.applyServerRows('heroes', [serverRow('s1', { name: 'Sol', age: 7 })]);
    await first.close();
    // A queued rename added to the row by hand: its data still says "synced".
    await queueRenameByHand(storage, 's1');

    const second = await open(storage, 'b');
    const sol = second.get('heroes', 's1');
    expect(sol).toMatchObject({ name: 'Sol', syncStatus: 'pendingUpdate' });
    expect(second.getStored('heroes', 's1')?.syncStatus).toBe('pendingUpdate');
    expect(sol).not.toBe(await storedData(storage, 's1'));
    expect(Object.isFrozen(sol)).toBe(true);
    await second.close();
  });

  it('a first list of a reopen hands out the stored views, building no record; later records hold the same views', async () => {
    const storage = memoryStorage();
    const first = await open(storage);
    const luna = await first.create('heroes', { name: 'Luna', age: 5, traits: ['brave'] });
    await first.applyServerRows('heroes', [
      serverRow('s1', { name: 'Sol', age: 7 }),
      serverRow('s2', { name: 'Gone', age: 8 }),
    ]);
    await first.update('heroes', 's1', { name: 'Sun' });
    await first.delete('heroes', 's2');
    await first.close();

    const second = await open(storage, 'b');
    const live = second.observe('heroes', { orderBy: [{ field: 'name', direction: 'asc' }] });
    let notified = 0;
    live.subscribe(() => notified++);
    const listed = live.getSnapshot();
    // Served from the rows' views (the queued delete hidden), not from decoded records.
    const views = stateOf(second).listedViewsOf('heroes');
    expect(views?.map((view) => view.id)).toEqual([luna.id, 's1', 's2']);
    expect(listed.map((view) => [view.name, view.syncStatus])).toEqual([
      ['Luna', 'pendingCreate'],
      ['Sun', 'pendingUpdate'],
    ]);
    expect(listed[0]).toBe(await storedData(storage, luna.id));
    expect(listed[1]).toBe(await storedData(storage, 's1'));
    // A read by id builds the records: they hold the very same views.
    expect(second.get('heroes', 's1')).toBe(listed[1]);
    expect(second.get('heroes', 's2')).toBeUndefined();
    expect(stateOf(second).listedViewsOf('heroes')).toBeUndefined();
    await expectListedViewsKept(
      second,
      live,
      listed,
      { orderBy: [{ field: 'name', direction: 'asc' }] },
      () => notified,
    );
    await second.close();
  });

  it('a first list over a row whose stored view keys are out of date builds the records', async () => {
    const storage = memoryStorage();
    const first = await open(storage);
    await first.applyServerRows('heroes', [
      serverRow('s1', { name: 'Sol', age: 7 }),
      serverRow('s2', { name: 'Star', age: 9 }),
    ]);
    await first.close();
    await queueRenameByHand(storage, 's1');

    const second = await open(storage, 'b');
    expect(stateOf(second).listedViewsOf('heroes')).toBeUndefined();
    const listed = second.list('heroes');
    expect(listed.map((view) => [view.id, view.name, view.syncStatus])).toEqual([
      ['s1', 'Sol', 'pendingUpdate'],
      ['s2', 'Star', 'synced'],
    ]);
    expect(listed.every((view) => Object.isFrozen(view))).toBe(true);
    expect(listed[1]).toBe(await storedData(storage, 's2'));
    await second.close();
  });

  it('behind a wrapper (which may store text), rows hold the wire fields only', async () => {
    const inner = memoryStorage();
    const storage: StorageAdapter = { ...inner, batch: (ops) => inner.batch(ops) };
    const store = await open(storage);
    const created = await store.create('heroes', { name: 'Luna', age: 5, traits: ['brave'] });
    await store.close();
    const data = (await storedData(storage, created.id)) as { [name: string]: JsonValue };
    expect(data.name).toBe('Luna');
    expect(data).not.toHaveProperty('syncStatus');
    expect(data).not.toHaveProperty('id');
  });
});
