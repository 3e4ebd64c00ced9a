/**
 * Every getSnapshot/subscribe pair the SDK exposes works the way React's
 * `useSyncExternalStore(subscribe, getSnapshot)` uses it: both functions passed detached,
 * `getSnapshot()` the same value until something changed, `observe(query)` the same object
 * for equal queries (it is called on every render).
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type InfiniteStoriesClient } from '../../src/client/create-client.js';
import type { Subscribable } from '../../src/repositories/subscribable.js';
import { createFakeBackend, fakeBackendHandlers } from '../../src/testing/index.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const clients: InfiniteStoriesClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  server.resetHandlers();
});

async function signedInClient(): Promise<InfiniteStoriesClient> {
  const backend = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
  server.use(...fakeBackendHandlers(backend));
  const client = createClient({ baseUrl: backend.baseUrl, sync: { autoStart: false } });
  clients.push(client);
  await client.ready;
  await client.auth.signUp({ email: 'store@example.test', password: 'password-123', name: 'S' });
  return client;
}

/**
 * What `useSyncExternalStore` does with the pair: it keeps them as plain functions (no `this`),
 * reads the snapshot twice per render and expects the same value, subscribes a callback and
 * reads again when it is called. Returns the values seen, one per notification.
 */
function mount<T>(subscribe: Subscribable<T>['subscribe'], getSnapshot: () => T) {
  const first = getSnapshot();
  expect(getSnapshot()).toBe(first); // "getSnapshot should be cached"
  const rendered: T[] = [first];
  const unsubscribe = subscribe(() => {
    const next = getSnapshot();
    expect(getSnapshot()).toBe(next);
    if (!Object.is(next, rendered.at(-1))) rendered.push(next);
  });
  return { rendered, unsubscribe };
}

describe('external-store pairs', () => {
  it('client.auth works detached and changes its snapshot only on a change', async () => {
    const backend = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
    server.use(...fakeBackendHandlers(backend));
    const client = createClient({ baseUrl: backend.baseUrl, sync: { autoStart: false } });
    clients.push(client);
    await client.ready;
    const { subscribe, getSnapshot } = client.auth;
    const view = mount(subscribe, getSnapshot);
    expect(view.rendered.at(-1)?.status).toBe('signed-out');
    await client.auth.signUp({ email: 'a@example.test', password: 'password-123', name: 'A' });
    expect(view.rendered.at(-1)?.status).toBe('signed-in');
    const seen = view.rendered.length;
    expect(getSnapshot()).toBe(getSnapshot());
    view.unsubscribe();
    expect(view.rendered).toHaveLength(seen);
  });

  it('client.sync works detached; its listener receives the new status', async () => {
    const client = await signedInClient();
    const { subscribe, getSnapshot } = client.sync;
    const view = mount(subscribe, getSnapshot);
    const values: unknown[] = [];
    const stop = subscribe((snapshot) => values.push(snapshot));
    await client.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
    expect(getSnapshot().pendingCount).toBe(1);
    await client.sync.syncNow();
    expect(getSnapshot()).toMatchObject({ pendingCount: 0, phase: 'idle' });
    expect(view.rendered.map((s) => s.pendingCount)).toContain(1);
    expect(values.at(-1)).toBe(getSnapshot());
    stop();
    view.unsubscribe();
  });

  it('client.conflicts works detached and keeps the same (empty) list while nothing changes', async () => {
    const client = await signedInClient();
    const { subscribe, getSnapshot } = client.conflicts;
    const view = mount(subscribe, getSnapshot);
    await client.heroes.create({ name: 'Sol', age: 6, traits: ['kind'] });
    await client.sync.syncNow();
    expect(getSnapshot()).toEqual([]);
    expect(view.rendered).toHaveLength(1);
    view.unsubscribe();
  });
});

describe('repository.observe', () => {
  it('returns the same object for equal queries, a different one for another query', async () => {
    const client = await signedInClient();
    const a = client.heroes.observe({ orderBy: 'name' });
    expect(client.heroes.observe({ orderBy: 'name' })).toBe(a);
    expect(client.heroes.observe({ orderBy: 'name', limit: undefined })).toBe(a);
    expect(client.heroes.observe({ orderBy: 'age' })).not.toBe(a);
    expect(client.heroes.observe()).toBe(client.heroes.observe({}));
    expect(client.stories.observe()).toBe(client.stories.observe());
    expect(client.customEvents.observe()).toBe(client.customEvents.observe());
    expect(client.illustrations.observe('s1')).toBe(client.illustrations.observe('s1'));
    expect(client.visualProfiles.observe('h1')).toBe(client.visualProfiles.observe('h1'));
  });

  it('keeps the snapshot until the result changes, and tells listeners the new value', async () => {
    const client = await signedInClient();
    const { subscribe, getSnapshot } = client.heroes.observe({ orderBy: 'name' });
    const view = mount(subscribe, getSnapshot);
    const received: unknown[] = [];
    const stop = subscribe((heroes) => received.push(heroes));
    expect(view.rendered).toEqual([[]]);
    const luna = await client.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
    const afterCreate = getSnapshot();
    expect(afterCreate.map((h) => h.name)).toEqual(['Luna']);
    expect(received.at(-1)).toBe(afterCreate);
    await client.customEvents.create({
      title: 'Lost tooth',
      promptSeed: 'a first tooth falls out',
    });
    expect(getSnapshot()).toBe(afterCreate); // another collection: same value
    // Rendering again (observe called anew) gives the same store and the same snapshot.
    expect(client.heroes.observe({ orderBy: 'name' }).getSnapshot()).toBe(afterCreate);
    await client.heroes.update(luna.id, { age: 8 });
    expect(getSnapshot()).not.toBe(afterCreate);
    expect(view.rendered.map((list) => list.map((h) => h.age))).toEqual([[], [7], [8]]);
    stop();
    view.unsubscribe();
  });

  it('the same object survives while subscribed, even among many other queries', async () => {
    const client = await signedInClient();
    const kept = client.heroes.observe({ limit: 1 });
    const stop = kept.subscribe(() => {});
    for (let limit = 2; limit < 100; limit++) client.heroes.observe({ limit });
    expect(client.heroes.observe({ limit: 1 })).toBe(kept);
    stop();
  });
});
