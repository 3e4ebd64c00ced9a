/**
 * Errors that name the right party: configuration checked at `createClient`, `NetworkError`
 * vs `OfflineError`, one `ClientClosedError` after `close()`, ids that cannot change the route,
 * a storage adapter that cannot work on the platform, and the `origin` option for hosts reached
 * under another name.
 */
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../../src/api/api-client.js';
import { createClient } from '../../src/client/create-client.js';
import {
  isClientClosedError,
  isConfigurationError,
  isNetworkError,
  isOfflineError,
  isStorageError,
  isValidationError,
} from '../../src/errors/index.js';
import { manualConnectivity } from '../../src/platform/connectivity.js';
import { indexedDBStorage } from '../../src/storage-adapters/indexeddb-storage.js';
import { createFakeBackend, fakeBackendHandlers } from '../../src/testing/index.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const refused: typeof fetch = async () => {
  throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
};
const browserRefused: typeof fetch = async () => {
  throw new TypeError('Failed to fetch');
};
const account = { email: 'someone@example.test', password: 'password-123' };

function failureOf(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'resolved',
    (error: unknown) => error,
  );
}

describe('errors that name the right party', () => {
  it('createClient refuses a baseUrl that cannot work, at once, with ConfigurationError', () => {
    for (const baseUrl of [
      '',
      '   ',
      'api.example.com',
      'ftp://api.example.com',
      'https://x.test/?a=1',
    ]) {
      let thrown: unknown;
      try {
        createClient({ baseUrl });
      } catch (error) {
        thrown = error;
      }
      expect(isConfigurationError(thrown), baseUrl).toBe(true);
      expect(thrown).toMatchObject({ option: 'baseUrl' });
    }
    let bad: unknown;
    try {
      createClient({ baseUrl: 'https://api.example.com', origin: 'https://app.example.com/path' });
    } catch (error) {
      bad = error;
    }
    expect(bad).toMatchObject({ name: 'ConfigurationError', option: 'origin' });
  });

  it('a trailing slash is handled: requests go to one /api path', async () => {
    const seen: string[] = [];
    const client = createClient({
      baseUrl: 'https://api.example.com/',
      fetch: async (input) => {
        seen.push(new Request(input).url);
        return HttpResponse.json({ status: 'ok' });
      },
    });
    await client.ready;
    await client.api.ping().catch(() => undefined);
    expect(seen[0]).toMatch(/^https:\/\/api\.example\.com\/api\//);
    await client.close();
  });

  it('online but the server unreachable: NetworkError naming the host; offline: OfflineError', async () => {
    const connectivity = manualConnectivity(true);
    const client = createClient({ baseUrl: 'http://down.test:9', fetch: refused, connectivity });
    await client.ready;
    const online = await failure(client.auth.signIn(account));
    expect(isNetworkError(online)).toBe(true);
    expect(online).toMatchObject({ host: 'down.test:9' });
    expect(String((online as Error).message)).toContain('down.test:9');

    connectivity.goOffline();
    expect(isOfflineError(await failure(client.auth.signIn(account)))).toBe(true);
    await client.close();

    const api = createApiClient({
      baseUrl: 'http://down.test:9',
      fetch: browserRefused,
      retry: { limit: 0 },
    });
    const cors = await failure(api.heroes.list());
    expect(isNetworkError(cors)).toBe(true);
    expect(String((cors as Error).message)).toContain('CORS');
  });

  it('after close(), every method throws one ClientClosedError', async () => {
    const client = createClient({ baseUrl: 'http://closed.test', fetch: refused });
    await client.ready;
    const sync = client.sync;
    await client.close();
    const calls: Array<() => unknown> = [
      () => client.heroes,
      () => client.sync.syncNow(),
      () => sync.getSnapshot(),
      () => sync.pending(),
      () => client.auth.signIn(account),
      () => client.conflicts.list(),
      () => client.api.ping(),
      () => client.on('status', () => undefined),
    ];
    for (const call of calls) {
      let thrown: unknown;
      try {
        await call();
      } catch (error) {
        thrown = error;
      }
      expect(isClientClosedError(thrown)).toBe(true);
    }
    await client.close(); // still idempotent
  });

  it('ClientClosedError from the moment close() is called, before it resolves', async () => {
    const backend = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
    server.use(...fakeBackendHandlers(backend));
    const client = createClient({ baseUrl: backend.baseUrl, sync: { autoStart: false } });
    await client.ready;
    await client.auth.signUp({ ...account, email: 'closing@example.test', name: 'Closing' });
    const heroes = client.heroes;
    const sync = client.sync;
    const closing = client.close(); // not awaited
    const calls: Array<() => unknown> = [
      () => client.heroes,
      () => heroes.list(),
      () => heroes.create({ name: 'Late', age: 6, traits: ['brave'] }),
      () => sync.syncNow(),
      () => sync.pending(),
      () => client.conflicts.list(),
      () => client.on('status', () => undefined),
    ];
    // Subscribers are told of the close and read the emptied snapshot meanwhile.
    expect(sync.getSnapshot().pendingCount).toBe(0);
    for (const call of calls) {
      let thrown: unknown;
      try {
        await call();
      } catch (error) {
        thrown = error;
      }
      expect(isClientClosedError(thrown)).toBe(true);
    }
    await closing;
    expect(isClientClosedError(failureOf(() => sync.getSnapshot()))).toBe(true);
    expect(backend.db.heroes.size).toBe(0); // the late create never happened
  });

  it('ids that could change the route are refused with ValidationError; nothing is sent', async () => {
    const sent: string[] = [];
    const api = createApiClient({
      baseUrl: 'http://ids.test',
      fetch: async (input) => {
        sent.push(new Request(input).url);
        return HttpResponse.json({});
      },
    });
    for (const id of ['.', '..', '../../api/v1/user', 'a/b']) {
      expect(isValidationError(await failure(api.heroes.delete(id)))).toBe(true);
    }
    expect(sent).toEqual([]);
  });

  it('IndexedDB storage on a platform without IndexedDB: ready fails with a StorageError saying why', async () => {
    vi.stubGlobal('indexedDB', undefined);
    vi.stubGlobal('IDBKeyRange', undefined);
    try {
      const client = createClient({
        baseUrl: 'http://localhost:3000',
        storage: indexedDBStorage({ dbName: 'no-indexeddb-here' }),
      });
      const error = await failure(client.ready);
      expect(isStorageError(error)).toBe(true);
      // The reason is on the error or, when the session read failed first, on its cause.
      const reasons = [error, (error as Error).cause].map((e) => String((e as Error)?.message));
      expect(reasons.join(' / ')).toContain('IndexedDB is not available');
      await client.close().catch(() => undefined);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('the origin option: auth POSTs through a second hostname send the configured Origin', async () => {
    const backend = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
    server.use(...fakeBackendHandlers(backend));
    await backend.createUser({ ...account, name: 'Someone' });
    const origins: Array<string | null> = [];
    // The same server reached under another name (a tunnel): requests are forwarded as they are.
    server.use(
      http.all('http://tunnel.test/*', async ({ request }) => {
        const url = new URL(request.url);
        const target = new URL(`${url.pathname}${url.search}`, backend.baseUrl);
        origins.push(request.headers.get('origin'));
        const init: RequestInit = { method: request.method, headers: request.headers };
        if (request.method !== 'GET') init.body = await request.text();
        return backend.fetch(new Request(target, init));
      }),
    );
    const plain = createClient({ baseUrl: 'http://tunnel.test' });
    await plain.ready;
    await failure(plain.auth.signIn(account));
    expect(origins[0]).toBe('http://tunnel.test'); // the default: baseUrl's origin
    await plain.close();
    origins.length = 0;

    const client = createClient({ baseUrl: 'http://tunnel.test', origin: backend.baseUrl });
    await client.ready;
    await client.auth.signIn(account);
    expect(client.auth.getSnapshot().status).toBe('signed-in');
    expect(origins[0]).toBe(new URL(backend.baseUrl).origin);
    await client.close();
  });
});
