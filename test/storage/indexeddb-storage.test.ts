import { describe, expect, it, vi } from 'vitest';
import { ConfigurationError, StorageError } from '../../src/errors/index.js';
import { indexedDBStorage } from '../../src/storage-adapters/indexeddb-storage.js';
import { scopedTransactOf } from '../../src/storage-adapters/scoped-transact.js';
import { runStorageAdapterContract } from '../../src/testing/storage-adapter-contract.js';
import { manualTimers } from '../support/manual-timers.js';

// fake-indexeddb is installed globally by vitest's setupFiles.

let counter = 0;
let dbName = '';
runStorageAdapterContract(
  'indexedDBStorage (fake-indexeddb)',
  {
    open: async () => {
      dbName = `contract-${++counter}`;
      return indexedDBStorage({ dbName });
    },
    reopen: async () => indexedDBStorage({ dbName }),
    destroy: () => deleteDatabase(dbName),
  },
  { describe, it },
);

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
    request.onblocked = () =>
      reject(new Error(`deleting ${name} is blocked by an open connection`));
  });
}

/** A connection to `name` the way an app might open one: it never closes when asked. */
async function stubbornConnection(name: string) {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const seen = { asked: 0 };
  db.onversionchange = () => {
    seen.asked++;
  };
  return { db, seen };
}

describe('indexedDBStorage', () => {
  it('fails a version change that a connection which never closes blocks, within blockedTimeoutMs; the abandoned one changes nothing', async () => {
    const time = manualTimers();
    const options = { dbName: 'blocked', timers: time.timers, blockedTimeoutMs: 1000 };
    const a = indexedDBStorage(options);
    const b = indexedDBStorage(options); // another tab's adapter
    await a.batch([{ type: 'put', key: 'k', value: 1 }]);
    expect(await b.get('k')).toBe(1);
    const stubborn = await stubbornConnection('blocked');
    const version = stubborn.db.version;
    const scoped = scopedTransactOf(a);
    if (!scoped) throw new Error('indexedDBStorage offers scoped transactions');

    const alone = scoped.alone(['k'], () => [{ type: 'put', key: 'k', value: 'abandoned' }]);
    const failed = alone.then(
      () => 'ran',
      (error: unknown) => error,
    );
    await vi.waitFor(() => expect(stubborn.seen.asked).toBe(1));
    // b closed when asked; its next open queues behind the blocked version change: bounded too.
    const read = b.get('k').catch((error: unknown) => error);
    await vi.waitFor(() => expect(time.pending()).toBe(2));
    time.advance(999);
    expect(time.pending()).toBe(2);
    time.advance(1);
    const error = await failed;
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toMatch(
      /another connection to the database did not close when asked to .*IndexedDB "blocked"/,
    );
    expect(await read).toBeInstanceOf(StorageError);

    // Once that connection closes, the abandoned version change is aborted: no write, same
    // version; every adapter works again, and so does the next version change.
    stubborn.db.close();
    expect(await a.get('k')).toBe(1);
    expect(await b.get('k')).toBe(1);
    const reopened = await stubbornConnection('blocked');
    expect(reopened.db.version).toBe(version);
    reopened.db.close();
    await scoped.alone(['k'], () => [{ type: 'put', key: 'k', value: 2 }]);
    expect(await b.get('k')).toBe(2);
    expect(time.pending()).toBe(0);
    await a.close();
    await b.close();
    await deleteDatabase('blocked');
    for (const blockedTimeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => indexedDBStorage({ dbName: 'never', blockedTimeoutMs })).toThrow(
        ConfigurationError,
      );
    }
  });

  it('never blocks another tab deleting the database, and reopens it on the next call', async () => {
    const storage = indexedDBStorage({ dbName: 'versionchange' });
    await storage.batch([{ type: 'put', key: 'k', value: 1 }]);
    await deleteDatabase('versionchange');
    expect(await storage.get('k')).toBeUndefined();
    await storage.batch([{ type: 'put', key: 'k', value: 2 }]);
    expect(await storage.get('k')).toBe(2);
    await storage.close();
    await deleteDatabase('versionchange');
  });

  it('adds its object store to a database that exists without it, keeping the other stores', async () => {
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open('shared-db', 3);
      request.onupgradeneeded = () => request.result.createObjectStore('other').put('kept', 'x');
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    const storage = indexedDBStorage({ dbName: 'shared-db', storeName: 'kv' });
    await storage.batch([{ type: 'put', key: 'k', value: 'v' }]);
    expect(await storage.get('k')).toBe('v');
    const second = indexedDBStorage({ dbName: 'shared-db', storeName: 'kv2' });
    await second.batch([{ type: 'put', key: 'k', value: 'v2' }]);
    expect(await storage.get('k')).toBe('v');
    await storage.close();
    await second.close();
    const other = await new Promise<unknown>((resolve, reject) => {
      const request = indexedDB.open('shared-db');
      request.onsuccess = () => {
        const db = request.result;
        const get = db.transaction('other').objectStore('other').get('x');
        get.onsuccess = () => {
          db.close();
          resolve(get.result);
        };
      };
      request.onerror = () => reject(request.error);
    });
    expect(other).toBe('kept');
    await deleteDatabase('shared-db');
  });

  it('two adapters on different databases do not share data', async () => {
    const one = indexedDBStorage({ dbName: 'iso-1' });
    const two = indexedDBStorage({ dbName: 'iso-2' });
    await one.batch([{ type: 'put', key: 'k', value: 'one' }]);
    expect(await two.get('k')).toBeUndefined();
    await one.close();
    await two.close();
    await deleteDatabase('iso-1');
    await deleteDatabase('iso-2');
  });
});
