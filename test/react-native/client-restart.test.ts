/**
 * An Expo app's setup end to end: createClient over asyncSqliteStorage(expo-sqlite) and
 * expoSecureStore, with NetInfo; after a restart the user is still signed in with their
 * offline change, which then syncs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import {
  asyncSqliteStorage,
  expoSecureStore,
  expoSqliteDatabase,
  netInfoConnectivity,
} from '../../src/react-native.js';
import { createFakeBackend, fakeBackendHandlers } from '../../src/testing/index.js';
import { expoSecureStoreStandIn, expoSqliteStandIn, netInfoStandIn } from './stand-ins.js';

const server = setupServer();
const dir = mkdtempSync(join(tmpdir(), 'sdk-rn-client-'));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

it('keeps the session and an offline change across a restart, then syncs it', async () => {
  const backend = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
  server.use(...fakeBackendHandlers(backend));
  const path = join(dir, 'app.sqlite');
  const keychain = expoSecureStoreStandIn();
  const network = netInfoStandIn();
  const open = () =>
    createClient({
      baseUrl: backend.baseUrl,
      storage: asyncSqliteStorage(expoSqliteDatabase(expoSqliteStandIn(path))),
      secureStore: expoSecureStore(keychain),
      connectivity: netInfoConnectivity(network.netInfo),
      sync: { autoStart: false },
    });

  const first = open();
  await first.ready;
  await first.auth.signUp({ email: 'expo@example.test', password: 'password-123', name: 'E' });
  network.emit({ isConnected: false, isInternetReachable: false });
  const hero = await first.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
  await first.close();

  const second = open();
  await second.ready;
  expect(second.auth.getSnapshot()).toMatchObject({ status: 'signed-in', user: { name: 'E' } });
  expect(second.heroes.get(hero.id)?.syncStatus).toBe('pendingCreate');
  network.emit({ isConnected: true, isInternetReachable: true });
  const summary = await second.sync.syncNow();
  expect(summary.pushed).toBe(1);
  expect([...backend.db.heroes.values()].map((row) => row.name)).toEqual(['Luna']);
  await second.close();
});
