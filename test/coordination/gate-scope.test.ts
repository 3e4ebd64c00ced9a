// Issue 10: a client with a change channel reads the sign-out gate once per scope (one
// IndexedDB connection; in memory, until the next close), not in every write. A sign-out
// closes the gate in a transaction that ends every scope, so however the writes of another
// client interleave with it, none lands after the close: what the sign-out counts is what
// it wipes. Checked on fake-indexeddb (two connections), one shared memory storage and a
// SQLite file from two connections (a scope lasts while the other connection commits nothing),
// also through a driver whose statements cannot `pluck`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  closeNamespace,
  openCoordinatedStorage,
} from '../../src/coordination/coordinated-storage.js';
import { isStorageError } from '../../src/errors/index.js';
import { indexedDBStorage } from '../../src/storage-adapters/indexeddb-storage.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { scopedTransactOf } from '../../src/storage-adapters/scoped-transact.js';
import {
  type SqliteDatabaseLike,
  sqliteStorage,
} from '../../src/storage-adapters/sqlite-storage.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { openLocalStore } from '../../src/store/local-store.js';

const dir = mkdtempSync(join(tmpdir(), 'sdk-gate-scope-'));
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
    const dbName = `gate-scope-${++counter}`;
    return [indexedDBStorage({ dbName }), indexedDBStorage({ dbName })];
  },
  'sqlite (two connections)': () => {
    const file = join(dir, `gate-scope-${++counter}.db`);
    return [sqliteStorage(new Database(file)), sqliteStorage(new Database(file))];
  },
  // `PRAGMA data_version` is read as a row object when the driver has no `pluck`.
  'sqlite (two connections, a driver without pluck)': () => {
    const file = join(dir, `gate-scope-${++counter}.db`);
    return [sqliteStorage(withoutPluck(file)), sqliteStorage(withoutPluck(file))];
  },
};

/** A connection to `file` whose statements have `run`, `get` and `all` only. */
function withoutPluck(file: string): SqliteDatabaseLike {
  const db = new Database(file);
  return {
    prepare(source) {
      const statement = db.prepare(source);
      return {
        run: (...params) => statement.run(...params),
        get: (...params) => statement.get(...params),
        all: (...params) => statement.all(...params),
      };
    },
    transaction: (fn) => db.transaction(fn),
    exec: (source) => db.exec(source),
    close: () => db.close(),
  };
}

/** A client with a change channel: its writes check the gate but keep no counter. */
async function writer(storage: StorageAdapter) {
  opened.push(storage);
  const shared = await openCoordinatedStorage(storage, 'u1', { count: false });
  return openLocalStore({ storage: shared.storage, userId: 'u1' });
}

const hero = (name: string) => ({ name, age: 5, traits: ['brave'] });
const rows = async (storage: StorageAdapter) => JSON.stringify(await storage.scan('u/u1/rec/'));

describe.each(Object.entries(storages))('the sign-out gate over one %s storage', (_, pair) => {
  it('a write after another client closed the gate is refused, though it was checked before', async () => {
    const [first, second] = pair();
    const b = await writer(second);
    await b.create('heroes', hero('Before')); // the gate is checked (and open) here
    await b.create('heroes', hero('Again')); // and not read again in this scope
    await closeNamespace(first, 'u1');
    const late = await b.create('heroes', hero('Late')).catch((error: unknown) => error);
    expect(isStorageError(late)).toBe(true);
    expect((await second.scan('u/u1/rec/')).map(([, row]) => JSON.stringify(row))).toEqual([
      expect.stringContaining('Before'),
      expect.stringContaining('Again'),
    ]);
    await b.close();
  });

  it('nothing lands after the close, however writes interleave with it (15 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 12 }),
        fc.nat({ max: 12 }),
        fc.integer({ min: 0, max: 3 }),
        async (writes, closeAfter, checkedFirst) => {
          const [first, second] = pair();
          const b = await writer(second);
          for (let i = 0; i < checkedFirst; i++) await b.create('heroes', hero(`Early ${i}`));
          const outcomes: Array<Promise<boolean>> = [];
          let closed: Promise<void> | undefined;
          let stored: Promise<string> | undefined;
          for (let i = 0; i < writes; i++) {
            if (i === closeAfter) {
              closed = closeNamespace(first, 'u1');
              stored = closed.then(() => rows(first)); // what a sign-out would count
            }
            // Even writes under ids the caller gives (their row is read), odd ones new ids.
            const options = i % 2 === 0 ? { localId: `given-${i}` } : {};
            outcomes.push(
              b.create('heroes', hero(`Hero ${i}`), options).then(
                () => true,
                () => false,
              ),
            );
            // Let the write start (and, on IndexedDB, the close's upgrade queue) in between.
            await new Promise((resolve) => setTimeout(resolve, i % 3));
          }
          closed ??= closeNamespace(first, 'u1');
          stored ??= closed.then(() => rows(first));
          const results = await Promise.all(outcomes);
          const atClose = await stored;
          expect(await rows(first)).toBe(atClose); // nothing landed after the close
          const kept = JSON.parse(atClose) as Array<[string, unknown]>;
          for (const [i, ok] of results.entries()) {
            // Resolved writes are stored; refused ones are not.
            expect(kept.some(([, row]) => JSON.stringify(row).includes(`"Hero ${i}"`))).toBe(ok);
          }
          await b.close();
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe('scopes', () => {
  it('IndexedDB and memory offer them, a wrapper built by copying does not', () => {
    const idb = indexedDBStorage({ dbName: `gate-scope-${++counter}` });
    opened.push(idb);
    expect(scopedTransactOf(idb)).toBeDefined();
    expect(scopedTransactOf(memoryStorage())).toBeDefined();
    expect(scopedTransactOf({ ...idb })).toBeUndefined();
  });

  it('an IndexedDB connection is one scope; a transaction alone ends it', async () => {
    const dbName = `gate-scope-${++counter}`;
    const [a, b] = [indexedDBStorage({ dbName }), indexedDBStorage({ dbName })];
    opened.push(a, b);
    const scopes: unknown[] = [];
    const seen = async (storage: StorageAdapter) =>
      scopedTransactOf(storage)?.run(
        () => [],
        (_, scope) => {
          scopes.push(scope);
          return [];
        },
      );
    await seen(b);
    await seen(b);
    await scopedTransactOf(a)?.alone(['k'], () => [{ type: 'put', key: 'k', value: 1 }]);
    await seen(b);
    expect(scopes[0]).toBe(scopes[1]);
    expect(scopes[2]).not.toBe(scopes[1]);
    expect(await b.get('k')).toBe(1);
  });
});
