/**
 * The AuthManager as the API client's auth hook, against the fake backend (msw): the bearer
 * header on every call, exactly as stored; 20 concurrent 401s → exactly one get-session; an
 * expired session → `expired`, `auth:expired`, nothing wiped.
 */
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../src/api/api-client.js';
import { createApiClient } from '../../src/api/api-client.js';
import type { AuthExpiredEvent } from '../../src/auth/auth-options.js';
import { AuthError, NetworkError } from '../../src/errors/index.js';
import {
  fakeSessionData,
  flakySecureStore,
  managerFor,
  PASSWORD,
  recordingFetch,
  SESSION_KEY,
  storedToken,
  uniqueEmail,
  useFakeBackendServer,
} from './support.js';

const { useBackend } = useFakeBackendServer();

async function signedInSetup(options: { sessionData?: ReturnType<typeof fakeSessionData> } = {}) {
  const backend = useBackend();
  const email = uniqueEmail('api');
  await backend.createUser({ email, password: PASSWORD, name: 'Api User' });
  const fetch = recordingFetch();
  const secureStore = flakySecureStore();
  const auth = managerFor(backend, {
    fetch,
    secureStore,
    ...(options.sessionData ? { sessionData: options.sessionData } : {}),
  });
  await auth.signIn({ email, password: PASSWORD });
  const api = createApiClient({
    baseUrl: backend.baseUrl,
    fetch,
    auth: auth.authHook,
    retry: { limit: 0 },
  });
  const token = (await storedToken(secureStore)) ?? '';
  fetch.clear();
  return { backend, fetch, secureStore, auth, api, token };
}

describe('bearer header', () => {
  it('sends `Bearer <token exactly as stored>` on every API call', async () => {
    const { fetch, api, token } = await signedInSetup();
    const created = await api.heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    const list = await api.heroes.list();
    await api.user.profile();

    expect(list.heroes.map((h) => h.id)).toEqual([created.id]);
    const apiCalls = fetch.requests.filter((r) => r.url.pathname.startsWith('/api/v1/'));
    expect(apiCalls).toHaveLength(3);
    for (const call of apiCalls) {
      expect(call.headers.get('authorization')).toBe(`Bearer ${token}`);
    }
    // The stored value is the URL-encoded set-auth-token header, never decoded.
    expect(token).toContain('%');
    expect(token).not.toBe(decodeURIComponent(token));
  });

  it('sends no Authorization once signed out, and the call fails as NOT_SIGNED_IN', async () => {
    const { fetch, auth, api } = await signedInSetup();
    await auth.signOut();
    fetch.clear();
    const error = await api.heroes.list().catch((e) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error.code).toBe('NOT_SIGNED_IN');
    expect(fetch.requests[0]?.headers.get('authorization')).toBeNull();
    expect(fetch.count('/api/auth/get-session')).toBe(0);
  });
});

describe('401 handling', () => {
  it('20 concurrent 401s on a dead session cause exactly one get-session; state → expired', async () => {
    const sessionData = fakeSessionData();
    const { backend, fetch, secureStore, auth, api, token } = await signedInSetup({ sessionData });
    const userId = auth.userId ?? '';
    sessionData.records.set(userId, ['hero-1']);
    sessionData.pending.set(userId, 2);
    const expiredEvents: AuthExpiredEvent[] = [];
    auth.on('auth:expired', (event) => expiredEvents.push(event));
    backend.expireSession(token);

    const results = await Promise.allSettled(Array.from({ length: 20 }, () => api.heroes.list()));

    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    for (const result of results) {
      expect((result as PromiseRejectedResult).reason).toMatchObject({
        name: 'AuthError',
        code: 'SESSION_EXPIRED',
      });
    }
    expect(fetch.count('/api/v1/heroes')).toBe(20);
    expect(fetch.count('/api/auth/get-session')).toBe(1);
    expect(auth.getSnapshot()).toMatchObject({ status: 'expired', user: { id: userId } });
    expect(auth.userId).toBe(userId);
    expect(expiredEvents).toEqual([{ userId, snapshot: auth.getSnapshot() }]);
    // Nothing is wiped: the cache, the outbox and the saved session stay.
    expect(sessionData.records.get(userId)).toEqual(['hero-1']);
    expect(sessionData.pending.get(userId)).toBe(2);
    expect(sessionData.wiped).toEqual([]);
    const saved = JSON.parse((await secureStore.get(SESSION_KEY)) ?? '{}');
    expect(saved).toMatchObject({ token, expired: true, user: { id: userId } });
  });

  it('20 concurrent 401s on a live session cause one get-session, then each call is retried once', async () => {
    const { backend, fetch, auth, api } = await signedInSetup();
    await api.heroes.create({ name: 'Nova', age: 5, traits: ['kind'] });
    fetch.clear();
    backend.faults.failNext(20, {
      status: 401,
      body: JSON.stringify({ error: 'Unauthorized', message: 'Authentication required' }),
      match: { path: '/api/v1/heroes' },
    });

    const lists = await Promise.all(Array.from({ length: 20 }, () => api.heroes.list()));

    expect(lists.every((list) => list.heroes.length === 1)).toBe(true);
    expect(fetch.count('/api/auth/get-session')).toBe(1);
    expect(fetch.count('/api/v1/heroes')).toBe(40);
    expect(auth.getSnapshot().status).toBe('signed-in');
  });

  it('after expiry, further 401s fail at once without another check', async () => {
    const { backend, fetch, api, token } = await signedInSetup();
    backend.expireSession(token);
    await api.heroes.list().catch(() => undefined);
    fetch.clear();
    const error = await api.heroes.list().catch((e) => e);
    expect(error).toMatchObject({ name: 'AuthError', code: 'NOT_SIGNED_IN' });
    expect(fetch.count('/api/auth/get-session')).toBe(0);
    expect(fetch.requests[0]?.headers.get('authorization')).toBeNull();
  });

  it('an unreachable session check surfaces NetworkError and changes no state', async () => {
    const { backend, api, auth } = await signedInSetup();
    backend.faults.failNext(1, { status: 401, match: { path: '/api/v1/heroes' } });
    backend.faults.failNext(1, { network: true, match: { path: '/api/auth/get-session' } });
    const error = await api.heroes.list().catch((e) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(auth.getSnapshot().status).toBe('signed-in');
  });

  it('the same user signing back in after expiry continues with the same namespace', async () => {
    const sessionData = fakeSessionData();
    const { backend, auth, api, token } = await signedInSetup({ sessionData });
    const userId = auth.userId;
    const email = auth.getSnapshot().user?.email ?? '';
    backend.expireSession(token);
    await api.heroes.list().catch(() => undefined);
    expect(auth.getSnapshot().status).toBe('expired');

    await auth.signIn({ email, password: PASSWORD });

    expect(auth.getSnapshot().status).toBe('signed-in');
    expect(auth.userId).toBe(userId);
    expect(sessionData.wiped).toEqual([]);
    expect((await api.heroes.list()).heroes).toEqual([]);
  });
});

describe('deleteAccount', () => {
  it('deletes on the server through the fetch, wipes the namespace and signs out', async () => {
    const sessionData = fakeSessionData();
    const { backend, fetch, secureStore, auth, token } = await signedInSetup({ sessionData });
    const userId = auth.userId ?? '';
    const email = auth.getSnapshot().user?.email ?? '';
    sessionData.records.set(userId, ['story-1']);
    sessionData.pending.set(userId, 3);

    const snapshot = await auth.deleteAccount();

    expect(snapshot.status).toBe('signed-out');
    const request = fetch.requests.find((r) => r.url.pathname === '/api/v1/user/account');
    expect(request?.method).toBe('DELETE');
    expect(request?.headers.get('authorization')).toBe(`Bearer ${token}`);
    expect(await backend.getUser(userId)).toBeNull();
    expect(sessionData.wiped).toEqual([userId]);
    expect(await secureStore.get(SESSION_KEY)).toBeNull();
    const again = await auth.signIn({ email, password: PASSWORD }).catch((e) => e);
    expect(again).toMatchObject({ name: 'AuthError', code: 'INVALID_EMAIL_OR_PASSWORD' });
  });

  it('uses the API client when one is given (created after the manager)', async () => {
    const backend = useBackend();
    const email = uniqueEmail('del');
    const { userId } = await backend.createUser({ email, password: PASSWORD, name: 'Del' });
    const fetch = recordingFetch();
    let api: ApiClient | undefined;
    const auth = managerFor(backend, {
      fetch,
      apiClient: () => {
        if (!api) throw new Error('no API client yet');
        return api;
      },
    });
    api = createApiClient({ baseUrl: backend.baseUrl, fetch, auth: auth.authHook });
    await auth.signIn({ email, password: PASSWORD });
    await auth.deleteAccount();
    expect(await backend.getUser(userId)).toBeNull();
    expect(auth.getSnapshot().status).toBe('signed-out');
    expect(fetch.count('/api/v1/user/account', 'DELETE')).toBe(1);
  });

  it('reports a dead session as AuthError SESSION_EXPIRED, marks it expired and wipes nothing', async () => {
    const sessionData = fakeSessionData();
    const { backend, auth, token } = await signedInSetup({ sessionData });
    backend.expireSession(token);
    const error = await auth.deleteAccount().catch((e) => e);
    expect(error).toMatchObject({ name: 'AuthError', code: 'SESSION_EXPIRED', status: 401 });
    expect(auth.getSnapshot().status).toBe('expired');
    expect(sessionData.wiped).toEqual([]);
  });

  it('refuses when signed out, before any request', async () => {
    const backend = useBackend();
    const fetch = recordingFetch();
    const auth = managerFor(backend, { fetch });
    const error = await auth.deleteAccount().catch((e) => e);
    expect(error).toMatchObject({ name: 'AuthError', code: 'NOT_SIGNED_IN' });
    expect(fetch.requests).toHaveLength(0);
  });
});
