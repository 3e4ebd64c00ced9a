/**
 * The token lives only in the SecureStore (and the Authorization header): never in log
 * records, error messages, error causes, snapshots, events or the app's own storage — through
 * a whole session life: sign-up, API calls, a slide, a failed save, expiry and sign-out.
 */
import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/api/api-client.js';
import { tokenVariants } from '../../src/auth/secrets.js';
import type { SecureStore } from '../../src/auth/secure-store.js';
import { memorySecureStore } from '../../src/auth/secure-store.js';
import {
  captureLogger,
  fakeSessionData,
  HOUR,
  managerFor,
  manualTime,
  PASSWORD,
  recordingFetch,
  SESSION_KEY,
  storedToken,
  uniqueEmail,
  useFakeBackendServer,
} from './support.js';

const { useBackend } = useFakeBackendServer();

/** Everything an error exposes, down its cause chain. */
function describeError(error: unknown, depth = 0): string {
  if (!(error instanceof Error) || depth > 5) return String(error);
  const own = JSON.stringify(error, Object.getOwnPropertyNames(error));
  return `${error.name}: ${error.message}\n${error.stack ?? ''}\n${own}\n${describeError(error.cause, depth + 1)}`;
}

function expectNoSecret(haystack: string, secrets: readonly string[], where: string): void {
  for (const secret of secrets) {
    expect(haystack.includes(secret), `${where} contains a token`).toBe(false);
  }
}

describe('the token never leaks', () => {
  it('appears in no log record, error, snapshot, event or app storage over a session’s life', async () => {
    const backend = useBackend();
    const email = uniqueEmail('secret');
    const authLogger = captureLogger();
    const clientLogger = captureLogger();
    const fetch = recordingFetch();
    const time = manualTime(Date.now(), fetch.idle);
    const sessionData = fakeSessionData();
    const inner = memorySecureStore();
    let failNextSet = false;
    // A SecureStore whose failures quote the value they could not store (a careless adapter).
    const secureStore: SecureStore = {
      get: (key) => inner.get(key),
      delete: (key) => inner.delete(key),
      async set(key, value) {
        if (failNextSet) {
          failNextSet = false;
          throw new Error(`keychain refused ${key}=${value}`);
        }
        return inner.set(key, value);
      },
    };
    const auth = managerFor(backend, {
      fetch,
      secureStore,
      sessionData,
      logger: authLogger,
      clock: time,
      timers: time,
      keepAlive: {},
    });
    const api = createApiClient({
      baseUrl: backend.baseUrl,
      fetch,
      auth: auth.authHook,
      logger: clientLogger,
      retry: { limit: 0 },
    });
    const events: unknown[] = [];
    auth.on('auth:changed', (event) => events.push(event));
    auth.on('auth:expired', (event) => events.push(event));
    const errors: unknown[] = [];
    const tokens = new Set<string>();
    const remember = async () => {
      const token = await storedToken(inner);
      for (const variant of tokenVariants(token)) tokens.add(variant);
    };

    await auth.signUp({ email, password: PASSWORD, name: 'Secret Keeper' });
    await remember();
    const userId = auth.userId ?? '';
    const hero = await api.heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    sessionData.records.set(userId, [JSON.stringify(hero), JSON.stringify(auth.getSnapshot())]);

    // A slide that hands out a new set-auth-token value.
    backend.ageSession((await storedToken(inner)) ?? '', 25 * HOUR);
    await time.advance(25 * HOUR);
    await remember();

    // Failures along the way.
    errors.push(await auth.signIn({ email, password: 'wrong-password-1' }).catch((e) => e));
    backend.faults.malformNext(1, '{"session":', { match: { path: '/api/auth/get-session' } });
    errors.push(await auth.getSession().catch((e) => e));
    failNextSet = true;
    errors.push(await auth.signIn({ email, password: PASSWORD }).catch((e) => e));
    await remember();

    // Expiry through a 401 on an API call.
    backend.expireSession((await storedToken(inner)) ?? '');
    errors.push(await api.heroes.list().catch((e) => e));
    expect(auth.getSnapshot().status).toBe('expired');

    // Sign back in and out again.
    await auth.signIn({ email, password: PASSWORD });
    await remember();
    backend.faults.failNext(1, { network: true, match: { path: '/api/auth/sign-out' } });
    await auth.signOut({ discardPendingChanges: true });
    await fetch.idle();

    expect(errors.map((e) => (e as Error).name)).toEqual([
      'AuthError',
      'ContractError',
      'StorageError',
      'AuthError',
    ]);
    // Every token that ever existed was sent as a bearer value at least once.
    for (const request of fetch.requests) {
      const bearer = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
      for (const variant of tokenVariants(bearer)) tokens.add(variant);
    }
    const secrets = [...tokens];
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    // Sanity: the tokens really were sent, so their absence elsewhere means something.
    const sent = fetch.requests.map((r) => r.headers.get('authorization') ?? '').join('\n');
    expect(secrets.some((s) => sent.includes(s))).toBe(true);
    expect(authLogger.records.length).toBeGreaterThan(5);
    expect(clientLogger.records.length).toBeGreaterThan(0);

    expectNoSecret(authLogger.text(), secrets, 'the auth log');
    expectNoSecret(clientLogger.text(), secrets, 'the API client log');
    expectNoSecret(errors.map((e) => describeError(e)).join('\n'), secrets, 'an error');
    expectNoSecret(JSON.stringify(events), secrets, 'an event');
    expectNoSecret(JSON.stringify(auth.getSnapshot()), secrets, 'the snapshot');
    expectNoSecret(JSON.stringify([...sessionData.records]), secrets, 'app storage');
    expect(await inner.get(SESSION_KEY)).toBeNull();
  });

  it('logs a sign-in with the user id but never the token', async () => {
    const backend = useBackend();
    const email = uniqueEmail('leak');
    await backend.createUser({ email, password: PASSWORD, name: 'Leaky' });
    const logger = captureLogger();
    const secureStore = memorySecureStore();
    const auth = managerFor(backend, { logger, secureStore });
    await auth.signIn({ email, password: PASSWORD });
    const token = (await storedToken(secureStore)) ?? '';
    expect(token.length).toBeGreaterThan(32);
    // The logs of a full sign-in carry the user id but never the token.
    expect(logger.text()).toContain(auth.userId ?? '-');
    expectNoSecret(logger.text(), tokenVariants(token), 'the log');
  });
});
