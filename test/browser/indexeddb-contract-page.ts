// Bundled by indexeddb-chromium.test.ts and run in a real Chromium page: the StorageAdapter
// contract cases against indexedDBStorage over the browser's own IndexedDB.
import { indexedDBStorage } from '../../src/storage-adapters/indexeddb-storage.js';
import { scopedTransactOf } from '../../src/storage-adapters/scoped-transact.js';
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

/** What {@link runBlocked} saw. */
export interface BlockedResult {
  /** How the version change ended while a connection refused to close. */
  failure: string;
  /** How another adapter's call ended meanwhile. */
  read: string;
  /** The value of `k` read by both adapters once that connection closed (1: untouched). */
  after: unknown[];
  /** Whether the database kept its version (the abandoned version change was aborted). */
  versionKept: boolean;
  /** The value of `k` after a version change that ran once that connection closed. */
  final: unknown;
}

/**
 * A connection that never closes on `versionchange` blocks the version change of a sign-out:
 * it fails once the (manual) timers fire, and changes nothing when the browser runs it later.
 */
async function runBlocked(): Promise<BlockedResult> {
  const due: Array<() => void> = [];
  const timers = {
    setTimeout: (callback: () => void) => due.push(callback) && callback,
    clearTimeout: (handle: unknown) => {
      const index = due.indexOf(handle as () => void);
      if (index >= 0) due.splice(index, 1);
    },
  };
  const name = `blocked-${Date.now()}`;
  const a = indexedDBStorage({ dbName: name, timers, secureStore: false });
  const b = indexedDBStorage({ dbName: name, timers, secureStore: false });
  await a.batch([{ type: 'put', key: 'k', value: 1 }]);
  await b.get('k');
  const stubborn = await rawOpen(name);
  const version = stubborn.version;
  const asked = new Promise<void>((resolve) => {
    stubborn.onversionchange = () => resolve(); // and never closes
  });
  const scoped = scopedTransactOf(a);
  if (!scoped) throw new Error('no scoped transactions');
  const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
  const failure = scoped
    .alone(['k'], () => [{ type: 'put', key: 'k', value: 'abandoned' }])
    .then(() => 'ran', describe);
  await asked;
  const read = b.get('k').then((value) => `read ${String(value)}`, describe);
  for (const callback of due.splice(0)) callback();
  const result = { failure: await failure, read: await read };
  stubborn.close();
  const after = [await a.get('k'), await b.get('k')];
  const reopened = await rawOpen(name);
  const versionKept = reopened.version === version;
  reopened.close();
  await scoped.alone(['k'], () => [{ type: 'put', key: 'k', value: 2 }]);
  const final = await b.get('k');
  await a.close();
  await b.close();
  return { ...result, after, versionKept, final };
}

function rawOpen(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

(globalThis as { runContract?: typeof runContract }).runContract = runContract;
(globalThis as { runBlocked?: typeof runBlocked }).runBlocked = runBlocked;
