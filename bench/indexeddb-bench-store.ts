/** A {@link BenchStore} over IndexedDB (fake-indexeddb in Node, the real one in Chromium). */
import { indexedDBStorage } from '../src/storage-adapters/indexeddb-storage.js';
import type { StorageAdapter } from '../src/storage-adapters/storage-adapter.js';
import type { BenchStore } from './bench-store.js';

/** A store in the IndexedDB database `dbName`, deleted on dispose. */
export function indexedDBBenchStore(dbName: string): BenchStore {
  const opened: StorageAdapter[] = [];
  return {
    open() {
      const adapter = indexedDBStorage({ dbName });
      opened.push(adapter);
      return adapter;
    },
    async release(adapter) {
      const at = opened.indexOf(adapter);
      if (at >= 0) opened.splice(at, 1);
      await adapter.close();
    },
    async dispose() {
      for (const adapter of opened.splice(0)) await adapter.close().catch(() => {});
      await new Promise<void>((resolve) => {
        const request = indexedDB.deleteDatabase(dbName);
        request.onsuccess = () => resolve();
        request.onerror = () => resolve();
        request.onblocked = () => resolve();
      });
    },
  };
}
