import { describe, expect, it } from 'vitest';
import { indexedDBStorage } from '../../src/storage-adapters/indexeddb-storage.js';
import { runStorageAdapterContract } from '../../src/testing/storage-adapter-contract.js';

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

describe('indexedDBStorage', () => {
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
