/**
 * `createClient` as an app uses it: real better-auth sessions on the fake backend (through msw),
 * local-first repositories, the sync engine, per-user namespaces and safe sign-out.
 */
import { getEventListeners } from 'node:events';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memorySecureStore } from '../../src/auth/secure-store.js';
import { createClient, type InfiniteStoriesClient } from '../../src/client/create-client.js';
import { AuthError, PendingChangesError } from '../../src/errors/index.js';
import { manualConnectivity } from '../../src/platform/connectivity.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import {
  createFakeBackend,
  type FakeBackend,
  fakeBackendHandlers,
} from '../../src/testing/index.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let backend: FakeBackend;
const clients: InfiniteStoriesClient[] = [];
let emails = 0;

function newBackend(): FakeBackend {
  backend = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
  server.use(...fakeBackendHandlers(backend));
  return backend;
}

function device(options: Partial<Parameters<typeof createClient>[0]> = {}): InfiniteStoriesClient {
  const client = createClient({
    baseUrl: backend.baseUrl,
    sync: { autoStart: false },
    ...options,
  });
  clients.push(client);
  return client;
}

function credentials(): { email: string; password: string; name: string } {
  emails++;
  return {
    email: `client.${emails}@example.test`,
    password: 'password-123',
    name: `User ${emails}`,
  };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

describe('createClient', () => {
  it('refuses repository access while signed out, with a typed error', async () => {
    newBackend();
    const client = device();
    await client.ready;
    expect(client.auth.getSnapshot().status).toBe('signed-out');
    expect(() => client.heroes).toThrow(AuthError);
    await expect(client.sync.syncNow()).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
    expect(client.sync.getSnapshot()).toMatchObject({ phase: 'idle', pendingCount: 0 });
  });

  it('writes offline, shows the change as pending, and syncs it when back online', async () => {
    newBackend();
    const connectivity = manualConnectivity(false);
    const client = device({ connectivity });
    await client.ready;
    await client.auth.signUp(credentials());

    const hero = await client.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
    expect(hero.syncStatus).toBe('pendingCreate');
    expect(client.heroes.get(hero.id)?.name).toBe('Luna');
    expect(client.sync.pending()).toHaveLength(1);
    expect(client.sync.getSnapshot().pendingCount).toBe(1);
    expect(backend.db.heroes.size).toBe(0);

    connectivity.goOnline();
    const summary = await client.sync.syncNow();
    expect(summary.pushed).toBe(1);
    const synced = client.heroes.get(hero.id);
    expect(synced?.syncStatus).toBe('synced');
    expect(synced?.serverId).not.toBeNull();
    expect([...backend.db.heroes.values()].map((row) => row.name)).toEqual(['Luna']);
    expect(client.sync.getSnapshot().pendingCount).toBe(0);
  });

  it('keeps sync listeners across sign-in and relays engine events', async () => {
    newBackend();
    const client = device();
    await client.ready;
    const phases: string[] = [];
    client.sync.subscribe(() => phases.push(client.sync.getSnapshot().phase));
    const completed: number[] = [];
    client.on('sync:completed', (summary) => completed.push(summary.pushed));
    await client.auth.signUp(credentials());
    await client.heroes.create({ name: 'Max', age: 8, traits: ['kind'] });
    await client.sync.syncNow();
    expect(completed).toEqual([1]);
    expect(phases).toContain('pushing');
    expect(client.sync.getSnapshot().phase).toBe('idle');
    expect(client.sync.getStatus()).toBe(client.sync.getSnapshot());
    // Listeners get the new value, and only real changes: no two equal snapshots in a row.
    const seen: unknown[] = [];
    client.sync.subscribe((snapshot) => seen.push(snapshot));
    await client.heroes.create({ name: 'Mia', age: 4, traits: ['funny'] });
    await client.sync.syncNow();
    expect(seen.at(-1)).toBe(client.sync.getSnapshot());
    expect(seen.every((snapshot, i) => i === 0 || snapshot !== seen[i - 1])).toBe(true);
  });

  it('refuses to sign out over unsynced changes, then wipes the namespace when told to', async () => {
    newBackend();
    const storage = memoryStorage();
    const client = device({ storage, connectivity: manualConnectivity(false) });
    await client.ready;
    const user = credentials();
    await client.auth.signUp(user);
    const userId = client.auth.userId;
    await client.heroes.create({ name: 'Unsynced', age: 5, traits: ['shy'] });

    await expect(client.auth.signOut()).rejects.toBeInstanceOf(PendingChangesError);
    expect(client.auth.getSnapshot().status).toBe('signed-in');
    expect(client.heroes.list()).toHaveLength(1);

    await client.auth.signOut({ discardPendingChanges: true });
    expect(client.auth.getSnapshot().status).toBe('signed-out');
    expect(() => client.heroes).toThrow(AuthError);
    expect(await storage.scan(`u/${userId}/`)).toEqual([]);
  });

  it('never shows one user the data of another on the same device', async () => {
    newBackend();
    const storage = memoryStorage();
    const secureStore = memorySecureStore();
    const client = device({ storage, secureStore });
    await client.ready;
    await client.auth.signUp(credentials());
    await client.heroes.create({ name: 'Alice hero', age: 6, traits: ['bold'] });
    await client.sync.syncNow();

    await client.auth.signUp(credentials());
    expect(client.heroes.list()).toEqual([]);
    await client.sync.syncNow();
    expect(client.heroes.list()).toEqual([]);
  });

  it('restores the session and the local data after a restart', async () => {
    newBackend();
    const storage = memoryStorage();
    const secureStore = memorySecureStore();
    const first = device({ storage, secureStore, connectivity: manualConnectivity(false) });
    await first.ready;
    await first.auth.signUp(credentials());
    const hero = await first.heroes.create({ name: 'Survivor', age: 9, traits: ['calm'] });
    await first.close();

    const second = device({ storage, secureStore });
    await second.ready;
    expect(second.auth.getSnapshot().status).toBe('signed-in');
    expect(second.heroes.get(hero.id)?.syncStatus).toBe('pendingCreate');
    await second.sync.syncNow();
    expect(second.heroes.get(hero.id)?.syncStatus).toBe('synced');
    expect(backend.db.heroes.size).toBe(1);
  });

  it('retrying a create whose answer was lost does not create a duplicate', async () => {
    newBackend();
    const client = device();
    await client.ready;
    await client.auth.signUp(credentials());
    await client.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
    backend.faults.dropResponse(1, { method: 'POST', path: '/api/v1/heroes' });
    await client.sync.syncNow().catch(() => undefined);
    const [entry] = client.sync.pending();
    expect(entry?.attempts).toBe(1);
    await client.sync.retry(entry?.mutationId ?? '');
    await client.sync.syncNow();
    await client.sync.syncNow();
    expect(backend.db.heroes.size).toBe(1);
    expect(client.heroes.list()).toHaveLength(1);
    expect(client.heroes.list()[0]?.syncStatus).toBe('synced');
  });

  it('does not collect abort listeners on a long-lived signal passed to syncNow()', async () => {
    newBackend();
    const client = device();
    await client.ready;
    await client.auth.signUp(credentials());
    const app = new AbortController();
    for (let i = 0; i < 5; i++) await client.sync.syncNow({ signal: app.signal });
    expect(getEventListeners(app.signal, 'abort')).toHaveLength(0);
  });

  it('passes the read retry policy to the API client', async () => {
    newBackend();
    const client = device({ retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    await client.ready;
    backend.faults.failNext(2, { status: 503, match: { method: 'GET', path: '/api/v1/health' } });
    await expect(client.api.health()).resolves.toMatchObject({ status: 'healthy' });
    backend.faults.failNext(3, { status: 503, match: { method: 'GET', path: '/api/v1/health' } });
    await expect(client.api.health()).rejects.toMatchObject({ status: 503 });
  });
});
