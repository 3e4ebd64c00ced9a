/**
 * The AuthManager over real loopback HTTP (Node's own fetch, which adds `Sec-Fetch-Mode` and so
 * triggers better-auth's Origin check), with the API client using its auth hook.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/api/api-client.js';
import { createAuthManager } from '../../src/auth/auth-manager.js';
import { memorySecureStore } from '../../src/auth/secure-store.js';
import type { FakeBackendServer } from '../../src/testing/index.js';
import { startFakeBackendServer } from '../../src/testing/index.js';
import { fakeSessionData, PASSWORD, serverKnows, storedToken, uniqueEmail } from './support.js';

let server: FakeBackendServer;

beforeAll(async () => {
  server = await startFakeBackendServer({ authRateLimit: false });
});

afterAll(async () => {
  await server.close();
});

describe('over loopback HTTP', () => {
  it('signs up, calls the API with the bearer token, survives a restart and signs out', async () => {
    const secureStore = memorySecureStore();
    const sessionData = fakeSessionData();
    const auth = createAuthManager({
      baseUrl: server.url,
      secureStore,
      sessionData,
      keepAlive: false,
    });
    const email = uniqueEmail('loop');

    const signedUp = await auth.signUp({ email, password: PASSWORD, name: 'Loop' });
    expect(signedUp.status).toBe('signed-in');
    const api = createApiClient({ baseUrl: server.url, auth: auth.authHook });
    const hero = await api.heroes.create({ name: 'Orbit', age: 7, traits: ['curious'] });
    expect((await api.heroes.list()).heroes.map((h) => h.id)).toEqual([hero.id]);
    expect((await api.user.profile()).email).toBe(email);

    // A restart: a new manager on the same SecureStore, verified over the wire.
    auth.close();
    const restarted = createAuthManager({
      baseUrl: server.url,
      secureStore,
      sessionData,
      keepAlive: false,
    });
    await restarted.ready;
    expect(await restarted.getSession()).toMatchObject({ status: 'signed-in', user: { email } });
    const api2 = createApiClient({ baseUrl: server.url, auth: restarted.authHook });
    expect((await api2.heroes.list()).heroes).toHaveLength(1);

    const token = (await storedToken(secureStore)) ?? '';
    await restarted.signOut();
    expect(restarted.getSnapshot().status).toBe('signed-out');
    expect(await serverKnows(server.backend, token)).toBe(false);
    await expect(api2.heroes.list()).rejects.toMatchObject({ name: 'AuthError' });
  });

  it('reports a wrong password from the real HTTP stack as AuthError', async () => {
    const email = uniqueEmail('loopbad');
    await server.backend.createUser({ email, password: PASSWORD, name: 'Loop Bad' });
    const auth = createAuthManager({ baseUrl: server.url, keepAlive: false });
    await expect(auth.signIn({ email, password: 'not-the-password' })).rejects.toMatchObject({
      name: 'AuthError',
      code: 'INVALID_EMAIL_OR_PASSWORD',
      status: 401,
    });
  });

  it('is a NetworkError naming the host when nothing listens (the device is online)', async () => {
    const stopped = await startFakeBackendServer({ authRateLimit: false });
    await stopped.close();
    const auth = createAuthManager({ baseUrl: stopped.url, keepAlive: false });
    await expect(
      auth.signUp({ email: uniqueEmail('gone'), password: PASSWORD, name: 'Gone' }),
    ).rejects.toMatchObject({ name: 'NetworkError', operation: 'auth.signUp' });
    expect(auth.getSnapshot().status).toBe('signed-out');
  });
});
