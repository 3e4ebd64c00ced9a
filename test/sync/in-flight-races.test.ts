/**
 * Races between the sync engine and the app, through the public client: writes that land while
 * a create is in flight or while a pull is listing, a lost-ack search that fails, and a conflict
 * resolution whose storage write fails half way. The network is faked at the fetch boundary
 * only (the fake backend, with requests held at will).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type InfiniteStoriesClient } from '../../src/client/create-client.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { createFakeBackend, type FakeBackend } from '../../src/testing/index.js';

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

interface Hold {
  readonly method: string;
  readonly path: RegExp;
  /** Hold the answer (the request was applied) instead of the request. */
  readonly after: boolean;
  readonly seen: () => void;
  readonly gate: Promise<void>;
  used: boolean;
}

const open: InfiniteStoriesClient[] = [];
afterEach(async () => {
  for (const client of open.splice(0)) await client.close();
});

let users = 0;
function credentials(): { email: string; password: string; name: string } {
  users++;
  return {
    email: `race.${users}.${Date.now().toString(36)}@example.test`,
    password: 'password-123',
    name: `Race ${users}`,
  };
}

/** A fake backend, a fetch that can hold chosen requests, and a signed-out client. */
function harness(
  options: {
    storage?: StorageAdapter;
    reconcileEveryMs?: number;
    onRequest?: (request: Request) => void;
  } = {},
) {
  const backend: FakeBackend = createFakeBackend({
    authRateLimit: false,
    fastPasswordHashing: true,
  });
  const holds: Hold[] = [];
  const fetch: Fetch = async (input, init) => {
    const request = new Request(input, init);
    const { pathname } = new URL(request.url);
    options.onRequest?.(request);
    const hold = holds.find((h) => !h.used && h.method === request.method && h.path.test(pathname));
    if (!hold) return backend.fetch(request);
    hold.used = true;
    if (hold.after) {
      const response = await backend.fetch(request);
      hold.seen();
      await hold.gate;
      return response;
    }
    hold.seen();
    await hold.gate;
    return backend.fetch(request);
  };
  /** Holds the next matching request until `release()`; `seen` resolves when it arrives. */
  const hold = (method: string, path: RegExp, after = false) => {
    let seen!: () => void;
    let release!: () => void;
    const seenP = new Promise<void>((resolve) => {
      seen = resolve;
    });
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    holds.push({ method, path, after, seen, gate, used: false });
    return { seen: seenP, release };
  };
  const client = createClient({
    baseUrl: backend.baseUrl,
    fetch,
    storage: options.storage ?? memoryStorage(),
    sync: {
      autoStart: false,
      ...(options.reconcileEveryMs === undefined
        ? {}
        : { reconcile: { everyMs: options.reconcileEveryMs } }),
    },
  });
  open.push(client);
  return { backend, client, hold, fetch };
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a create in flight', () => {
  it('an edit made while the create is in flight survives the create leftovers', async () => {
    const { client, hold, backend } = harness();
    await client.ready;
    await client.auth.signUp(credentials());
    const event = await client.customEvents.create({
      title: 'Picnic',
      promptSeed: 'a picnic in the park',
      category: 'adventure',
    });
    // Folded into the create, which cannot set it: it follows as a leftover update.
    await client.customEvents.update(event.id, { isFavorite: true });
    const held = hold('POST', /custom-events$/);
    const round = client.sync.syncNow();
    await held.seen;
    await client.customEvents.update(event.id, { isFavorite: false }); // the user's last word
    held.release();
    await round;
    await client.sync.syncNow();
    expect(client.customEvents.get(event.id)?.isFavorite).toBe(false);
    expect([...backend.db.customEvents.values()].map((row) => row.isFavorite)).toEqual([false]);
  });
});

describe('a lost acknowledgement', () => {
  it('a 401 during the lost-ack search does not make the create look refused', async () => {
    let heroGets = 0;
    let expireOnGet = -1;
    let backendRef: FakeBackend | undefined;
    const { backend, client } = harness({
      onRequest: (request) => {
        const { pathname } = new URL(request.url);
        if (request.method !== 'GET' || pathname !== '/api/v1/heroes') return;
        heroGets++;
        if (heroGets === expireOnGet) {
          backendRef?.expireSession((request.headers.get('authorization') ?? '').slice(7));
        }
      },
    });
    backendRef = backend;
    await client.ready;
    const user = credentials();
    await client.auth.signUp(user);
    await client.sync.syncNow();
    await client.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
    backend.faults.dropResponse(1, { method: 'POST', path: '/api/v1/heroes' });
    await client.sync.syncNow().catch(() => undefined); // applied on the server, answer lost
    heroGets = 0;
    expireOnGet = 2; // #1 is the pull, #2 the lost-ack search
    await expect(client.sync.syncNow()).rejects.toMatchObject({ name: 'AuthError' });
    const [entry] = client.sync.pending();
    expect(entry?.op).toBe('create');
    expect(entry?.lastError?.status ?? null).toBeNull();
    expireOnGet = -1;
    await client.auth.signIn({ email: user.email, password: user.password });
    await client.sync.syncNow();
    await client.sync.syncNow();
    expect(backend.db.heroes.size).toBe(1);
    expect(client.heroes.list()).toHaveLength(1);
  });
});

describe('a pull racing with server writes', () => {
  for (const edited of [false, true]) {
    it(`a story generated while a full pull lists stories is kept (edited: ${edited})`, async () => {
      const { client, hold, backend } = harness({ reconcileEveryMs: 1 });
      await client.ready;
      await client.auth.signUp(credentials());
      const hero = await client.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
      await client.sync.syncNow();
      await tick(5); // the next pull is a full one
      const held = hold('GET', /\/api\/v1\/stories$/, true); // listed, answer delayed
      const round = client.sync.syncNow();
      await held.seen;
      const story = await client.stories.generate({ heroId: hero.id, language: 'en' });
      if (edited) await client.stories.update(story.id, { title: 'My title' });
      held.release();
      await round;
      expect(client.stories.get(story.id)).toBeDefined();
      expect(client.conflicts.list()).toHaveLength(0);
      await client.sync.syncNow();
      expect([...backend.db.stories.values()].map((row) => row.title)).toHaveLength(1);
      if (edited) {
        expect([...backend.db.stories.values()][0]?.title).toBe('My title');
      }
    });
  }

  it('a pull does not undo an avatar generated while it was listing heroes', async () => {
    const { client, hold } = harness();
    await client.ready;
    await client.auth.signUp(credentials());
    const hero = await client.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
    await client.sync.syncNow();
    const held = hold('GET', /\/api\/v1\/heroes$/, true);
    const round = client.sync.syncNow();
    await held.seen;
    const withAvatar = await client.heroes.generateAvatar(hero.id);
    const generated = (withAvatar as unknown as Record<string, unknown>).avatarGenerationId;
    expect(generated).toEqual(expect.any(String));
    held.release();
    await round;
    const after = client.heroes.get(hero.id) as unknown as Record<string, unknown>;
    expect(after.avatarGenerationId).toBe(generated);
  });
});

describe('a first pull racing with the app', () => {
  it('a hero created while a new device lists heroes for the first time is kept and sent', async () => {
    const { backend, client, hold, fetch } = harness();
    await client.ready;
    const user = credentials();
    await client.auth.signUp(user);
    for (const name of ['Luna', 'Sol'])
      await client.heroes.create({ name, age: 7, traits: ['brave'] });
    await client.sync.syncNow();
    expect(backend.db.heroes.size).toBe(2);
    // A new device: its heroes are empty when the listing starts, not when it is applied. (The
    // create has no server id among the listed rows, so this shows the create is kept and
    // sent, not where the first-pull path is chosen: first-pull-rows.test.ts pins that.)
    const device = createClient({
      baseUrl: backend.baseUrl,
      fetch,
      storage: memoryStorage(),
      sync: { autoStart: false },
    });
    open.push(device);
    await device.ready;
    await device.auth.signIn({ email: user.email, password: user.password });
    const held = hold('GET', /\/api\/v1\/heroes$/, true); // listed, answer delayed
    const round = device.sync.syncNow();
    await held.seen;
    const mine = await device.heroes.create({ name: 'Made meanwhile', age: 4, traits: ['shy'] });
    held.release();
    await round;
    expect(device.heroes.get(mine.id)).toMatchObject({ name: 'Made meanwhile', traits: ['shy'] });
    expect(
      device.heroes
        .list()
        .map((hero) => hero.name)
        .sort(),
    ).toEqual(['Luna', 'Made meanwhile', 'Sol']);
    await device.sync.syncNow();
    expect(device.sync.pending()).toEqual([]);
    expect([...backend.db.heroes.values()].map((row) => row.name).sort()).toEqual([
      'Luna',
      'Made meanwhile',
      'Sol',
    ]);
    expect(device.heroes.list()).toHaveLength(3);
  });
});

describe('resolving a conflict', () => {
  it('"keep my delete" re-queues the delete in the rebase commit', async () => {
    const inner = memoryStorage();
    let batches = 0;
    let failBatch = -1;
    const storage: StorageAdapter = {
      get: (key) => inner.get(key),
      getMany: (keys) => inner.getMany(keys),
      scan: (prefix) => inner.scan(prefix),
      close: () => inner.close(),
      batch: async (ops) => {
        batches++;
        if (batches === failBatch) throw new Error('disk full');
        return inner.batch(ops);
      },
    };
    const { client, backend, fetch } = harness({ storage });
    await client.ready;
    const user = credentials();
    await client.auth.signUp(user);
    const hero = await client.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
    await client.sync.syncNow();
    const story = await client.stories.generate({ heroId: hero.id, language: 'en' });
    const other = createClient({ baseUrl: backend.baseUrl, fetch, sync: { autoStart: false } });
    open.push(other);
    await other.ready;
    await other.auth.signIn({ email: user.email, password: user.password });
    await other.sync.syncNow();
    await tick(5);
    const [remote] = other.stories.list();
    await other.stories.update(remote?.id ?? '', { title: 'Edited elsewhere' });
    await other.sync.syncNow();
    await client.stories.delete(story.id);
    await client.sync.syncNow();
    const [conflict] = client.conflicts.list();
    expect(conflict?.kind).toBe('updated-remotely-while-deleted');
    failBatch = batches + 2; // the rebase commits; the next write fails
    await client.conflicts.resolve(conflict?.id ?? '', 'keep-local').catch(() => undefined);
    failBatch = -1;
    await client.sync.syncNow();
    expect(client.stories.get(story.id)).toBeUndefined();
    expect(backend.db.stories.size).toBe(0);
  });
});
