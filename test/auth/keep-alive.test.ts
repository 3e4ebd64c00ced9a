/**
 * Keeping the session alive with an injected clock and timers, against the fake backend's real
 * better-auth (whose session rows are aged with `backend.ageSession` / `expireSession`):
 * the 24 h slide (and adopting the new `set-auth-token`), the safety window before expiry,
 * expiry found by the keeper, and the offline rules.
 */
import { describe, expect, it } from 'vitest';
import type { AuthChangedEvent } from '../../src/auth/auth-options.js';
import type { FakeBackend } from '../../src/testing/index.js';
import {
  DAY,
  flakySecureStore,
  HOUR,
  managerFor,
  manualTime,
  PASSWORD,
  recordingFetch,
  settle,
  storedToken,
  uniqueEmail,
  useFakeBackendServer,
} from './support.js';

const { useBackend } = useFakeBackendServer();
const MINUTE = 60 * 1000;

async function setup(backend: FakeBackend, keepAlive: Record<string, number> = {}) {
  const email = uniqueEmail('keep');
  await backend.createUser({ email, password: PASSWORD, name: 'Keeper' });
  const fetch = recordingFetch();
  const time = manualTime(Date.now(), fetch.idle);
  const secureStore = flakySecureStore();
  const auth = managerFor(backend, { fetch, secureStore, clock: time, timers: time, keepAlive });
  await auth.signIn({ email, password: PASSWORD });
  const token = (await storedToken(secureStore)) ?? '';
  fetch.clear();
  return { time, fetch, secureStore, auth, token };
}

describe('the 24 h slide', () => {
  it('reads the session once it is 24 h old, adopts the new set-auth-token and the new expiry', async () => {
    const backend = useBackend();
    const { time, fetch, secureStore, auth, token } = await setup(backend);
    const before = auth.getSnapshot();
    const changes: AuthChangedEvent[] = [];
    auth.on('auth:changed', (event) => changes.push(event));

    await time.advance(24 * HOUR - MINUTE);
    expect(fetch.count('/api/auth/get-session')).toBe(0);

    // The session really is 25 h old on the server now: the next read slides it.
    backend.ageSession(token, 25 * HOUR);
    // (+ a minute: the server stamped updatedAt a little after our manual clock started.)
    await time.advance(2 * MINUTE);
    await settle();

    expect(fetch.count('/api/auth/get-session')).toBe(1);
    const read = fetch.requests.find((r) => r.url.pathname === '/api/auth/get-session');
    expect(read?.headers.get('authorization')).toBe(`Bearer ${token}`);
    const after = auth.getSnapshot();
    expect(after.status).toBe('signed-in');
    expect(Date.parse(after.expiresAt ?? '')).toBeGreaterThan(Date.parse(before.expiresAt ?? ''));
    expect(Date.parse(after.expiresAt ?? '') - Date.now()).toBeGreaterThan(30 * DAY - MINUTE);
    expect(changes).toHaveLength(1);
    expect(changes[0]?.previous).toBe(before);
    // The slid response carried a set-auth-token: stored byte-for-byte and used from now on.
    const adopted = (await storedToken(secureStore)) ?? '';
    expect(adopted).toMatch(/^[A-Za-z0-9]{32}\.\S+$/);
    expect(adopted.split('.')[0]).toBe(token.split('.')[0]);
    expect(await auth.authHook.getAuthorization()).toBe(`Bearer ${adopted}`);
  });

  it('does not check again until another 24 h have passed (no loop on a skewed clock)', async () => {
    const backend = useBackend();
    const { time, fetch, token } = await setup(backend);
    backend.ageSession(token, 25 * HOUR);
    await time.advance(25 * HOUR);
    await settle();
    expect(fetch.count('/api/auth/get-session')).toBe(1);
    // Our clock is now 25 h ahead of the server's: the slid session still "looks" old.
    await time.advance(23 * HOUR);
    await settle();
    expect(fetch.count('/api/auth/get-session')).toBe(1);
    await time.advance(2 * HOUR);
    await settle();
    expect(fetch.count('/api/auth/get-session')).toBe(2);
  });

  it('reads a due session before an API call when timers were suspended', async () => {
    const backend = useBackend();
    const email = uniqueEmail('susp');
    await backend.createUser({ email, password: PASSWORD, name: 'Suspended' });
    let now = Date.now();
    const clock = { now: () => now };
    const fetch = recordingFetch();
    // Timers that never fire, like a suspended mobile app.
    const timers = { setTimeout: () => 0, clearTimeout: () => {} };
    const auth = managerFor(backend, { fetch, clock, timers, keepAlive: {} });
    await auth.signIn({ email, password: PASSWORD });
    fetch.clear();
    now += 25 * HOUR;
    expect(await auth.authHook.getAuthorization()).toMatch(/^Bearer /);
    await settle();
    expect(fetch.count('/api/auth/get-session')).toBe(1);
  });
});

describe('expiry', () => {
  it('checks within the safety window before expiresAt, and not before', async () => {
    const backend = useBackend();
    // A session whose slide age is longer than its life: only the safety window applies.
    const { time, fetch, auth } = await setup(backend, {
      slideAgeMs: 60 * DAY,
      safetyWindowMs: 10 * MINUTE,
    });
    const expiresAt = Date.parse(auth.getSnapshot().expiresAt ?? '');
    await time.advance(expiresAt - time.now() - 10 * MINUTE - 1);
    expect(fetch.count('/api/auth/get-session')).toBe(0);
    await time.advance(1);
    await settle();
    expect(fetch.count('/api/auth/get-session')).toBe(1);
  });

  it('finds a session that died on the server: expired, auth:expired, token kept', async () => {
    const backend = useBackend();
    const { time, auth, token, secureStore } = await setup(backend);
    const expired: unknown[] = [];
    auth.on('auth:expired', (event) => expired.push(event));
    backend.expireSession(token);
    await time.advance(24 * HOUR + MINUTE);
    await settle();
    expect(auth.getSnapshot().status).toBe('expired');
    expect(expired).toHaveLength(1);
    expect(await storedToken(secureStore)).toBe(token);
    expect(time.pending()).toBe(0);
  });

  it('offline, trusts the cached session until expiresAt, then marks it expired', async () => {
    const backend = useBackend();
    const { time, auth } = await setup(backend, { slideAgeMs: 60 * DAY });
    backend.faults.failNext(10_000, { network: true, match: { path: '/api/auth/get-session' } });
    const expiresAt = Date.parse(auth.getSnapshot().expiresAt ?? '');
    await time.advance(expiresAt - time.now() - MINUTE);
    await settle();
    expect(auth.getSnapshot().status).toBe('signed-in');
    await time.advance(2 * MINUTE);
    await settle();
    expect(auth.getSnapshot().status).toBe('expired');
  });

  it('retries an offline check at the minimum interval, not in a tight loop', async () => {
    const backend = useBackend();
    const { time, fetch, auth, token } = await setup(backend, { minIntervalMs: 5 * MINUTE });
    backend.faults.failNext(3, { network: true, match: { path: '/api/auth/get-session' } });
    backend.ageSession(token, 25 * HOUR);
    // The first check falls due a moment after 24 h (the server stamped the session a little
    // after our manual clock started), fails offline, and is retried every 5 minutes.
    await time.advance(24 * HOUR + MINUTE);
    expect(fetch.count('/api/auth/get-session')).toBe(1);
    await time.advance(4 * MINUTE);
    expect(fetch.count('/api/auth/get-session')).toBe(1);
    await time.advance(2 * MINUTE);
    expect(fetch.count('/api/auth/get-session')).toBe(2);
    await time.advance(10 * MINUTE);
    expect(fetch.count('/api/auth/get-session')).toBe(4);
    await time.advance(60 * MINUTE);
    // The fourth check succeeded: no more until the next slide is due.
    expect(fetch.count('/api/auth/get-session')).toBe(4);
    expect(auth.getSnapshot().status).toBe('signed-in');
  });

  it('runs no timers with keepAlive: false', async () => {
    const backend = useBackend();
    const email = uniqueEmail('nokeep');
    await backend.createUser({ email, password: PASSWORD, name: 'No Keep' });
    const time = manualTime();
    const fetch = recordingFetch();
    const auth = managerFor(backend, { fetch, clock: time, timers: time, keepAlive: false });
    await auth.signIn({ email, password: PASSWORD });
    fetch.clear();
    expect(time.pending()).toBe(0);
    await time.advance(40 * DAY);
    expect(fetch.requests).toHaveLength(0);
  });

  it('stops its timer on sign-out and on close', async () => {
    const backend = useBackend();
    const { time, auth } = await setup(backend);
    expect(time.pending()).toBe(1);
    await auth.signOut();
    expect(time.pending()).toBe(0);
    const second = await setup(backend);
    expect(second.time.pending()).toBe(1);
    second.auth.close();
    second.auth.close();
    expect(second.time.pending()).toBe(0);
    await expect(second.auth.getSession()).rejects.toMatchObject({ name: 'AbortError' });
  });
});
