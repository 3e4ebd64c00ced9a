/**
 * Issue 9, item 5: on sign-out, user switch and `close()`, every observable the app holds —
 * live queries from `observe()`, single-record observers, repository objects, sync status,
 * conflicts — is told and empties: nothing of the previous user reads through them.
 */
import { describe, expect, it, vi } from 'vitest';
import { memorySecureStore } from '../../src/auth/secure-store.js';
import { AuthError } from '../../src/errors/index.js';
import { broadcastChangeChannel } from '../../src/indexeddb.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { credentials, newBackend, openTestDevice } from '../support/hardening-client.js';

const WAIT = { timeout: 8000, interval: 5 };

describe('observables across sign-out and user switch', () => {
  it('an observe() taken before signOut shows nothing of user 1 once user 2 signs in', async () => {
    const backend = newBackend();
    const { client } = openTestDevice(backend);
    await client.ready;
    const first = credentials('One');
    await client.auth.signUp(first);
    const luna = await client.heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    const heroes = client.heroes; // a repository object kept by the app
    const live = heroes.observe();
    const one = heroes.observeOne(luna.id);
    const lists: string[][] = [];
    const stop = live.subscribe((list) => lists.push(list.map((h) => h.name)));
    const stopOne = one.subscribe(() => {});
    const statuses: number[] = [];
    const stopStatus = client.sync.subscribe((s) => statuses.push(s.pendingCount));
    expect(live.getSnapshot().map((h) => h.name)).toEqual(['Luna']);

    await client.auth.signOut({ discardPendingChanges: true });
    expect(lists.at(-1)).toEqual([]); // told, and empty
    expect(live.getSnapshot()).toEqual([]);
    expect(one.getSnapshot()).toBeUndefined();
    expect(heroes.list()).toEqual([]);
    expect(client.sync.getSnapshot().pendingCount).toBe(0);
    expect(statuses.at(-1)).toBe(0);
    expect(client.conflicts.list()).toEqual([]);

    await client.auth.signUp(credentials('Two'));
    await client.heroes.create({ name: 'Milo', age: 5, traits: ['kind'] });
    expect(live.getSnapshot()).toEqual([]);
    expect(heroes.list()).toEqual([]);
    expect(heroes.get(luna.id)).toBeUndefined();
    expect(lists.flat()).not.toContain('Milo');
    expect(client.heroes.list().map((h) => h.name)).toEqual(['Milo']);
    stop();
    stopOne();
    stopStatus();
  });

  it('close() empties the live queries of the signed-in user', async () => {
    const backend = newBackend();
    const { client } = openTestDevice(backend);
    await client.ready;
    await client.auth.signUp(credentials());
    await client.heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    const live = client.heroes.observe();
    let told = 0;
    live.subscribe(() => told++);
    await client.close();
    expect(told).toBeGreaterThan(0);
    expect(live.getSnapshot()).toEqual([]);
  });
});

describe('a sign-out made by another client over the same storage', () => {
  it('empties this client’s observables before this client says signed-out', async () => {
    const backend = newBackend();
    const storage = memoryStorage();
    const secureStore = memorySecureStore();
    const channel = (name: string) =>
      broadcastChangeChannel(`sign-out-observables:${name}:${process.pid}`);
    const open = (clientId: string) =>
      openTestDevice(backend, {
        storage,
        secureStore,
        coordination: {
          clientId,
          channel: (userId) => channel(`changes:${userId}`),
          sessionChannel: () => channel('session'),
        },
      }).client;
    const a = open('a');
    const b = open('b');
    await Promise.all([a.ready, b.ready]);
    await a.auth.signUp(credentials());
    await vi.waitFor(() => expect(b.auth.getSnapshot().status).toBe('signed-in'), WAIT);
    const luna = await a.heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    await vi.waitFor(() => expect(b.heroes.list()).toHaveLength(1), WAIT);

    // What an app on `b` holds: a live list, a record observer, the sync status.
    const live = b.heroes.observe();
    const one = b.heroes.observeOne(luna.id);
    const lists: string[][] = [];
    live.subscribe((list) => lists.push(list.map((h) => h.name)));
    one.subscribe(() => {});
    expect(b.sync.getSnapshot().pendingCount).toBe(1);
    const atSignedOut: unknown[] = [];
    b.auth.subscribe((snapshot) => {
      if (snapshot.status !== 'signed-out') return;
      atSignedOut.push({
        live: live.getSnapshot().length,
        one: one.getSnapshot(),
        pending: b.sync.getSnapshot().pendingCount,
        conflicts: b.conflicts.list().length,
      });
    });

    await a.auth.signOut({ discardPendingChanges: true });
    await vi.waitFor(() => expect(b.auth.getSnapshot().status).toBe('signed-out'), WAIT);
    expect(atSignedOut).toEqual([{ live: 0, one: undefined, pending: 0, conflicts: 0 }]);
    expect(lists.at(-1)).toEqual([]);
    expect(() => b.heroes.list()).toThrow(AuthError);
    // Nothing of the user is left in the storage both clients share.
    expect((await storage.scan('u/')).filter(([key]) => key.includes('/rec/'))).toEqual([]);
  });
});
