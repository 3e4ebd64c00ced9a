/**
 * What `client.auth` tells is already true of the client: a listener told `signed-in` reads
 * that user's repositories, and one told `signed-out` finds nothing of the previous user. For
 * every way the user changes: a sign-in, a switch to another user, a sign-out, a session
 * restored at open, and a session signed in or out by another client over the same storage.
 */
import { describe, expect, it, vi } from 'vitest';
import { memorySecureStore } from '../../src/auth/secure-store.js';
import type { AuthSnapshot } from '../../src/auth/session-state.js';
import type { InfiniteStoriesClient } from '../../src/client/create-client.js';
import { AuthError } from '../../src/errors/index.js';
import { broadcastChangeChannel } from '../../src/indexeddb.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { credentials, newBackend, openTestDevice } from '../support/hardening-client.js';

/** What a listener saw of the client when it was told a state. */
interface Seen {
  readonly via: 'subscribe' | 'auth:changed';
  readonly status: string;
  readonly email: string | null;
  readonly userId: string | null;
  /** The hero names `client.heroes.list()` gave, or the error it threw. */
  readonly heroes: string;
  readonly pending: number;
}

/** Records, for every state `client` announces, what the app can read at that moment. */
function watch(client: InfiniteStoriesClient): Seen[] {
  const seen: Seen[] = [];
  const look = (via: Seen['via'], snapshot: AuthSnapshot): void => {
    let heroes: string;
    try {
      heroes = client.heroes
        .list()
        .map((hero) => hero.name)
        .sort()
        .join(',');
    } catch (error) {
      heroes = error instanceof AuthError ? `AuthError ${error.code}` : `thrown ${String(error)}`;
    }
    seen.push({
      via,
      status: snapshot.status,
      email: snapshot.user?.email ?? null,
      userId: client.auth.userId,
      heroes,
      pending: client.sync.getSnapshot().pendingCount,
    });
  };
  client.auth.subscribe((snapshot) => look('subscribe', snapshot));
  client.on('auth:changed', (event) => look('auth:changed', event.snapshot));
  return seen;
}

/** The states seen through `subscribe` (the event saw the same, checked once here). */
function states(seen: readonly Seen[]): Omit<Seen, 'via'>[] {
  const told = seen.filter((s) => s.via === 'subscribe').map(({ via: _, ...rest }) => rest);
  const events = seen.filter((s) => s.via === 'auth:changed').map(({ via: _, ...rest }) => rest);
  expect(events).toEqual(told);
  return told;
}

const waitFor = <T>(check: () => T) => vi.waitFor(check, { timeout: 8000, interval: 5 });

describe('client.auth tells a state once the client is in it', () => {
  it('sign-in, a switch to another user and sign-out', async () => {
    const backend = newBackend();
    const { client } = openTestDevice(backend);
    await client.ready;
    const seen = watch(client);
    const ada = credentials('Ada');
    const bo = credentials('Bo');

    await client.auth.signUp(ada);
    const adaId = client.auth.userId;
    await client.heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    await client.auth.signUp(bo); // another user on the same device: Ada's data stays hers
    const boId = client.auth.userId;
    await client.heroes.create({ name: 'Max', age: 5, traits: ['kind'] });
    await client.auth.signOut({ discardPendingChanges: true });

    expect(states(seen)).toEqual([
      { status: 'signed-in', email: ada.email, userId: adaId, heroes: '', pending: 0 },
      { status: 'signed-in', email: bo.email, userId: boId, heroes: '', pending: 0 },
      {
        status: 'signed-out',
        email: null,
        userId: null,
        heroes: 'AuthError NOT_SIGNED_IN',
        pending: 0,
      },
    ]);
  });

  it('a session restored at open', async () => {
    const backend = newBackend();
    const secureStore = memorySecureStore();
    const first = openTestDevice(backend, { secureStore });
    await first.client.ready;
    const ada = credentials('Ada');
    await first.client.auth.signUp(ada);
    await first.client.heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    await first.client.close();

    const second = openTestDevice(backend, { secureStore, storage: first.storage });
    const seen = watch(second.client);
    await second.client.ready;
    const told = states(seen);
    expect(told.length).toBeGreaterThan(0);
    for (const state of told) {
      expect(state).toMatchObject({ status: 'signed-in', email: ada.email, heroes: 'Luna' });
      expect(state.pending).toBe(1);
    }
  });

  it('a sign-in and a sign-out made by another client over the same storage', async () => {
    const backend = newBackend();
    const storage = memoryStorage();
    const secureStore = memorySecureStore();
    const channel = (name: string) => broadcastChangeChannel(`auth-order:${name}:${process.pid}`);
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
    const seen = watch(b);

    const ada = credentials('Ada');
    await a.auth.signUp(ada);
    await waitFor(() => expect(b.auth.getSnapshot().status).toBe('signed-in'));
    await a.heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    await waitFor(() => expect(b.heroes.list()).toHaveLength(1));
    await a.auth.signOut({ discardPendingChanges: true });
    await waitFor(() => expect(b.auth.getSnapshot().status).toBe('signed-out'));

    const told = states(seen);
    expect(told[0]).toMatchObject({ status: 'signed-in', email: ada.email, heroes: '' });
    expect(told.at(-1)).toEqual({
      status: 'signed-out',
      email: null,
      userId: null,
      heroes: 'AuthError NOT_SIGNED_IN',
      pending: 0,
    });
  });
});
