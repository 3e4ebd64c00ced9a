/**
 * Issue 10: the session across clients over one storage and one secure store, through
 * `createClient({ coordination })` only. A sign-in, sign-out (its wipe and its pending-changes
 * guard over the shared outbox) and an expiry in one client apply to the other, whose live
 * queries, status and conflicts are told and empty. Both ways of hearing are covered: a
 * session channel (here Node's `BroadcastChannel`, the browser one's twin), and the storage
 * counter that clients without a channel poll (driven by manual timers).
 */
import { createStore, get, set } from 'idb-keyval';
import { describe, expect, it, vi } from 'vitest';
import { memorySecureStore } from '../../src/auth/secure-store.js';
import type { InfiniteStoriesClient } from '../../src/client/create-client.js';
import { isStorageError, PendingChangesError } from '../../src/errors/index.js';
import { broadcastChangeChannel } from '../../src/indexeddb.js';
import { indexedDBSecureStore } from '../../src/storage-adapters/indexeddb-secure-store.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { credentials, newBackend, openTestDevice } from '../support/hardening-client.js';

/** Timers that fire only when the test moves them. */
function manualTimers() {
  let now = 0;
  const queue: Array<{ at: number; callback: () => void }> = [];
  return {
    timers: {
      setTimeout(callback: () => void, ms: number) {
        const handle = { at: now + ms, callback };
        queue.push(handle);
        return handle;
      },
      clearTimeout(handle: unknown) {
        const index = queue.indexOf(handle as (typeof queue)[number]);
        if (index >= 0) queue.splice(index, 1);
      },
    },
    /** Moves time by `ms` and fires what came due. */
    advance(ms: number) {
      now += ms;
      const due = queue.filter((handle) => handle.at <= now);
      for (const handle of due) queue.splice(queue.indexOf(handle), 1);
      for (const handle of due) handle.callback();
    },
  };
}

const SESSION = 'c/session';
const waitFor = <T>(check: () => T) => vi.waitFor(check, { timeout: 8000, interval: 5 });

function names(client: InfiniteStoriesClient): string[] {
  return client.heroes.list().map((hero) => hero.name);
}

describe('the session across clients over one storage', () => {
  it('over a session channel: sign-in, sign-out and expiry in one client apply to the other', async () => {
    const backend = newBackend();
    const storage = memoryStorage();
    const secureStore = memorySecureStore();
    const channel = (name: string) => () => broadcastChangeChannel(`test:${name}:${process.pid}`);
    const open = (clientId: string) =>
      openTestDevice(backend, {
        storage,
        secureStore,
        coordination: {
          clientId,
          channel: (userId) => channel(`changes:${userId}`)(),
          sessionChannel: channel('session'),
        },
      }).client;
    const a = open('a');
    const b = open('b');
    await Promise.all([a.ready, b.ready]);

    // Sign-in in a: b follows and opens the same user's data.
    await a.auth.signUp(credentials('Ada'));
    await waitFor(() => expect(b.auth.getSnapshot().status).toBe('signed-in'));
    expect(b.auth.userId).toBe(a.auth.userId);
    await a.heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    await waitFor(() => expect(names(b)).toEqual(['Luna']));

    // b holds what the app shows: a live list, one record, the sync status, the conflicts.
    const live = b.heroes.observe();
    const lists: string[][] = [];
    live.subscribe((list) => lists.push(list.map((hero) => hero.name)));
    const pending: number[] = [];
    b.sync.subscribe((status) => pending.push(status.pendingCount));
    expect(b.sync.getSnapshot().pendingCount).toBe(1);

    // The guard counts the shared outbox: b never wrote, yet its sign-out is refused.
    await expect(b.auth.signOut()).rejects.toBeInstanceOf(PendingChangesError);
    await b.sync.syncNow(); // whichever client pushes, Luna reaches the server once
    expect([...backend.db.heroes.values()].map((hero) => hero.name)).toEqual(['Luna']);
    await waitFor(() => expect(a.sync.getSnapshot().pendingCount).toBe(0));

    // Sign-out in b: a follows, and nothing of the user reads through a's objects any more.
    const aLive = a.heroes.observe();
    await b.auth.signOut();
    await waitFor(() => expect(a.auth.getSnapshot().status).toBe('signed-out'));
    await waitFor(() => expect(aLive.getSnapshot()).toEqual([]));
    expect(() => a.heroes.list()).toThrow(/signed-in user/);
    expect(a.sync.getSnapshot().pendingCount).toBe(0);
    expect(a.conflicts.list()).toEqual([]);
    expect(lists.at(-1)).toEqual([]);
    expect(live.getSnapshot()).toEqual([]);
    expect(pending.at(-1)).toBe(0);
    expect(await storage.scan(`u/`)).toEqual([]); // wiped once, by b

    // Expiry in a (the server ended the session): b shows it too, and keeps the data.
    const bo = credentials('Bo');
    await b.auth.signUp(bo);
    await waitFor(() => expect(a.auth.getSnapshot().status).toBe('signed-in'));
    const saved = JSON.parse((await secureStore.get('infinitestories.auth.session')) ?? '{}');
    backend.expireSession(saved.token);
    await a.auth.getSession();
    expect(a.auth.getSnapshot().status).toBe('expired');
    await waitFor(() => expect(b.auth.getSnapshot().status).toBe('expired'));
    expect(b.auth.userId).toBe(a.auth.userId);
  });

  it('without a channel: the storage counter, polled, carries sign-in and sign-out', async () => {
    const backend = newBackend();
    const storage = memoryStorage();
    const secureStore = memorySecureStore();
    const time = manualTimers();
    const open = (clientId: string) =>
      openTestDevice(backend, {
        storage,
        secureStore,
        timers: time.timers,
        coordination: { clientId, pollMs: 100, renewMs: 100 },
      }).client;
    const a = open('a');
    const b = open('b');
    await Promise.all([a.ready, b.ready]);
    await a.auth.signUp(credentials('Cy'));
    expect(b.auth.getSnapshot().status).toBe('signed-out'); // not polled yet
    time.advance(100);
    await waitFor(() => expect(b.auth.getSnapshot().status).toBe('signed-in'));
    await waitFor(() => expect(() => b.heroes.list()).not.toThrow());
    // a writes; b has not polled its rows yet, and still its sign-out counts a's change.
    await a.heroes.create({ name: 'Milo', age: 5, traits: ['kind'] });
    expect(names(b)).toEqual([]);
    const refused = await b.auth.signOut().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PendingChangesError);
    expect((refused as PendingChangesError).pendingCount).toBe(1);
    // b polls: the one-key counter says a wrote, so b re-reads its rows.
    time.advance(100);
    await waitFor(() => expect(names(b)).toEqual(['Milo']));
    const live = b.heroes.observe();
    await a.auth.signOut({ discardPendingChanges: true });
    time.advance(100);
    await waitFor(() => expect(b.auth.getSnapshot().status).toBe('signed-out'));
    await waitFor(() => expect(live.getSnapshot()).toEqual([]));
    expect(b.sync.getSnapshot().pendingCount).toBe(0);
  });

  it('a saved session that no longer decrypts is a StorageError, and signs no client out', async () => {
    const backend = newBackend();
    const storage = memoryStorage();
    const dbName = `session-secure-${process.pid}-${Date.now()}`;
    const time = manualTimers();
    const warnings: unknown[] = [];
    const logger = {
      debug() {},
      info() {},
      warn: (_: string, fields?: { error?: unknown }) => warnings.push(fields?.error),
      error() {},
    };
    // Each client has its own secure store over one database, as tabs of one origin do.
    const open = (clientId: string) =>
      openTestDevice(backend, {
        storage,
        secureStore: indexedDBSecureStore({ dbName }),
        timers: time.timers,
        logger,
        coordination: { clientId, pollMs: 100, renewMs: 100 },
      }).client;
    const a = open('a');
    const b = open('b');
    await Promise.all([a.ready, b.ready]);
    await a.auth.signUp(credentials('Di'));
    time.advance(100);
    await waitFor(() => expect(b.auth.getSnapshot().status).toBe('signed-in'));

    // The saved entry's bytes are damaged: nothing can decrypt it any more.
    const raw = createStore(dbName, 'secrets');
    const key = 'value:infinitestories.auth.session';
    const sealed = await get<{ iv: Uint8Array; data: ArrayBuffer }>(key, raw);
    await set(key, { iv: sealed?.iv, data: new ArrayBuffer(sealed?.data.byteLength ?? 16) }, raw);

    // A client starting now gets the typed error (and is signed out: it has no session).
    const c = open('c');
    const failure = await c.ready.catch((error: unknown) => error);
    expect(isStorageError(failure)).toBe(true);
    expect(c.auth.getSnapshot().status).toBe('signed-out');
    // Another session change is announced: b re-reads the entry, fails, and stays signed in.
    await storage.transact([SESSION], ([value]) => [
      { type: 'put', key: SESSION, value: { n: ((value as { n?: number })?.n ?? 0) + 1 } },
    ]);
    await waitFor(() => {
      time.advance(100);
      // The logger gets the error as a plain object (its fields, secrets redacted).
      expect(JSON.stringify(warnings)).toMatch(/"StorageError".*can no longer be decrypted/);
    });
    expect(a.auth.getSnapshot().status).toBe('signed-in');
    expect(b.auth.getSnapshot().status).toBe('signed-in');
    await b.heroes.create({ name: 'Still here', age: 5, traits: ['kind'] });
    expect(names(b)).toEqual(['Still here']);
  });
});
