/**
 * A sign-out with `coordination` over IndexedDB closes the user's data with a version change
 * of the database, which waits until every other connection to it has closed. A connection
 * that never closes on `versionchange` (one the app opened itself) must not stall the sign-out,
 * nor the client behind it: the sign-out fails with `StorageError` after the adapter's
 * `blockedTimeoutMs` (manual timers here), the user stays signed in with their data, and once
 * that connection closed, the abandoned version change has changed nothing and sign-out works.
 */
import { describe, expect, it, vi } from 'vitest';
import { memorySecureStore } from '../../src/auth/secure-store.js';
import type { InfiniteStoriesClient } from '../../src/client/create-client.js';
import { PendingChangesError, StorageError } from '../../src/errors/index.js';
import { indexedDBStorage } from '../../src/storage-adapters/indexeddb-storage.js';
import type { FakeBackend } from '../../src/testing/index.js';
import { credentials, newBackend, openTestDevice } from '../support/hardening-client.js';
import { manualTimers } from '../support/manual-timers.js';

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

/** A fetch to `backend` that holds the answers to `pattern` (`METHOD /path`) until released. */
function holdingFetch(backend: FakeBackend, pattern: RegExp) {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const seen = { held: 0, sent: [] as string[] };
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const line = `${request.method} ${new URL(request.url).pathname}`;
    seen.sent.push(line);
    const response = await backend.fetch(request);
    if (pattern.test(line)) {
      seen.held++;
      await released;
    }
    return response;
  };
  return { fetch, seen, release };
}

const names = (client: InfiniteStoriesClient) =>
  client.heroes
    .list()
    .map((hero) => hero.name)
    .sort();
const hero = (name: string) => ({ name, age: 6, traits: ['brave'] });

/** A busy machine (CI beside other work) can take seconds to reach the awaited step. */
const BUSY_MACHINE = { timeout: 15_000 };

describe('sign-out over IndexedDB with a connection that never closes', () => {
  it('fails with StorageError within blockedTimeoutMs, keeps the user signed in with their data, and works once it closed', async () => {
    const backend = newBackend();
    const idb = manualTimers();
    const dbName = 'blocked-sign-out';
    const storage = indexedDBStorage({ dbName, timers: idb.timers, secureStore: false });
    const device = openTestDevice(backend, {
      storage,
      secureStore: memorySecureStore(),
      timers: manualTimers().timers, // the client's own timers never fire here
      coordination: { clientId: 'a' },
    });
    const { client } = device;
    await client.ready;
    const account = credentials('Ada');
    await client.auth.signUp(account);
    await client.heroes.create(hero('Luna'));

    const stubborn = await stubbornConnection(dbName);
    const signOut = client.auth.signOut().then(
      () => 'signed out',
      (error: unknown) => error,
    );
    await vi.waitFor(() => expect(stubborn.seen.asked).toBe(1), BUSY_MACHINE);
    await vi.waitFor(() => expect(idb.pending()).toBeGreaterThan(0), BUSY_MACHINE);
    idb.advance(5000);
    const error = await signOut;
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).message).toMatch(
      /another connection to the database did not close when asked to/,
    );
    // Like any failed sign-out: signed in, the data and its unsynced change kept, nothing revoked.
    expect(client.auth.getSnapshot().status).toBe('signed-in');
    expect(names(client)).toEqual(['Luna']);
    expect(client.sync.getSnapshot().pendingCount).toBe(1);
    expect(device.count(/sign-out/)).toBe(0);
    // While that connection stays open, a write fails as clearly (bounded) instead of hanging.
    const write = client.heroes.create(hero('Ghost')).catch((failure: unknown) => failure);
    await vi.waitFor(() => expect(idb.pending()).toBeGreaterThan(0), BUSY_MACHINE);
    idb.advance(5000);
    expect(await write).toBeInstanceOf(StorageError);
    expect(names(client)).toEqual(['Luna']);

    // It closes: the abandoned version change did not close the user's data (writes land),
    // the pending-changes guard counts them, and a sign-out goes through.
    stubborn.db.close();
    // Sync, held back while the sign-out tried to close the data, runs again.
    expect(await client.sync.syncNow()).toMatchObject({ pushed: 1, failed: 0 });
    await client.heroes.create(hero('Milo'));
    expect(names(client)).toEqual(['Luna', 'Milo']);
    const refused = await client.auth.signOut().catch((failure: unknown) => failure);
    expect(refused).toBeInstanceOf(PendingChangesError);
    expect((refused as PendingChangesError).pendingCount).toBe(1);
    expect(names(client)).toEqual(['Luna', 'Milo']);
    await client.auth.signOut({ discardPendingChanges: true });
    expect(client.auth.getSnapshot().status).toBe('signed-out');
    expect(await storage.scan('u/')).toEqual([]);
    await client.auth.signIn(account);
    await client.heroes.create(hero('Nova'));
    expect(names(client)).toEqual(['Nova']);
    expect(idb.pending()).toBe(0);
    await client.close();
    await storage.close();
  });

  it('a push the server accepted while the sign-out waits has its answer saved, and no sync error shows', async () => {
    const backend = newBackend();
    const idb = manualTimers();
    const dbName = 'sign-out-push-in-flight';
    const storage = indexedDBStorage({ dbName, timers: idb.timers, secureStore: false });
    const network = holdingFetch(backend, /^POST \/api\/v1\/heroes$/);
    const logged: string[] = [];
    const { client } = openTestDevice(backend, {
      storage,
      secureStore: memorySecureStore(),
      timers: manualTimers().timers,
      coordination: { clientId: 'a' },
      fetch: network.fetch,
      logger: { debug: (message) => logged.push(message), info() {}, warn() {}, error() {} },
    });
    await client.ready;
    await client.auth.signUp(credentials('Cy'));
    await client.heroes.create(hero('Luna'));
    const failures: unknown[] = [];
    client.on('sync:failed', (event) => failures.push(event));
    const synced = client.sync.syncNow().catch((error: unknown) => error);
    // The server created the hero; its answer has not reached the client yet.
    await vi.waitFor(() => expect(network.seen.held).toBe(1), BUSY_MACHINE);
    expect(backend.db.heroes.size).toBe(1);

    const stubborn = await stubbornConnection(dbName);
    const signOut = client.auth.signOut().then(
      () => 'signed out',
      (error: unknown) => error,
    );
    // The sign-out has begun: it asked the other connections to close (the data being closed
    // while the push is in flight), or it holds sync back until the round has finished.
    await vi.waitFor(
      () =>
        expect(stubborn.seen.asked > 0 || logged.some((line) => /held back/.test(line))).toBe(true),
      BUSY_MACHINE,
    );
    network.release(); // the answer arrives while the sign-out waits
    await vi.waitFor(() => expect(stubborn.seen.asked).toBe(1), BUSY_MACHINE);
    stubborn.db.close(); // the close goes through

    // The answer was saved before the data closed: nothing pending, so the sign-out goes on.
    expect(await signOut).toBe('signed out');
    expect(await synced).toMatchObject({ pushed: 1, failed: 0 });
    expect(failures).toEqual([]);
    expect([...backend.db.heroes.values()].map((row) => row.name)).toEqual(['Luna']);
    expect(network.seen.sent.filter((line) => line === 'POST /api/v1/heroes')).toHaveLength(1);
    await vi.waitFor(() => expect(idb.pending()).toBe(0), BUSY_MACHINE); // no bound left running
    await client.close();
    await storage.close();
  });

  it('an account deleted while it blocks: signed out, and nothing of the user shows any more', async () => {
    const backend = newBackend();
    const idb = manualTimers();
    const dbName = 'blocked-delete-account';
    const storage = indexedDBStorage({ dbName, timers: idb.timers, secureStore: false });
    const { client } = openTestDevice(backend, {
      storage,
      secureStore: memorySecureStore(),
      timers: manualTimers().timers,
      coordination: { clientId: 'a' },
    });
    await client.ready;
    await client.auth.signUp(credentials('Bea'));
    await client.heroes.create(hero('Luna'));
    const live = client.heroes.observe();
    expect(live.getSnapshot().map((record) => record.name)).toEqual(['Luna']);

    const stubborn = await stubbornConnection(dbName);
    const deleted = client.auth.deleteAccount().catch((error: unknown) => error);
    // The wipe's version change, then giving up the push lock when the session closes: each
    // waits its bound, and neither keeps the session from closing.
    for (let wait = 0; wait < 2; wait++) {
      await vi.waitFor(() => expect(idb.pending()).toBeGreaterThan(0), BUSY_MACHINE);
      idb.advance(5000);
    }
    expect(await deleted).toBeInstanceOf(StorageError); // the local data could not be wiped
    expect(client.auth.getSnapshot().status).toBe('signed-out');
    expect(live.getSnapshot()).toEqual([]);
    stubborn.db.close();
    await client.close();
    await storage.close();
  });
});
