/**
 * Restore after a simulated app restart: a new AuthManager on the same SecureStore. The cached
 * session is trusted offline until `expiresAt` and verified with get-session when online.
 */
import { describe, expect, it } from 'vitest';
import type { AuthChangedEvent } from '../../src/auth/auth-options.js';
import { memorySecureStore } from '../../src/auth/secure-store.js';
import { NetworkError, StorageError } from '../../src/errors/index.js';
import type { FakeBackend } from '../../src/testing/index.js';
import {
  captureLogger,
  DAY,
  flakySecureStore,
  managerFor,
  PASSWORD,
  recordingFetch,
  SESSION_KEY,
  storedToken,
  uniqueEmail,
  useFakeBackendServer,
  waitFor,
} from './support.js';

const { useBackend } = useFakeBackendServer();

async function signedInStore(backend: FakeBackend) {
  const email = uniqueEmail('restore');
  await backend.createUser({ email, password: PASSWORD, name: 'Restorer' });
  const secureStore = memorySecureStore();
  const first = managerFor(backend, { secureStore });
  const snapshot = await first.signIn({ email, password: PASSWORD });
  first.close();
  const token = (await storedToken(secureStore)) ?? '';
  return { secureStore, snapshot, token, email };
}

const offlineFetch = async (): Promise<Response> => {
  throw new TypeError('fetch failed');
};

describe('restore on start', () => {
  it('restores the session offline from the SecureStore alone and keeps using the token', async () => {
    const backend = useBackend();
    const { secureStore, snapshot, token } = await signedInStore(backend);

    const auth = managerFor(backend, { secureStore, fetch: offlineFetch });
    await auth.ready;

    expect(auth.getSnapshot()).toEqual(snapshot);
    expect(auth.userId).toBe(snapshot.user?.id);
    expect(await auth.authHook.getAuthorization()).toBe(`Bearer ${token}`);
    await expect(auth.getSession()).rejects.toBeInstanceOf(NetworkError); // online, server unreachable
    expect(auth.getSnapshot().status).toBe('signed-in');
  });

  it('verifies online with exactly one get-session and stays signed in', async () => {
    const backend = useBackend();
    const { secureStore, snapshot } = await signedInStore(backend);
    const fetch = recordingFetch();
    const auth = managerFor(backend, { secureStore, fetch });
    await auth.ready;
    expect(auth.getSnapshot().status).toBe('signed-in');
    await fetch.idle();
    expect(fetch.count('/api/auth/get-session')).toBe(1);
    expect(auth.getSnapshot()).toEqual(snapshot);
    // getSession joins or repeats the check; the state stays the same object.
    const before = auth.getSnapshot();
    await auth.getSession();
    expect(auth.getSnapshot()).toBe(before);
  });

  it('finds a session that died while the app was closed: expired + auth:expired, nothing deleted', async () => {
    const backend = useBackend();
    const { secureStore, token } = await signedInStore(backend);
    backend.expireSession(token);
    const auth = managerFor(backend, { secureStore });
    const expired: unknown[] = [];
    auth.on('auth:expired', (event) => expired.push(event));
    await auth.ready;
    await waitFor(() => auth.getSnapshot().status === 'expired');
    expect(expired).toHaveLength(1);
    expect(await storedToken(secureStore)).toBe(token);

    // A third start remembers the expiry without asking the server.
    const fetch = recordingFetch();
    const third = managerFor(backend, { secureStore, fetch });
    await third.ready;
    expect(third.getSnapshot().status).toBe('expired');
    expect(third.userId).toBe(auth.userId);
    expect(fetch.requests).toHaveLength(0);
  });

  it('starts expired when the cached expiresAt has passed on the device clock', async () => {
    const backend = useBackend();
    const { secureStore, snapshot } = await signedInStore(backend);
    const later = { now: () => Date.parse(snapshot.expiresAt ?? '') + 1 };
    const fetch = recordingFetch();
    const auth = managerFor(backend, { secureStore, fetch, clock: later });
    const changes: AuthChangedEvent[] = [];
    auth.on('auth:changed', (event) => changes.push(event));
    await auth.ready;
    expect(auth.getSnapshot()).toMatchObject({ status: 'expired', user: snapshot.user });
    expect(changes.map((change) => change.snapshot.status)).toEqual(['expired']);
    expect(await auth.authHook.getAuthorization()).toBeNull();
    expect(fetch.requests).toHaveLength(0);
  });

  it('ignores an unreadable saved entry (logged) and starts signed out', async () => {
    const backend = useBackend();
    const secureStore = memorySecureStore([[SESSION_KEY, '{"v":1,"token":42']]);
    const logger = captureLogger();
    const auth = managerFor(backend, { secureStore, logger });
    await auth.ready;
    expect(auth.getSnapshot().status).toBe('signed-out');
    expect(logger.records.some((r) => r.level === 'warn' && r.message.includes('unreadable'))).toBe(
      true,
    );
  });

  it('rejects ready with StorageError when the SecureStore cannot be read, and stays signed out', async () => {
    const backend = useBackend();
    const secureStore = flakySecureStore();
    secureStore.failGet = true;
    const auth = managerFor(backend, { secureStore });
    const error = await auth.ready.catch((e) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error.operation).toBe('auth.restore');
    // The reason is in the message, not only in `cause`.
    expect(error.message).toBe(
      'auth.restore: could not read the session from the secure store (keychain locked); nothing was changed',
    );
    expect(auth.getSnapshot().status).toBe('signed-out');
  });

  it('waits for the restore before answering the API client', async () => {
    const backend = useBackend();
    const { secureStore, token } = await signedInStore(backend);
    const auth = managerFor(backend, { secureStore, fetch: offlineFetch });
    // No await of ready: the hook itself waits for the restore.
    expect(await auth.authHook.getAuthorization()).toBe(`Bearer ${token}`);
  });

  it('keeps the expiry it restored for 30 days minus elapsed time', async () => {
    const backend = useBackend();
    const { secureStore, snapshot } = await signedInStore(backend);
    const auth = managerFor(backend, { secureStore, fetch: offlineFetch });
    await auth.ready;
    const remaining = Date.parse(auth.getSnapshot().expiresAt ?? '') - Date.now();
    expect(remaining).toBeGreaterThan(30 * DAY - 60_000);
    expect(auth.getSnapshot().expiresAt).toBe(snapshot.expiresAt);
  });
});
