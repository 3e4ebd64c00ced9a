import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { isStorageError } from '../../src/errors/index.js';
import { sqliteStorage } from '../../src/storage-adapters/sqlite-storage.js';
import { runStorageAdapterContract } from '../../src/testing/storage-adapter-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'sdk-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
let file = '';
runStorageAdapterContract(
  'sqliteStorage (file, WAL)',
  {
    open: async () => {
      file = join(dir, `contract-${++counter}.db`);
      return sqliteStorage(new Database(file));
    },
    reopen: async () => sqliteStorage(new Database(file)),
    destroy: async () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    },
  },
  { describe, it },
);

runStorageAdapterContract(
  'sqliteStorage (in-memory database, custom table)',
  { open: async () => sqliteStorage(new Database(':memory:'), { table: 'my_kv' }) },
  { describe, it },
);

describe('sqliteStorage', () => {
  const fresh = () => new Database(join(dir, `unit-${++counter}.db`));

  it('switches the database to WAL unless told not to', () => {
    const db = fresh();
    sqliteStorage(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const other = fresh();
    sqliteStorage(other, { wal: false });
    expect(other.pragma('journal_mode', { simple: true })).toBe('delete');
    db.close();
    other.close();
  });

  it('runs a new file at synchronous = NORMAL from its first session (FULL when asked)', () => {
    // better-sqlite3 opens a file that is not yet in WAL mode at FULL (2).
    const db = fresh();
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    sqliteStorage(db);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    const full = fresh();
    sqliteStorage(full, { synchronous: 'FULL' });
    expect(full.pragma('synchronous', { simple: true })).toBe(2);
    const host = fresh();
    sqliteStorage(host, { wal: false });
    expect(host.pragma('synchronous', { simple: true })).toBe(2);
    const bad = fresh();
    expect(() => sqliteStorage(bad, { synchronous: 'OFF' as 'FULL' })).toThrow(/synchronous/);
    for (const each of [db, full, host, bad]) each.close();
  });

  it('a full disk (SQLITE_FULL) fails the batch with a StorageError and writes nothing', async () => {
    const db = fresh();
    const storage = sqliteStorage(db, { wal: false });
    await storage.batch([{ type: 'put', key: 'a', value: 'small' }]);
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 1}`);
    const error = await storage
      .batch([
        { type: 'delete', key: 'a' },
        { type: 'put', key: 'b', value: 'y'.repeat(64 * 1024) },
      ])
      .catch((e: unknown) => e);
    expect(isStorageError(error)).toBe(true);
    expect((error as Error).message).toMatch(/storage is full/);
    expect((error as Error).message).toMatch(/nothing was written/);
    expect(await storage.scan('')).toEqual([['a', 'small']]);
    await storage.close();
  });

  it('a statement failing mid-batch rolls back the ops before it', async () => {
    const db = fresh();
    const storage = sqliteStorage(db, { table: 'kv' });
    db.exec(
      `CREATE TRIGGER boom BEFORE INSERT ON kv WHEN NEW.key = 'boom' BEGIN SELECT RAISE(ABORT, 'I/O failure (simulated)'); END`,
    );
    await expect(
      storage.batch([
        { type: 'put', key: 'first', value: 1 },
        { type: 'put', key: 'boom', value: 2 },
      ]),
    ).rejects.toMatchObject({ name: 'StorageError', operation: 'sqliteStorage.batch' });
    expect(await storage.get('first')).toBeUndefined();
    await storage.close();
  });

  it('a database closed by the host surfaces as a StorageError', async () => {
    const db = fresh();
    const storage = sqliteStorage(db);
    db.close();
    const error = await storage.get('k').catch((e: unknown) => e);
    expect(isStorageError(error)).toBe(true);
    expect((error as Error).message).toMatch(/connection is closed/);
    await expect(storage.batch([{ type: 'put', key: 'k', value: 1 }])).rejects.toMatchObject({
      name: 'StorageError',
    });
  });

  it('data the SDK did not write (corrupt JSON, non-text) is a StorageError, not a crash', async () => {
    const db = fresh();
    const storage = sqliteStorage(db, { table: 'kv', closeDatabase: false });
    db.prepare('INSERT INTO kv (key, value) VALUES (?, ?)').run('corrupt', '{"half":');
    db.prepare('INSERT INTO kv (key, value) VALUES (?, ?)').run('blob', Buffer.from('{}'));
    await expect(storage.get('corrupt')).rejects.toThrow(/key "corrupt" is corrupt JSON/);
    await expect(storage.scan('b')).rejects.toThrow(/key "blob" is not JSON text/);
    // A scan names the corrupt row even when good rows come before it.
    db.prepare('INSERT INTO kv (key, value) VALUES (?, ?)').run('c1', '{"ok":1}');
    await expect(storage.scan('c')).rejects.toThrow(/key "corrupt" is corrupt JSON/);
    db.close();
  });

  it('scans the same with a driver whose statements have no raw mode', async () => {
    const db = fresh();
    const plain = {
      prepare: (source: string) => {
        const statement = db.prepare(source);
        return {
          run: (...params: unknown[]) => statement.run(...params),
          get: (...params: unknown[]) => statement.get(...params),
          all: (...params: unknown[]) => statement.all(...params),
        };
      },
      transaction: (fn: () => void) => db.transaction(fn),
      exec: (source: string) => db.exec(source),
      close: () => db.close(),
    };
    const storage = sqliteStorage(plain, { closeDatabase: false });
    const rows: Array<[string, { n: number }]> = [
      ['p/a', { n: 1 }],
      ['p/b', { n: 2 }],
      ['q/c', { n: 3 }],
    ];
    await storage.batch(rows.map(([key, value]) => ({ type: 'put', key, value })));
    expect(await storage.scan('p/')).toEqual(rows.slice(0, 2));
    const raw = sqliteStorage(db, { closeDatabase: false });
    expect(await raw.scan('p/')).toEqual(await storage.scan('p/'));
    expect(await raw.scan('')).toEqual(rows);
    db.close();
  });

  it('closeDatabase: false leaves the host connection open', async () => {
    const db = fresh();
    const storage = sqliteStorage(db, { closeDatabase: false });
    await storage.batch([{ type: 'put', key: 'k', value: 'v' }]);
    await storage.close();
    expect(db.open).toBe(true);
    expect(db.prepare('SELECT value FROM infinitestories_kv').pluck().get()).toBe('"v"');
    db.close();
  });

  it('refuses unsafe table names and keys with lone surrogates', async () => {
    const db = fresh();
    expect(() => sqliteStorage(db, { table: 'kv; DROP TABLE x' })).toThrow(/invalid table name/);
    const storage = sqliteStorage(db);
    await expect(
      storage.batch([
        { type: 'put', key: 'ok', value: 1 },
        { type: 'put', key: 'bad\ud800', value: 1 },
      ]),
    ).rejects.toMatchObject({ name: 'StorageError' });
    expect(await storage.get('ok')).toBeUndefined();
    await storage.close();
  });

  it('a read-only database rejects writes with a StorageError', async () => {
    const path = join(dir, `readonly-${++counter}.db`);
    sqliteStorage(new Database(path), { closeDatabase: false });
    const storage = sqliteStorage(new Database(path, { readonly: true }), { wal: false });
    await expect(storage.batch([{ type: 'put', key: 'k', value: 1 }])).rejects.toThrow(/read-only/);
    await storage.close();
  });
});
