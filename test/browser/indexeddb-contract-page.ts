// Bundled by indexeddb-chromium.test.ts and run in a real Chromium page: the StorageAdapter
// contract cases against indexedDBStorage over the browser's own IndexedDB.
import { indexedDBStorage } from '../../src/storage-adapters/indexeddb-storage.js';
import { storageAdapterContractCases } from '../../src/testing/storage-adapter-contract.js';

export interface CaseResult {
  name: string;
  ok: boolean;
  error?: string;
  ms: number;
}

let counter = 0;
let dbName = '';

const cases = storageAdapterContractCases({
  open: async () => {
    dbName = `contract-${Date.now()}-${++counter}`;
    return indexedDBStorage({ dbName });
  },
  reopen: async () => indexedDBStorage({ dbName }),
  destroy: () =>
    new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase(dbName);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error(`deleting ${dbName} is blocked`));
    }),
});

async function runContract(): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const testCase of cases) {
    const started = performance.now();
    try {
      await testCase.run();
      results.push({ name: testCase.name, ok: true, ms: performance.now() - started });
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      results.push({
        name: testCase.name,
        ok: false,
        error: message,
        ms: performance.now() - started,
      });
    }
  }
  return results;
}

(globalThis as { runContract?: typeof runContract }).runContract = runContract;
