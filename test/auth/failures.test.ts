/**
 * Bad input and failures: server unreachable → NetworkError (OfflineError when connectivity says offline), malformed auth responses →
 * ContractError, better-auth's own limiter → RateLimitError, SecureStore failures →
 * StorageError; none of them changes the state.
 */
import { describe, expect, it } from 'vitest';
import {
  AuthError,
  ContractError,
  NetworkError,
  RateLimitError,
  StorageError,
  TimeoutError,
} from '../../src/errors/index.js';
import type { FakeBackend } from '../../src/testing/index.js';
import {
  flakySecureStore,
  managerFor,
  PASSWORD,
  recordingFetch,
  SESSION_KEY,
  serverKnows,
  storedToken,
  uniqueEmail,
  useFakeBackendServer,
  waitFor,
} from './support.js';

const { useBackend } = useFakeBackendServer();

async function withUser(backend: FakeBackend) {
  const email = uniqueEmail('fail');
  const user = await backend.createUser({ email, password: PASSWORD, name: 'Failing' });
  return { email, ...user };
}

describe('server unreachable', () => {
  it('sign-in to an unreachable server fails with NetworkError and changes nothing', async () => {
    const backend = useBackend();
    const { email } = await withUser(backend);
    const secureStore = flakySecureStore();
    const auth = managerFor(backend, { secureStore });
    const changes: unknown[] = [];
    auth.subscribe((s) => changes.push(s));
    backend.faults.failNext(1, { network: true });
    const error = await auth.signIn({ email, password: PASSWORD }).catch((e) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.operation).toBe('auth.signIn');
    expect(auth.getSnapshot().status).toBe('signed-out');
    expect(changes).toHaveLength(0);
    expect(secureStore.writes).toHaveLength(0);
  });

  it('sign-up with a refused connection (fetch rejects) is a NetworkError too', async () => {
    const backend = useBackend();
    const auth = managerFor(backend, {
      fetch: async () => {
        throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
      },
    });
    const error = await auth
      .signUp({ email: uniqueEmail(), password: PASSWORD, name: 'Nobody' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(auth.getSnapshot().status).toBe('signed-out');
  });

  it('a hung request times out as TimeoutError', async () => {
    const backend = useBackend();
    const { email } = await withUser(backend);
    backend.faults.delay(5_000, { path: '/api/auth/sign-in/email' });
    const auth = managerFor(backend, { timeoutMs: 50 });
    const error = await auth.signIn({ email, password: PASSWORD }).catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.timeoutMs).toBe(50);
    expect(auth.getSnapshot().status).toBe('signed-out');
  });

  it('an aborted sign-in rejects with AbortError', async () => {
    const backend = useBackend();
    const { email } = await withUser(backend);
    const controller = new AbortController();
    controller.abort();
    const auth = managerFor(backend);
    const error = await auth
      .signIn({ email, password: PASSWORD, signal: controller.signal })
      .catch((e) => e);
    expect(error).toMatchObject({ name: 'AbortError', operation: 'auth.signIn' });
  });
});

describe('closing', () => {
  it('close() aborts a sign-in in flight with AbortError and changes nothing', async () => {
    const backend = useBackend();
    const { email } = await withUser(backend);
    backend.faults.delay(5_000, { path: '/api/auth/sign-in/email' });
    const auth = managerFor(backend);
    const pending = auth.signIn({ email, password: PASSWORD }).catch((e) => e);
    await new Promise((resolve) => setTimeout(resolve, 20));
    auth.close();
    const error = await pending;
    expect(error).toMatchObject({ name: 'AbortError', operation: 'auth.signIn' });
    expect(auth.getSnapshot().status).toBe('signed-out');
    await expect(auth.signIn({ email, password: PASSWORD })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});

describe('malformed auth responses', () => {
  it.each([
    ['truncated JSON', '{"redirect":false,"token":"abc","us', 'application/json'],
    ['an HTML page', '<html><body>502 Bad Gateway</body></html>', 'text/html'],
    ['an empty body', '', 'application/json'],
    ['a wrong type', '{"redirect":false,"token":42,"user":null}', 'application/json'],
  ])('sign-in answering %s → ContractError, no state change', async (_name, body, contentType) => {
    const backend = useBackend();
    const { email } = await withUser(backend);
    const secureStore = flakySecureStore();
    const auth = managerFor(backend, { secureStore });
    backend.faults.malformNext(1, body, {
      contentType,
      match: { path: '/api/auth/sign-in/email' },
    });
    const error = await auth.signIn({ email, password: PASSWORD }).catch((e) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect(error.operation).toBe('auth.signIn');
    expect(error.status).toBe(200);
    expect(auth.getSnapshot().status).toBe('signed-out');
    expect(secureStore.writes).toHaveLength(0);
  });

  it('a malformed get-session during a check → ContractError, still signed in', async () => {
    const backend = useBackend();
    const { email } = await withUser(backend);
    const auth = managerFor(backend);
    await auth.signIn({ email, password: PASSWORD });
    const before = auth.getSnapshot();
    backend.faults.malformNext(1, '{"session":{"id":1}}', {
      match: { path: '/api/auth/get-session' },
    });
    const error = await auth.getSession().catch((e) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect(error.path).toMatch(/^session|^user/);
    expect(auth.getSnapshot()).toBe(before);
  });

  it('an empty get-session body is a ContractError, never read as a dead session', async () => {
    const backend = useBackend();
    const { email } = await withUser(backend);
    const auth = managerFor(backend);
    await auth.signIn({ email, password: PASSWORD });
    backend.faults.malformNext(1, '', { match: { path: '/api/auth/get-session' } });
    await expect(auth.getSession()).rejects.toBeInstanceOf(ContractError);
    expect(auth.getSnapshot().status).toBe('signed-in');
  });

  it('a session read that fails right after sign-in still signs in, with an estimated expiry', async () => {
    const backend = useBackend();
    const { email } = await withUser(backend);
    const fetch = recordingFetch();
    const auth = managerFor(backend, { fetch });
    backend.faults.failNext(1, { network: true, match: { path: '/api/auth/get-session' } });
    const snapshot = await auth.signIn({ email, password: PASSWORD });
    expect(snapshot.status).toBe('signed-in');
    const estimate = Date.parse(snapshot.expiresAt ?? '') - Date.now();
    expect(estimate).toBeGreaterThan(29 * 24 * 60 * 60 * 1000);
    // The next check confirms the real session.
    await auth.getSession();
    expect(fetch.count('/api/auth/get-session')).toBe(2);
  });
});

describe('better-auth rate limiter', () => {
  it('surfaces the 4th sign-in within 10 s as RateLimitError with resetAt from X-Retry-After', async () => {
    const backend = useBackend({ authRateLimit: true });
    const { email } = await withUser(backend);
    const auth = managerFor(backend);
    for (let i = 0; i < 3; i += 1) {
      const error = await auth.signIn({ email, password: 'wrong-password-1' }).catch((e) => e);
      expect(error).toBeInstanceOf(AuthError);
    }
    const before = Date.now();
    const error = await auth.signIn({ email, password: PASSWORD }).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.status).toBe(429);
    expect(error.limitedOperation).toBe('auth');
    const wait = error.resetAt.getTime() - before;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(11_000);
    expect(auth.getSnapshot().status).toBe('signed-out');
  });
});

describe('SecureStore failures', () => {
  it('a failing save on sign-in → StorageError, previous state kept, new server session revoked', async () => {
    const backend = useBackend();
    const { email } = await withUser(backend);
    const secureStore = flakySecureStore();
    const fetch = recordingFetch();
    const auth = managerFor(backend, { secureStore, fetch });
    secureStore.failSet = true;
    const error = await auth.signIn({ email, password: PASSWORD }).catch((e) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error.operation).toBe('auth.signIn');
    expect(auth.getSnapshot().status).toBe('signed-out');
    expect(await secureStore.get(SESSION_KEY)).toBeNull();
    await waitFor(() => fetch.count('/api/auth/sign-out') === 1);
  });

  it('a failing save while switching users keeps the first user signed in', async () => {
    const backend = useBackend();
    const first = await withUser(backend);
    const second = await withUser(backend);
    const secureStore = flakySecureStore();
    const auth = managerFor(backend, { secureStore });
    await auth.signIn({ email: first.email, password: PASSWORD });
    const before = auth.getSnapshot();
    const token = (await storedToken(secureStore)) ?? '';
    secureStore.failSet = true;
    await expect(auth.signIn({ email: second.email, password: PASSWORD })).rejects.toBeInstanceOf(
      StorageError,
    );
    expect(auth.getSnapshot()).toBe(before);
    expect(await storedToken(secureStore)).toBe(token);
    expect(await auth.authHook.getAuthorization()).toBe(`Bearer ${token}`);
    expect(await serverKnows(backend, token)).toBe(true);
  });
});
