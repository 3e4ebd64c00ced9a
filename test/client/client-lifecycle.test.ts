/**
 * The client's session lifecycle under stress: writes racing a sign-out, a storage failure
 * while a user's data opens, and disposal on close(). Real better-auth on the fake backend,
 * called through an injected fetch that can hold a request in flight.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type InfiniteStoriesClient } from '../../src/client/create-client.js';
import { AuthError, StorageError } from '../../src/errors/index.js';
import { manualConnectivity } from '../../src/platform/connectivity.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { createFakeBackend, type FakeBackend } from '../../src/testing/index.js';

interface Held {
  /** Resolves once the held request was sent. */
  readonly seen: Promise<void>;
  release(): void;
}

function harness(options: Partial<Parameters<typeof createClient>[0]> = {}) {
  const backend: FakeBackend = createFakeBackend({
    authRateLimit: false,
    fastPasswordHashing: true,
  });
  const holds: Array<{ path: RegExp; seen: () => void; gate: Promise<void> }> = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const index = holds.findIndex((hold) => hold.path.test(new URL(request.url).pathname));
    const hold = index >= 0 ? holds.splice(index, 1)[0] : undefined;
    if (hold) {
      hold.seen();
      await hold.gate;
    }
    return backend.fetch(request);
  };
  const hold = (path: RegExp): Held => {
    let seen = (): void => {};
    let release = (): void => {};
    const seenPromise = new Promise<void>((resolve) => {
      seen = resolve;
    });
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    holds.push({ path, seen, gate });
    return { seen: seenPromise, release };
  };
  const client = createClient({
    baseUrl: backend.baseUrl,
    fetch,
    sync: { autoStart: false },
    ...options,
  });
  opened.push(client);
  return { backend, client, hold };
}

const opened: InfiniteStoriesClient[] = [];
let accounts = 0;
const credentials = () => {
  accounts++;
  return { email: `lifecycle.${accounts}@example.test`, password: 'password-123', name: 'Lee' };
};

afterEach(async () => {
  await Promise.all(opened.splice(0).map((client) => client.close()));
});

describe('client lifecycle', () => {
  it('a write attempted while sign-out revokes the session fails loudly instead of being wiped', async () => {
    const storage = memoryStorage();
    const { client, hold } = harness({ storage });
    await client.ready;
    await client.auth.signUp(credentials());
    const userId = client.auth.userId;
    const revoke = hold(/\/api\/auth\/sign-out$/);
    const signingOut = client.auth.signOut();
    await revoke.seen;
    // The count was taken and the user's data is closed: a write cannot slip in before the wipe.
    await expect(
      (async () => client.heroes.create({ name: 'Late', age: 6, traits: ['brave'] }))(),
    ).rejects.toBeInstanceOf(AuthError);
    revoke.release();
    await signingOut;
    expect(client.auth.getSnapshot().status).toBe('signed-out');
    expect(await storage.scan(`u/${userId}/`)).toEqual([]);
  });

  it('a refused sign-out leaves the user signed in with their data open again', async () => {
    const { client } = harness({ connectivity: manualConnectivity(false) });
    await client.ready;
    await client.auth.signUp(credentials());
    const hero = await client.heroes.create({ name: 'Kept', age: 6, traits: ['brave'] });
    await expect(client.auth.signOut()).rejects.toMatchObject({ name: 'PendingChangesError' });
    expect(client.heroes.get(hero.id)?.name).toBe('Kept');
    await client.heroes.update(hero.id, { name: 'Kept and edited' });
    expect(client.sync.pending()).toHaveLength(1);
  });

  it('a storage failure while opening the user data does not break the client for good', async () => {
    const inner = memoryStorage();
    let failing = true;
    const storage: StorageAdapter = {
      get: (key) => inner.get(key),
      getMany: (keys) => inner.getMany(keys),
      batch: (ops) => inner.batch(ops),
      close: () => inner.close(),
      scan: async (prefix) => {
        if (failing) throw new StorageError('storage.scan', 'transient failure');
        return inner.scan(prefix);
      },
    };
    const { client } = harness({ storage });
    await client.ready;
    await expect(client.auth.signUp(credentials())).rejects.toBeInstanceOf(StorageError);
    // The app is not told `signed-in` while the user's data is not there to read.
    expect(client.auth.getSnapshot().status).toBe('signed-out');
    expect(() => client.heroes).toThrow(AuthError);
    // Storage recovers: the next call that settles the session opens the data.
    failing = false;
    await client.auth.getSession();
    expect(client.auth.getSnapshot().status).toBe('signed-in');
    expect(client.heroes.list()).toEqual([]);
    await client.auth.signOut();
    expect(client.auth.getSnapshot().status).toBe('signed-out');
  });

  it('close() detaches sync and conflict listeners', async () => {
    const connectivity = manualConnectivity();
    const { client } = harness({ connectivity });
    await client.ready;
    await client.auth.signUp(credentials());
    let calls = 0;
    client.sync.subscribe(() => calls++);
    client.conflicts.subscribe(() => calls++);
    await client.close();
    const before = calls;
    connectivity.goOffline();
    connectivity.goOnline();
    expect(calls).toBe(before);
  });
});

describe('client lifecycle: online-only calls', () => {
  it('close() aborts a story generation in flight instead of writing into a closed store', async () => {
    const { client, hold } = harness();
    await client.ready;
    await client.auth.signUp(credentials());
    const hero = await client.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
    await client.sync.syncNow();
    const generation = hold(/\/api\/v1\/stories$/);
    const generating = client.stories.generate({ heroId: hero.id, language: 'en' });
    const settled = generating.then(
      () => 'resolved',
      (error: Error) => error.name,
    );
    await generation.seen;
    await client.close();
    generation.release();
    expect(await settled).toBe('AbortError');
  });
});
