// Bundled by secure-store-chromium.test.ts and run in a real Chromium page: the SecureStore
// contract against indexedDBSecureStore over the browser's IndexedDB and WebCrypto, with a tiny
// runner in place of vitest's describe/it/expect.
import { runSecureStoreContract } from '../../src/auth/secure-store-contract.js';
import { indexedDBSecureStore } from '../../src/storage-adapters/indexeddb-secure-store.js';

export interface SecureCaseResult {
  name: string;
  ok: boolean;
  error?: string;
}

const cases: Array<{ name: string; body: () => Promise<void> | void }> = [];
let counter = 0;

function fail(actual: unknown, expected: string): never {
  throw new Error(`expected ${expected}, got ${JSON.stringify(actual)}`);
}

runSecureStoreContract(
  'indexedDBSecureStore',
  () => indexedDBSecureStore({ dbName: `secure-contract-${Date.now()}-${++counter}` }),
  {
    describe: (_name, body) => body(),
    it: (name, body) => cases.push({ name, body }),
    expect: (actual) => ({
      toBe: (expected) =>
        Object.is(actual, expected) ? undefined : fail(actual, String(expected)),
      toEqual: (expected) =>
        JSON.stringify(actual) === JSON.stringify(expected)
          ? undefined
          : fail(actual, JSON.stringify(expected)),
      toBeNull: () => (actual === null ? undefined : fail(actual, 'null')),
    }),
  },
);

async function runContract(): Promise<SecureCaseResult[]> {
  const results: SecureCaseResult[] = [];
  for (const { name, body } of cases) {
    try {
      await body();
      results.push({ name, ok: true });
    } catch (error) {
      results.push({
        name,
        ok: false,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return results;
}

const reloadStore = () => indexedDBSecureStore({ dbName: 'secure-reload' });

Object.assign(globalThis, {
  runContract,
  writeToken: (token: string) => reloadStore().set('session', token),
  readToken: () => reloadStore().get('session'),
});
