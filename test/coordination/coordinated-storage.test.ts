// Issue 10: the user's change record on every built-in adapter (memory shared by two clients,
// fake-indexeddb, a SQLite file from two connections): the cheap change counter, and the gate
// a sign-out closes so that no other client's write lands between its count and its wipe.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  closeNamespace,
  endNamespace,
  openCoordinatedStorage,
  reopenNamespace,
} from '../../src/coordination/coordinated-storage.js';
import { isStorageError } from '../../src/errors/index.js';
import { indexedDBStorage } from '../../src/storage-adapters/indexeddb-storage.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { sqliteStorage } from '../../src/storage-adapters/sqlite-storage.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { keyLayout } from '../../src/store/keys.js';
import { openLocalStore, wipeNamespace } from '../../src/store/local-store.js';

const dir = mkdtempSync(join(tmpdir(), 'sdk-coordinated-'));
let counter = 0;
const opened: StorageAdapter[] = [];
afterAll(async () => {
  for (const storage of opened) await storage.close().catch(() => {});
});

const storages: Record<string, () => [StorageAdapter, StorageAdapter]> = {
  memory: () => {
    const shared = memoryStorage();
    return [shared, shared];
  },
  indexeddb: () => {
    const dbName = `coordinated-${++counter}`;
    return [indexedDBStorage({ dbName }), indexedDBStorage({ dbName })];
  },
  'sqlite (two connections)': () => {
    const file = join(dir, `coordinated-${++counter}.db`);
    return [sqliteStorage(new Database(file)), sqliteStorage(new Database(file))];
  },
};

async function client(storage: StorageAdapter) {
  opened.push(storage);
  const shared = await openCoordinatedStorage(storage, 'u1');
  const store = await openLocalStore({ storage: shared.storage, userId: 'u1' });
  return { shared, store };
}

const hero = (name: string) => ({ name, age: 5, traits: ['brave'] });

describe.each(Object.entries(storages))('the change record over one %s storage', (_, pair) => {
  it('counts writes: another client’s show, this client’s own do not', async () => {
    const [first, second] = pair();
    const a = await client(first);
    const b = await client(second);
    expect(await b.shared.changedElsewhere()).toBe(false);
    await a.store.create('heroes', hero('A'));
    expect(await b.shared.changedElsewhere()).toBe(true);
    expect(await b.shared.changedElsewhere()).toBe(false);
    await b.store.create('heroes', hero('B'));
    expect(await b.shared.changedElsewhere()).toBe(false);
    expect(await a.shared.changedElsewhere()).toBe(true);
    await Promise.all([a.store.close(), b.store.close()]);
  });

  it('a closed namespace refuses every write; reopened it takes them; ended, never again', async () => {
    const [first, second] = pair();
    const a = await client(first);
    const b = await client(second);
    await closeNamespace(first, 'u1');
    const refused = await b.store.create('heroes', hero('Late')).catch((error: unknown) => error);
    expect(isStorageError(refused)).toBe(true);
    expect(b.store.list('heroes')).toEqual([]); // rolled back in memory
    expect(await second.scan('u/u1/rec/')).toEqual([]); // and nothing stored
    await reopenNamespace(first, 'u1');
    await b.store.create('heroes', hero('Kept'));
    expect(await first.scan('u/u1/rec/')).toHaveLength(1);

    // A sign-out wipes and ends the epoch: b (opened before) stays refused after a sign-in.
    await closeNamespace(first, 'u1');
    await wipeNamespace(first, 'u1');
    await endNamespace(first, 'u1');
    const again = await client(first); // the user signs in again here
    await again.store.create('heroes', hero('New'));
    const stale = await b.store.create('heroes', hero('Stale')).catch((error: unknown) => error);
    expect(isStorageError(stale)).toBe(true);
    const names = (await first.scan('u/u1/rec/')).map(([, row]) =>
      JSON.stringify(row).includes('"New"'),
    );
    expect(names).toEqual([true]);
    await Promise.all([a.store.close(), again.store.close()]);
  });
});

describe('a coordinated client over SQLite', () => {
  it('decodes each collection on first use: a row the SDK did not write fails only its own', async () => {
    const db = new Database(join(dir, `coordinated-${++counter}.db`));
    const storage = sqliteStorage(db, { closeDatabase: false });
    const seeding = await client(storage);
    await seeding.store.create('heroes', hero('A'));
    await seeding.store.create('stories', { heroId: 'h', title: 'Draft', content: '…' });
    const [story] = seeding.store.list('stories');
    await seeding.store.close();
    db.prepare('UPDATE infinitestories_kv SET value = ? WHERE key = ?').run(
      '{"d":',
      keyLayout('u1').record('stories', String(story?.id)),
    );
    // Decoded at open (the plain scan), the bad row would fail the whole open.
    const { store } = await client(storage);
    expect(store.list('heroes').map((each) => each.name)).toEqual(['A']);
    expect(() => store.list('stories')).toThrow(/rec\/stories\/.* is corrupt JSON/);
    await store.close();
  });
});
