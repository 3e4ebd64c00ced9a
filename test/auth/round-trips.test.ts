/**
 * Sign-up / sign-in / sign-out round trips against the fake backend's real better-auth (msw),
 * with what the running backend showed: Origin on auth POSTs, `{}` sign-out bodies, the
 * `set-auth-token` kept byte-for-byte, error codes, and validation before any request.
 */
import { describe, expect, it } from 'vitest';
import type { AuthChangedEvent } from '../../src/auth/auth-options.js';
import { AuthError, ValidationError } from '../../src/errors/index.js';
import {
  DAY,
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

describe('sign-up', () => {
  it('creates the account, signs in, keeps the set-auth-token byte-for-byte and emits once', async () => {
    const backend = useBackend();
    const fetch = recordingFetch();
    const secureStore = flakySecureStore();
    const auth = managerFor(backend, { fetch, secureStore });
    const changes: AuthChangedEvent[] = [];
    auth.on('auth:changed', (event) => changes.push(event));
    const email = uniqueEmail('alice');

    const snapshot = await auth.signUp({ email, password: PASSWORD, name: 'Alice' });

    expect(snapshot.status).toBe('signed-in');
    expect(snapshot.user).toMatchObject({ email, name: 'Alice', totalStoriesGenerated: 0 });
    expect(auth.userId).toBe(snapshot.user?.id);
    expect(auth.userId).toMatch(/^[A-Za-z0-9]{32}$/);
    const expiresIn = Date.parse(snapshot.expiresAt ?? '') - Date.now();
    expect(expiresIn).toBeGreaterThan(30 * DAY - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(30 * DAY);
    expect(changes).toHaveLength(1);
    expect(changes[0]?.previous.status).toBe('signed-out');
    expect(changes[0]?.snapshot).toBe(snapshot);
    expect(auth.getSnapshot()).toBe(snapshot);

    const signUp = fetch.requests.find((r) => r.url.pathname === '/api/auth/sign-up/email');
    const token = await storedToken(secureStore);
    // The stored token is the header value: `<32 chars>.<URL-encoded HMAC>`, exactly.
    expect(token).toMatch(/^[A-Za-z0-9]{32}\.\S+$/);
    expect(token).toMatch(/%[0-9A-F]{2}/);
    expect(await serverKnows(backend, token ?? '')).toBe(true);
    expect(signUp?.headers.get('origin')).toBe(backend.baseUrl);
    expect(JSON.parse(signUp?.body ?? '{}')).toEqual({ email, password: PASSWORD, name: 'Alice' });
    // One read of the new session for its real expiry, with the stored token as bearer.
    const reads = fetch.requests.filter((r) => r.url.pathname === '/api/auth/get-session');
    expect(reads).toHaveLength(1);
    expect(reads[0]?.headers.get('authorization')).toBe(`Bearer ${token}`);
    expect(reads[0]?.headers.get('cookie')).toBeNull();
  });

  it('refuses an existing email with AuthError USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL (422)', async () => {
    const backend = useBackend();
    const email = uniqueEmail('dup');
    await backend.createUser({ email, password: PASSWORD, name: 'First' });
    const auth = managerFor(backend);
    const error = await auth.signUp({ email, password: PASSWORD, name: 'Second' }).catch((e) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL', status: 422 });
    expect(auth.getSnapshot().status).toBe('signed-out');
  });

  it.each([
    [{ email: 'nope', password: PASSWORD, name: 'A' }, 'email'],
    [{ email: 'a@example.test', password: 'short', name: 'A' }, 'password'],
    [{ email: 'a@example.test', password: 'x'.repeat(129), name: 'A' }, 'password'],
    [{ email: 'a@example.test', password: PASSWORD, name: ' ' }, 'name'],
  ])('rejects %j before any request (field %s)', async (input, field) => {
    const backend = useBackend();
    const fetch = recordingFetch();
    const auth = managerFor(backend, { fetch });
    const error = await auth.signUp(input).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe(field);
    expect(fetch.requests).toHaveLength(0);
    expect(auth.getSnapshot().status).toBe('signed-out');
  });
});

describe('sign-in and sign-out', () => {
  it('signs in, then signs out: revoked on the server with a JSON {} body, token deleted', async () => {
    const backend = useBackend();
    const email = uniqueEmail('bob');
    const created = await backend.createUser({ email, password: PASSWORD, name: 'Bob' });
    const fetch = recordingFetch();
    const secureStore = flakySecureStore();
    const auth = managerFor(backend, { fetch, secureStore });

    const signedIn = await auth.signIn({ email, password: PASSWORD });
    expect(signedIn).toMatchObject({ status: 'signed-in', user: { id: created.userId, email } });
    const token = await storedToken(secureStore);
    expect(token).not.toBeNull();
    const signIn = fetch.requests.find((r) => r.url.pathname === '/api/auth/sign-in/email');
    expect(signIn?.headers.get('origin')).toBe(backend.baseUrl);

    const signedOut = await auth.signOut();

    expect(signedOut).toEqual({ status: 'signed-out', user: null, expiresAt: null });
    expect(auth.userId).toBeNull();
    expect(await secureStore.get(SESSION_KEY)).toBeNull();
    expect(await serverKnows(backend, token ?? '')).toBe(false);
    const signOut = fetch.requests.find((r) => r.url.pathname === '/api/auth/sign-out');
    expect(signOut?.method).toBe('POST');
    expect(signOut?.body).toBe('{}');
    expect(signOut?.headers.get('content-type')).toBe('application/json');
    expect(signOut?.headers.get('authorization')).toBe(`Bearer ${token}`);
    expect(signOut?.headers.get('origin')).toBe(backend.baseUrl);
  });

  it('reports a wrong password as AuthError INVALID_EMAIL_OR_PASSWORD and changes nothing', async () => {
    const backend = useBackend();
    const email = uniqueEmail('carol');
    await backend.createUser({ email, password: PASSWORD, name: 'Carol' });
    const secureStore = flakySecureStore();
    const auth = managerFor(backend, { secureStore });
    const seen: unknown[] = [];
    auth.subscribe((s) => seen.push(s));

    const error = await auth.signIn({ email, password: 'wrong-password-123' }).catch((e) => e);

    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'INVALID_EMAIL_OR_PASSWORD', status: 401 });
    expect(error.message).toContain('INVALID_EMAIL_OR_PASSWORD');
    expect(error.message).not.toContain('wrong-password-123');
    expect(auth.getSnapshot().status).toBe('signed-out');
    expect(seen).toHaveLength(0);
    expect(secureStore.writes).toHaveLength(0);
  });

  it('sends rememberMe: false, and reports the expiry the server then applies', async () => {
    const backend = useBackend();
    const email = uniqueEmail('dora');
    await backend.createUser({ email, password: PASSWORD, name: 'Dora' });
    const fetch = recordingFetch();
    const auth = managerFor(backend, { fetch });
    const snapshot = await auth.signIn({ email, password: PASSWORD, rememberMe: false });
    const signIn = fetch.requests.find((r) => r.url.pathname === '/api/auth/sign-in/email');
    expect(JSON.parse(signIn?.body ?? '{}')).toMatchObject({ rememberMe: false });
    // better-auth creates a 1-day session, but the first bearer read slides it to 30 days (the
    // "don't remember" mark lives in a cookie bearer clients never send). The snapshot follows
    // the server.
    const expiresIn = Date.parse(snapshot.expiresAt ?? '') - Date.now();
    expect(expiresIn).toBeGreaterThan(30 * DAY - 60_000);
  });

  it('signing out while signed out is a harmless no-op', async () => {
    const backend = useBackend();
    const fetch = recordingFetch();
    const auth = managerFor(backend, { fetch });
    expect(await auth.signOut()).toEqual({ status: 'signed-out', user: null, expiresAt: null });
    expect(fetch.requests).toHaveLength(0);
  });

  it('a second sign-in replaces the first session and revokes it', async () => {
    const backend = useBackend();
    const email = uniqueEmail('erin');
    await backend.createUser({ email, password: PASSWORD, name: 'Erin' });
    const secureStore = flakySecureStore();
    const fetch = recordingFetch();
    const auth = managerFor(backend, { secureStore, fetch });
    await auth.signIn({ email, password: PASSWORD });
    const first = await storedToken(secureStore);
    await auth.signIn({ email, password: PASSWORD });
    const second = await storedToken(secureStore);
    expect(second).not.toBe(first);
    await expect.poll(() => fetch.count('/api/auth/sign-out')).toBe(1);
    expect(await serverKnows(backend, first ?? '')).toBe(false);
    expect(await serverKnows(backend, second ?? '')).toBe(true);
  });
});

describe('signInWithIdToken', () => {
  it('posts the Apple id token to sign-in/social and surfaces the server refusal', async () => {
    const backend = useBackend();
    const fetch = recordingFetch();
    const auth = managerFor(backend, { fetch });
    // The fake backend, like a backend without APPLE_CLIENT_ID, has no Apple provider.
    const error = await auth
      .signInWithIdToken({ provider: 'apple', idToken: 'eyJhbGciOi.fake.token', nonce: 'n-1' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error.code).toBe('PROVIDER_NOT_FOUND');
    const request = fetch.requests.find((r) => r.url.pathname === '/api/auth/sign-in/social');
    expect(request?.headers.get('origin')).toBe(backend.baseUrl);
    expect(JSON.parse(request?.body ?? '{}')).toMatchObject({
      provider: 'apple',
      idToken: { token: 'eyJhbGciOi.fake.token', nonce: 'n-1' },
    });
    expect(auth.getSnapshot().status).toBe('signed-out');
  });

  it('validates the provider and token before any request', async () => {
    const backend = useBackend();
    const fetch = recordingFetch();
    const auth = managerFor(backend, { fetch });
    const error = await auth
      .signInWithIdToken({ provider: 'google' as 'apple', idToken: 'x' })
      .catch((e) => e);
    expect(error).toMatchObject({ name: 'ValidationError', field: 'provider' });
    expect(fetch.requests).toHaveLength(0);
  });
});
