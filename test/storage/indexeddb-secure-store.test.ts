/**
 * indexedDBSecureStore over fake-indexeddb and Node's WebCrypto: the SecureStore contract, what
 * lands on disk (ciphertext and a non-extractable key), reloads, and its use as the default
 * secure store of a client on indexedDBStorage (a reload keeps the user signed in).
 */

import { createStore, del, get } from 'idb-keyval';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runSecureStoreContract } from '../../src/auth/secure-store-contract.js';
import { createClient, type InfiniteStoriesClient } from '../../src/client/create-client.js';
import { isStorageError } from '../../src/errors/index.js';
import { indexedDBSecureStore } from '../../src/storage-adapters/indexeddb-secure-store.js';
import { indexedDBStorage } from '../../src/storage-adapters/indexeddb-storage.js';
import { createFakeBackend, fakeBackendHandlers } from '../../src/testing/index.js';

let databases = 0;
const uniqueName = () => `secure-test-${process.pid}-${++databases}`;

runSecureStoreContract(
  'indexedDBSecureStore',
  () => indexedDBSecureStore({ dbName: uniqueName() }),
  {
    describe,
    it,
    expect,
  },
);

const TOKEN = 'L6ou7Lfp6wb5D0LucJnD7GM4CFZgUF0W.TpN79WC4IY7lzYnCWaEj%2FCGAuoowGFCksyiAGGZmIFQ%3D';

describe('indexedDBSecureStore at rest', () => {
  it('stores ciphertext with a fresh iv per write, and a non-extractable AES-GCM key', async () => {
    const dbName = uniqueName();
    const store = indexedDBSecureStore({ dbName });
    await store.set('session', TOKEN);
    const raw = createStore(dbName, 'secrets');
    const first = await get<{ iv: Uint8Array; data: ArrayBuffer }>('value:session', raw);
    expect(first?.iv).toBeInstanceOf(Uint8Array);
    const bytes = new Uint8Array(first?.data ?? new ArrayBuffer(0));
    expect(bytes.length).toBeGreaterThan(0);
    expect(Buffer.from(bytes).toString('latin1')).not.toContain('L6ou7Lfp');
    const key = await get<CryptoKey>('key:aes-gcm', raw);
    expect(key?.extractable).toBe(false);
    expect(key?.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    await expect(globalThis.crypto.subtle.exportKey('raw', key as CryptoKey)).rejects.toThrow();

    await store.set('session', TOKEN);
    const second = await get<{ iv: Uint8Array }>('value:session', raw);
    expect(Buffer.from(second?.iv ?? []).equals(Buffer.from(first?.iv ?? []))).toBe(false);
  });

  it('reads back after a reload (a new store over the same database)', async () => {
    const dbName = uniqueName();
    await indexedDBSecureStore({ dbName }).set('session', TOKEN);
    expect(await indexedDBSecureStore({ dbName }).get('session')).toBe(TOKEN);
  });

  it('rejects with a StorageError once its key is gone (site data partly cleared)', async () => {
    const dbName = uniqueName();
    await indexedDBSecureStore({ dbName }).set('session', TOKEN);
    await del('key:aes-gcm', createStore(dbName, 'secrets'));
    const reloaded = indexedDBSecureStore({ dbName });
    const error = await reloaded.get('session').catch((e: unknown) => e);
    expect(isStorageError(error)).toBe(true);
    expect(String(error)).toMatch(/can no longer be decrypted/);
    await reloaded.set('session', 'new-token');
    expect(await indexedDBSecureStore({ dbName }).get('session')).toBe('new-token');
  });
});

describe('indexedDBStorage as the default secure store of createClient', () => {
  const server = setupServer();
  const clients: InfiniteStoriesClient[] = [];
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    server.resetHandlers();
  });
  afterAll(() => server.close());

  function open(baseUrl: string, storage: ReturnType<typeof indexedDBStorage>) {
    const client = createClient({ baseUrl, storage, sync: { autoStart: false } });
    clients.push(client);
    return client;
  }

  it('keeps the user signed in across a reload, with their pending change', async () => {
    const backend = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
    server.use(...fakeBackendHandlers(backend));
    const dbName = uniqueName();
    const before = open(backend.baseUrl, indexedDBStorage({ dbName }));
    await before.ready;
    await before.auth.signUp({ email: 'reload@example.test', password: 'password-123', name: 'R' });
    const hero = await before.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
    await before.close();

    const after = open(backend.baseUrl, indexedDBStorage({ dbName }));
    await after.ready;
    expect(after.auth.getSnapshot()).toMatchObject({ status: 'signed-in', user: { name: 'R' } });
    expect(after.heroes.get(hero.id)?.syncStatus).toBe('pendingCreate');
    expect((await after.auth.getSession()).status).toBe('signed-in'); // the server agrees
  });

  it('secureStore: false keeps the in-memory default (signed out after a reload)', async () => {
    const backend = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
    server.use(...fakeBackendHandlers(backend));
    const dbName = uniqueName();
    const before = open(backend.baseUrl, indexedDBStorage({ dbName, secureStore: false }));
    await before.ready;
    await before.auth.signUp({ email: 'memory@example.test', password: 'password-123', name: 'M' });
    await before.close();
    const after = open(backend.baseUrl, indexedDBStorage({ dbName, secureStore: false }));
    await after.ready;
    expect(after.auth.getSnapshot().status).toBe('signed-out');
  });
});
