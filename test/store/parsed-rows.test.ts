/**
 * A first list over rows an adapter hands over parsed or as text (SQLite, IndexedDB) reads
 * each row's data as its view, with the view keys set on it, without building a record per
 * row; the records built later hold the very same views.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { SyncErrorInfo } from '../../src/model/types.js';
import { indexedDBStorage } from '../../src/storage-adapters/indexeddb-storage.js';
import { sqliteStorage } from '../../src/storage-adapters/sqlite-storage.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { type LocalStore, openLocalStore } from '../../src/store/local-store.js';
import type { StoreCore } from '../../src/store/store-core.js';
import { expectListedViewsKept, serverRow, testClock, testIds } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sdk-parsed-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const adapters: ReadonlyArray<readonly [string, () => StorageAdapter]> = [
  ['sqliteStorage', () => sqliteStorage(new Database(join(dir, `p-${++files}.sqlite`)))],
  ['indexedDBStorage', () => indexedDBStorage({ dbName: `parsed-rows-${++files}` })],
];

const open = (storage: StorageAdapter, ids: string) =>
  openLocalStore({ storage, userId: 'u1', now: testClock(), newId: testIds(ids) });
const stateOf = (store: LocalStore) => (store as unknown as { core: StoreCore }).core.state;
const byName = { orderBy: [{ field: 'name', direction: 'asc' as const }] };

describe.each(adapters)('a first list on %s', (_name, create) => {
  it('reads the rows’ data as views, building no record; later records hold the same views', async () => {
    const storage = create();
    const first = await open(storage, 'a');
    const luna = await first.create('heroes', { name: 'Luna', age: 5, traits: ['brave'] });
    await first.applyServerRows('heroes', [
      serverRow('s1', { name: 'Sol', age: 7 }),
      serverRow('s2', { name: 'Gone', age: 8 }),
      serverRow('s3', { name: 'Star', age: 9, traits: ['kind'] }),
    ]);
    await first.update('heroes', 's1', { name: 'Sun' });
    await first.delete('heroes', 's2');
    await first.close();

    const second = await open(storage, 'b');
    const live = second.observe('heroes', byName);
    let notified = 0;
    live.subscribe(() => notified++);
    const listed = live.getSnapshot();
    // Served from the rows' views (the queued delete hidden), not from decoded records.
    const views = stateOf(second).listedViewsOf('heroes');
    expect(views?.map((view) => view.id)).toEqual([luna.id, 's1', 's2', 's3']);
    expect(listed.map((view) => [view.name, view.syncStatus, view.serverId])).toEqual([
      ['Luna', 'pendingCreate', null],
      ['Star', 'synced', 's3'],
      ['Sun', 'pendingUpdate', 's1'],
    ]);
    expect(listed[0]).toEqual({ ...luna });
    for (const view of listed) {
      expect(Object.isFrozen(view)).toBe(true);
      expect(Object.isFrozen(view.traits)).toBe(true);
    }
    // A read by id builds the records: they hold the very same views.
    expect(second.get('heroes', 's1')).toBe(listed[2]);
    expect(second.get('heroes', luna.id)).toBe(listed[0]);
    expect(second.get('heroes', 's2')).toBeUndefined();
    expect(second.getStored('heroes', 's2')?.syncStatus).toBe('pendingDelete');
    await expectListedViewsKept(second, live, listed, byName, () => notified);
    await second.close();
    await storage.close();
  });

  it('a first page freezes the views it hands out; the records built later are the same', async () => {
    const storage = create();
    const first = await open(storage, 'a');
    await first.applyServerRows('heroes', [
      serverRow('s1', { name: 'Ada', age: 7 }),
      serverRow('s2', { name: 'Bo', age: 8 }),
    ]);
    await first.close();

    const second = await open(storage, 'b');
    const page = second.list('heroes', { ...byName, limit: 1 });
    expect(page.map((view) => view.name)).toEqual(['Ada']);
    expect(Object.isFrozen(page[0])).toBe(true);
    const bo = second.get('heroes', 's2');
    expect(bo).toMatchObject({ id: 's2', name: 'Bo', syncStatus: 'synced', syncError: null });
    expect(Object.isFrozen(bo)).toBe(true);
    expect(second.get('heroes', 's1')).toBe(page[0]);
    await second.close();
    await storage.close();
  });

  it('failed and conflicted rows, a newest-first page with an offset, and a write after the first list', async () => {
    const storage = create();
    const first = await open(storage, 'a');
    await first.applyServerRows('heroes', [
      serverRow('s1', { name: 'Ada', age: 1 }),
      serverRow('s2', { name: 'Bo', age: 2 }),
      serverRow('s3', { name: 'Cy', age: 3 }),
      serverRow('s4', { name: 'Di', age: 4 }),
    ]);
    await first.update('heroes', 's1', { name: 'Ada 2' });
    await first.update('heroes', 's2', { name: 'Bo 2' });
    const [failing, conflicting] = first.outbox.entries();
    const error = (kind: SyncErrorInfo['kind']): SyncErrorInfo => ({
      kind,
      message: kind,
      status: 409,
      code: null,
      at: 1,
    });
    await first.outbox.fail(failing?.mutationId ?? '', error('permanent'));
    await first.outbox.markConflict(conflicting?.mutationId ?? '', error('conflict'));
    const stored = [first.get('heroes', 's1'), first.get('heroes', 's2')];
    await first.close();

    const second = await open(storage, 'b');
    const byAgeDesc = { orderBy: [{ field: 'age', direction: 'desc' as const }] };
    const live = second.observe('heroes', byAgeDesc);
    const listed = live.getSnapshot();
    expect(stateOf(second).listedViewsOf('heroes')).toBeDefined();
    expect(listed.map((view) => [view.name, view.syncStatus])).toEqual([
      ['Di', 'synced'],
      ['Cy', 'synced'],
      ['Bo 2', 'conflict'],
      ['Ada 2', 'failed'],
    ]);
    expect([listed[3], listed[2]]).toEqual(stored);
    for (const view of listed) {
      expect(Object.isFrozen(view)).toBe(true);
      if (view.syncError) expect(Object.isFrozen(view.syncError)).toBe(true);
    }
    const page = second.list('heroes', { ...byAgeDesc, offset: 1, limit: 2 });
    expect(page).toEqual([listed[1], listed[2]]);
    expect(page[0]).toBe(listed[1]);
    // A write after the first list: the other views keep their identity, the new one is frozen.
    await second.update('heroes', 's3', { name: 'Cy 2' });
    const after = live.getSnapshot();
    expect(after[0]).toBe(listed[0]);
    expect(after[1]).toMatchObject({ name: 'Cy 2', syncStatus: 'pendingUpdate' });
    expect(Object.isFrozen(after[1])).toBe(true);
    expect(Reflect.set(after[1] ?? {}, 'name', 'mutated')).toBe(false);
    expect(second.get('heroes', 's3')?.name).toBe('Cy 2');
    await second.close();
    await storage.close();
  });
});
