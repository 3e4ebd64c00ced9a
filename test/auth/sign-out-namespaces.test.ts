/**
 * Sign-out and per-user namespaces through the `sessionData` seam (an in-memory stand-in for
 * the local store): refusal while changes are unsynced, wiping on sign-out, keeping the
 * previous state when storage fails, and a second user never seeing the first user's data.
 */
import { describe, expect, it } from 'vitest';
import { PendingChangesError, StorageError } from '../../src/errors/index.js';
import type { FakeBackend } from '../../src/testing/index.js';
import {
  fakeSessionData,
  flakySecureStore,
  managerFor,
  PASSWORD,
  recordingFetch,
  SESSION_KEY,
  serverKnows,
  storedToken,
  uniqueEmail,
  useFakeBackendServer,
} from './support.js';

const { useBackend } = useFakeBackendServer();

async function signedIn(backend: FakeBackend) {
  const email = uniqueEmail('out');
  await backend.createUser({ email, password: PASSWORD, name: 'Outgoing' });
  const sessionData = fakeSessionData();
  const secureStore = flakySecureStore();
  const fetch = recordingFetch();
  const auth = managerFor(backend, { sessionData, secureStore, fetch });
  await auth.signIn({ email, password: PASSWORD });
  const userId = auth.userId ?? '';
  sessionData.records.set(userId, ['hero-1', 'story-1']);
  const token = (await storedToken(secureStore)) ?? '';
  fetch.clear();
  return { auth, sessionData, secureStore, fetch, userId, token };
}

describe('signOut', () => {
  it('refuses with PendingChangesError (carrying the count) and changes nothing', async () => {
    const backend = useBackend();
    const { auth, sessionData, secureStore, fetch, userId, token } = await signedIn(backend);
    sessionData.pending.set(userId, 3);
    const before = auth.getSnapshot();

    const error = await auth.signOut().catch((e) => e);

    expect(error).toBeInstanceOf(PendingChangesError);
    expect(error.pendingCount).toBe(3);
    expect(auth.getSnapshot()).toBe(before);
    expect(sessionData.records.get(userId)).toEqual(['hero-1', 'story-1']);
    expect(sessionData.wiped).toEqual([]);
    expect(await storedToken(secureStore)).toBe(token);
    expect(fetch.requests).toHaveLength(0);
    expect(await serverKnows(backend, token)).toBe(true);
  });

  it('signs out anyway with discardPendingChanges, wiping the namespace', async () => {
    const backend = useBackend();
    const { auth, sessionData, secureStore, userId, token } = await signedIn(backend);
    sessionData.pending.set(userId, 3);
    await auth.signOut({ discardPendingChanges: true });
    expect(auth.getSnapshot().status).toBe('signed-out');
    expect(sessionData.wiped).toEqual([userId]);
    expect(sessionData.records.has(userId)).toBe(false);
    expect(await secureStore.get(SESSION_KEY)).toBeNull();
    expect(await serverKnows(backend, token)).toBe(false);
  });

  it('wipes the namespace when nothing is pending', async () => {
    const backend = useBackend();
    const { auth, sessionData, userId } = await signedIn(backend);
    await auth.signOut();
    expect(sessionData.wiped).toEqual([userId]);
    expect(auth.userId).toBeNull();
  });

  it('signs out locally when the server cannot be reached (revocation is best effort)', async () => {
    const backend = useBackend();
    const { auth, sessionData, secureStore, userId } = await signedIn(backend);
    backend.faults.failNext(1, { network: true, match: { path: '/api/auth/sign-out' } });
    await auth.signOut();
    expect(auth.getSnapshot().status).toBe('signed-out');
    expect(sessionData.wiped).toEqual([userId]);
    expect(await secureStore.get(SESSION_KEY)).toBeNull();
  });

  it('keeps the previous state when the SecureStore cannot delete the token; a retry finishes', async () => {
    const backend = useBackend();
    const { auth, secureStore, token } = await signedIn(backend);
    const before = auth.getSnapshot();
    secureStore.failDelete = true;
    const error = await auth.signOut().catch((e) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error.operation).toBe('auth.signOut');
    expect(auth.getSnapshot()).toBe(before);
    expect(await storedToken(secureStore)).toBe(token);

    secureStore.failDelete = false;
    await auth.signOut();
    expect(auth.getSnapshot().status).toBe('signed-out');
    expect(await secureStore.get(SESSION_KEY)).toBeNull();
  });

  it('keeps the previous state when the wipe fails', async () => {
    const backend = useBackend();
    const { auth, sessionData, secureStore, token } = await signedIn(backend);
    const before = auth.getSnapshot();
    sessionData.failWipe = true;
    const error = await auth.signOut().catch((e) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error.message).toContain('call signOut() again');
    expect(auth.getSnapshot()).toBe(before);
    expect(await storedToken(secureStore)).toBe(token);
  });

  it('sends no auth:expired while the revoked session is being signed out', async () => {
    const backend = useBackend();
    const { auth } = await signedIn(backend);
    const events: string[] = [];
    auth.on('auth:expired', () => events.push('expired'));
    auth.on('auth:changed', ({ snapshot }) => events.push(snapshot.status));
    await auth.signOut();
    expect(events).toEqual(['signed-out']);
  });
});

describe('per-user namespaces', () => {
  it('a different user signing in gets a different userId and never sees the first user’s data', async () => {
    const backend = useBackend();
    const alice = uniqueEmail('alice');
    const bob = uniqueEmail('bob');
    await backend.createUser({ email: alice, password: PASSWORD, name: 'Alice' });
    await backend.createUser({ email: bob, password: PASSWORD, name: 'Bob' });
    const sessionData = fakeSessionData();
    const auth = managerFor(backend, { sessionData });
    const namespaces: Array<string | null> = [];
    auth.subscribe(() => namespaces.push(auth.userId));

    await auth.signIn({ email: alice, password: PASSWORD });
    const aliceId = auth.userId ?? '';
    sessionData.records.set(aliceId, ['alice-hero']);
    await auth.signOut();
    expect(sessionData.records.has(aliceId)).toBe(false);

    await auth.signIn({ email: bob, password: PASSWORD });
    const bobId = auth.userId ?? '';
    expect(bobId).not.toBe(aliceId);
    expect(sessionData.records.get(bobId)).toBeUndefined();
    expect(namespaces).toEqual([aliceId, null, bobId]);
  });

  it('switching users without signing out leaves the first user’s namespace untouched', async () => {
    const backend = useBackend();
    const alice = uniqueEmail('alice');
    const bob = uniqueEmail('bob');
    await backend.createUser({ email: alice, password: PASSWORD, name: 'Alice' });
    await backend.createUser({ email: bob, password: PASSWORD, name: 'Bob' });
    const sessionData = fakeSessionData();
    const auth = managerFor(backend, { sessionData });
    await auth.signIn({ email: alice, password: PASSWORD });
    const aliceId = auth.userId ?? '';
    sessionData.records.set(aliceId, ['alice-hero']);
    sessionData.pending.set(aliceId, 1);

    await auth.signIn({ email: bob, password: PASSWORD });

    const bobId = auth.userId ?? '';
    expect(bobId).not.toBe(aliceId);
    expect(sessionData.records.get(aliceId)).toEqual(['alice-hero']);
    expect(sessionData.wiped).toEqual([]);
    // Bob signing out wipes Bob's namespace only.
    await auth.signOut();
    expect(sessionData.wiped).toEqual([bobId]);
    expect(sessionData.records.get(aliceId)).toEqual(['alice-hero']);
  });
});
