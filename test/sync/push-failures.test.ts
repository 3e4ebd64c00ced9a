/**
 * The failure classes of DESIGN.md §4, each with fake timers and its asserted event timeline.
 */
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OutboxEntry } from '../../src/model/types.js';
import type { FakeBackend } from '../../src/testing/index.js';
import {
  type Device,
  hero,
  newUser,
  openDevice,
  recordTimeline,
  serverHeroes,
  type TestUser,
  tick,
  until,
  useFakeTime,
  useSyncBackend,
} from './support.js';

const { backend: useBackend, server } = useSyncBackend();
const POST_HEROES = { method: 'POST', path: '/api/v1/heroes' } as const;

afterEach(() => {
  vi.useRealTimers();
});

/** A synced hero with a story, on one device. */
async function heroWithStory(backend: FakeBackend, user: TestUser) {
  const device = await openDevice(backend, user);
  const luna = await device.store.create('heroes', hero('Luna'));
  await device.engine.syncNow();
  const oldServerId = device.store.get('heroes', luna.id)?.serverId ?? '';
  const imported = await device.api.batch.importStories([
    { id: 's', heroId: oldServerId, title: 'Old', content: 'A story of the old hero.' },
  ]);
  await device.engine.syncNow();
  const storyId = imported.results.created[0]?.serverId ?? '';
  expect(device.store.get('stories', storyId)?.heroId).toBe(luna.id);
  return { device, luna, oldServerId, storyId };
}

/** Keep-local on a deleted-remotely conflict: the hero is created again, under a new id. */
async function keepLocalRecreates(
  backend: FakeBackend,
  user: TestUser,
  device: Device,
  conflictId: string,
  localId: string,
  oldServerId: string,
): Promise<void> {
  await device.engine.conflicts.resolve(conflictId, 'keep-local');
  await tick(device, 1000); // the resolution queued a create: debounced sync
  const rows = serverHeroes(backend, user.userId);
  expect(rows).toMatchObject([{ name: 'Luna the Brave' }]);
  expect(rows[0]?.id).not.toBe(oldServerId);
  expect(device.store.get('heroes', localId)).toMatchObject({
    serverId: rows[0]?.id,
    syncStatus: 'synced',
  });
  expect(device.engine.conflicts.list()).toEqual([]);
}

/** The round whose PATCH meets the 404. */
const TIMELINE_404 = [
  'status pulling',
  'status pushing',
  'conflict deleted-remotely heroes name',
  'status idle',
  'completed pushed=0 pulled=1 conflicts=1 failed=0',
];

describe('push failure classes', () => {
  it('transient (503): backoff, then a timer-driven retry with no new write', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    useFakeTime();
    const device = await openDevice(backend, user, { debounceMs: 100 });
    const timeline = recordTimeline(device.engine);
    await device.store.create('heroes', hero('Luna'));
    backend.faults.failNext(1, { status: 503, match: POST_HEROES });

    device.engine.start();
    const started = Date.now();
    await tick(device, 0);
    expect(serverHeroes(backend, user.userId)).toHaveLength(0);
    const entry = device.store.outbox.entries()[0] as OutboxEntry;
    expect(entry).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: { kind: 'server', status: 503 },
    });
    expect(entry.nextAttemptAt).toBe(started + 1000);

    await tick(device, 999);
    expect(serverHeroes(backend, user.userId)).toHaveLength(0);
    await tick(device, 1);
    expect(serverHeroes(backend, user.userId)).toHaveLength(1);
    expect(device.store.outbox.pendingCount).toBe(0);
    expect(timeline).toEqual([
      'status pulling',
      'status pushing',
      'status idle',
      'completed pushed=0 pulled=0 conflicts=0 failed=0',
      'status pulling',
      'status pushing',
      'status idle',
      'completed pushed=1 pulled=0 conflicts=0 failed=0',
    ]);
    await device.close();
  });

  it('network error: offline, probe of /ping with backoff, back online, the change goes', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    useFakeTime();
    const device = await openDevice(backend, user);
    const timeline = recordTimeline(device.engine);
    await device.store.create('heroes', hero('Luna'));
    backend.faults.failNext(1, { network: true, match: POST_HEROES });
    backend.faults.failNext(1, { network: true, match: { path: '/api/v1/ping' } });

    device.engine.start();
    await tick(device, 0);
    expect(device.engine.getSnapshot()).toMatchObject({ online: false, pendingCount: 1 });
    expect(device.store.outbox.entries()[0]?.lastError).toMatchObject({ kind: 'offline' });
    await device.store.create('heroes', hero('Max')); // offline: no sync is scheduled for it
    await tick(device, 1000); // first probe fails
    expect(device.count('GET', '/api/v1/ping')).toBe(1);
    expect(device.engine.getSnapshot().online).toBe(false);
    await tick(device, 1999);
    expect(device.count('GET', '/api/v1/ping')).toBe(1);
    await tick(device, 1); // second probe (2 s later) succeeds: a round runs at once
    await tick(device, 0);
    expect(device.count('GET', '/api/v1/ping')).toBe(2);
    expect(
      serverHeroes(backend, user.userId)
        .map((h) => h.name)
        .sort(),
    ).toEqual(['Luna', 'Max']);
    expect(device.count('POST', '/api/v1/heroes')).toBe(3);
    expect(timeline).toEqual([
      'status pulling',
      'status pushing',
      'status pushing offline',
      'status idle offline',
      'failed offline',
      'status idle',
      'status pulling',
      'status pushing',
      'status idle',
      'completed pushed=2 pulled=0 conflicts=0 failed=0',
    ]);
    await device.close();
  });

  it('401: the engine pauses, keeps the change, and resumes when the user signs in again', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    useFakeTime();
    let signedIn = true;
    const listeners = new Set<() => void>();
    const device = await openDevice(backend, user, {
      auth: {
        isSignedIn: () => signedIn,
        subscribe: (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      },
    });
    const timeline = recordTimeline(device.engine);
    await device.store.create('heroes', hero('Luna'));
    backend.faults.failNext(1, {
      status: 401,
      body: JSON.stringify({ error: 'Unauthorized', message: 'Authentication required' }),
      match: POST_HEROES,
    });

    device.engine.start();
    await tick(device, 0);
    expect(device.engine.getSnapshot()).toMatchObject({
      phase: 'paused',
      pendingCount: 1,
      lastError: { kind: 'auth' },
    });
    const entry = device.store.outbox.entries()[0];
    expect(entry).toMatchObject({ status: 'pending', lastError: { kind: 'auth', status: 401 } });
    // The AuthManager finds the session dead: signed out (expired).
    signedIn = false;
    for (const listener of listeners) listener();
    // Paused: neither the interval, the 401 re-check nor new writes start a round.
    const before = device.requests.length;
    await device.store.create('heroes', hero('Max'));
    await tick(device, 20 * 60_000);
    expect(device.requests.length).toBe(before);

    signedIn = true; // the same user signs in again
    for (const listener of listeners) listener();
    await tick(device, 0);
    expect(serverHeroes(backend, user.userId)).toHaveLength(2);
    expect(device.engine.getSnapshot()).toMatchObject({
      phase: 'idle',
      pendingCount: 0,
      lastError: null,
    });
    expect(timeline).toEqual([
      'status pulling',
      'status pushing',
      'status paused',
      'failed auth',
      'status idle',
      'status pulling',
      'status pushing',
      'status idle',
      'completed pushed=2 pulled=0 conflicts=0 failed=0',
    ]);
    await device.close();
  });

  it('429: that operation kind waits until resetAt; other kinds go on', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    useFakeTime();
    const device = await openDevice(backend, user, { pushConcurrency: 1 });
    const timeline = recordTimeline(device.engine);
    await device.store.create('heroes', hero('Luna'));
    await device.store.create('heroes', hero('Max'));
    await device.store.create('customEvents', { title: 'Beach', promptSeed: 'Sand and sea' });
    const resetAt = new Date(Date.now() + 10 * 60_000).toISOString();
    backend.faults.failNext(1, {
      status: 429,
      body: JSON.stringify({
        error: 'RateLimitExceeded',
        message: `Rate limit exceeded for hero_create. Resets at ${resetAt}. Limit: 5 requests per hour.`,
      }),
      match: POST_HEROES,
    });

    device.engine.start();
    await tick(device, 0);
    expect(device.count('POST', '/api/v1/heroes')).toBe(1); // Max was not tried
    expect(device.count('POST', '/api/v1/custom-events')).toBe(1);
    expect(device.store.outbox.entries()).toMatchObject([
      { collection: 'heroes', lastError: { kind: 'rate-limit', status: 429 } },
      { collection: 'heroes', attempts: 0 },
    ]);
    // `resetAt` is on the server clock, known to within the `Date` header's one second.
    await tick(device, 10 * 60_000 - 1000);
    expect(device.count('POST', '/api/v1/heroes')).toBe(1);
    await tick(device, 2000);
    expect(serverHeroes(backend, user.userId)).toHaveLength(2);
    expect(timeline).toEqual([
      'status pulling',
      'status pushing',
      'status idle',
      'completed pushed=1 pulled=0 conflicts=0 failed=0',
      'status pulling',
      'status pushing',
      'status idle',
      'completed pushed=2 pulled=0 conflicts=0 failed=0',
    ]);
    await device.close();
  });

  it('400: the change fails for good, mutation:failed is emitted, other records go on', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    const device = await openDevice(backend, user);
    const luna = await device.store.create('heroes', hero('Luna'));
    const max = await device.store.create('heroes', hero('Max'));
    await device.engine.syncNow();
    useFakeTime();
    const timeline = recordTimeline(device.engine);
    await device.store.update('heroes', luna.id, { name: 'Luna II' });
    await device.store.update('heroes', max.id, { name: 'Max II' });
    const lunaServerId = device.store.get('heroes', luna.id)?.serverId;
    backend.faults.failNext(1, {
      status: 400,
      body: JSON.stringify({ error: 'ValidationError', message: 'name: invalid' }),
      match: { method: 'PATCH', path: `/api/v1/heroes/${lunaServerId}` },
    });

    device.engine.start();
    await tick(device, 0);
    expect(device.store.get('heroes', luna.id)).toMatchObject({
      syncStatus: 'failed',
      syncError: { kind: 'permanent', status: 400, code: 'ValidationError' },
      name: 'Luna II',
    });
    expect(device.store.get('heroes', max.id)?.syncStatus).toBe('synced');
    expect(device.engine.getSnapshot()).toMatchObject({ failedCount: 1, pendingCount: 1 });
    for (let minute = 0; minute < 60; minute += 5) await tick(device, 5 * 60_000);
    expect(device.count('GET', '/api/v1/heroes')).toBeGreaterThanOrEqual(4); // rounds did run
    expect(device.count('PATCH', `/api/v1/heroes/${lunaServerId}`)).toBe(1); // never retried
    expect(timeline.slice(0, 5)).toEqual([
      'status pulling',
      'status pushing',
      'mutation:failed heroes.update 400',
      'status idle',
      'completed pushed=1 pulled=0 conflicts=0 failed=1',
    ]);
    await device.close();
  });

  it('404 on update: a deleted-remotely conflict; keep-local re-creates the hero', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    const { device, luna, oldServerId, storyId } = await heroWithStory(backend, user);
    // Another device deletes the hero (and, by cascade, its story) after this device's pull,
    // just before its PATCH arrives: the PATCH answers 404.
    server.use(
      http.patch(
        `${backend.baseUrl}/api/v1/heroes/:id`,
        () => {
          backend.db.deleteHero(oldServerId);
          return undefined; // on to the fake backend, which answers 404
        },
        { once: true },
      ),
    );
    useFakeTime();
    const timeline = recordTimeline(device.engine);
    await device.store.update('heroes', luna.id, { name: 'Luna the Brave' });

    device.engine.start();
    await tick(device, 0);
    expect(device.count('PATCH', /^\/api\/v1\/heroes\//)).toBe(1);
    const [conflict] = device.engine.conflicts.list();
    expect(conflict).toMatchObject({
      kind: 'deleted-remotely',
      collection: 'heroes',
      recordId: luna.id,
      fields: ['name'],
    });
    expect(device.store.get('heroes', luna.id)?.syncStatus).toBe('conflict');
    expect(device.engine.getSnapshot()).toMatchObject({ conflictCount: 1, pendingCount: 1 });
    expect(timeline).toEqual(TIMELINE_404);

    await keepLocalRecreates(backend, user, device, conflict?.id ?? '', luna.id, oldServerId);
    expect(device.store.get('stories', storyId)).toBeUndefined(); // not brought back
    await device.close();
  });

  it('a remote delete found by the pull (delete check) before the PATCH: the same conflict, no PATCH sent', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    const { device, luna, oldServerId, storyId } = await heroWithStory(backend, user);
    backend.db.deleteHero(oldServerId); // another device deleted it (and, by cascade, its story)
    useFakeTime();
    // A second later than the set-up's last sync: a record synced in the same millisecond as a
    // listing counts as heard since it (stale-rows.ts) and is not removed by it.
    vi.setSystemTime(Date.now() + 1_000);
    const timeline = recordTimeline(device.engine);
    await device.store.update('heroes', luna.id, { name: 'Luna the Brave' });

    device.engine.start();
    await tick(device, 0);
    const [conflict] = device.engine.conflicts.list();
    expect(conflict).toMatchObject({
      kind: 'deleted-remotely',
      collection: 'heroes',
      recordId: luna.id,
      fields: ['name'],
    });
    expect(device.store.get('heroes', luna.id)?.syncStatus).toBe('conflict');
    expect(device.engine.getSnapshot()).toMatchObject({ conflictCount: 1, pendingCount: 1 });
    expect(device.count('PATCH', /^\/api\/v1\/heroes\//)).toBe(0);
    expect(timeline).toEqual([
      'status pulling',
      'conflict deleted-remotely heroes name',
      'status pushing',
      'status idle',
      'completed pushed=0 pulled=2 conflicts=1 failed=0',
    ]);

    await keepLocalRecreates(backend, user, device, conflict?.id ?? '', luna.id, oldServerId);
    expect(device.store.get('stories', storyId)).toBeUndefined(); // not brought back
    await device.close();
  });

  it('404 on delete: success', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    const device = await openDevice(backend, user);
    const luna = await device.store.create('heroes', hero('Luna'));
    await device.engine.syncNow();
    // Gone on the server only for the DELETE (the pull still lists it).
    server.use(
      http.delete(`${backend.baseUrl}/api/v1/heroes/:id`, () =>
        HttpResponse.json({ error: 'Not Found', message: 'Hero not found' }, { status: 404 }),
      ),
    );
    await device.store.delete('heroes', luna.id);
    const summary = await device.engine.syncNow();
    expect(summary).toMatchObject({ pushed: 1, failed: 0, conflicts: 0 });
    expect(device.count('DELETE', /^\/api\/v1\/heroes\//)).toBe(1);
    expect(device.store.getStored('heroes', luna.id)).toBeUndefined();
    expect(device.store.outbox.pendingCount).toBe(0);
    await device.close();
  });

  it('timeout on an update: transient, retried after the backoff', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    // Fake time from the start: the 500 ms timeout fires only when the test moves time, never
    // because a busy machine answered the first round's listings slowly.
    useFakeTime();
    const device = await openDevice(backend, user, { timeoutMs: 500 });
    const luna = await device.store.create('heroes', hero('Luna'));
    await device.engine.syncNow();
    await device.store.update('heroes', luna.id, { age: 9 });
    const slow = backend.faults.delay(5_000, { method: 'PATCH' });

    device.engine.start();
    await until(() => device.count('PATCH', /^\/api\/v1\/heroes\//) === 1);
    await vi.advanceTimersByTimeAsync(500); // the client's timeout fires
    await device.engine.whenIdle();
    expect(device.store.outbox.entries()[0]).toMatchObject({
      attempts: 1,
      lastError: { kind: 'server', status: null },
    });
    slow();
    await tick(device, 1000);
    expect(serverHeroes(backend, user.userId)[0]?.age).toBe(9);
    expect(device.store.outbox.pendingCount).toBe(0);
    await device.close();
  });

  it('401 while the session still looks alive: paused, then re-checked after a backoff', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    useFakeTime();
    const device = await openDevice(backend, user, {
      auth: { isSignedIn: () => true, subscribe: () => () => undefined },
    });
    await device.store.create('heroes', hero('Luna'));
    backend.faults.failNext(1, {
      status: 401,
      body: JSON.stringify({ error: 'Unauthorized', message: 'Authentication required' }),
      match: POST_HEROES,
    });
    device.engine.start();
    await tick(device, 0);
    expect(device.engine.getSnapshot().phase).toBe('paused');
    await tick(device, 999);
    expect(serverHeroes(backend, user.userId)).toHaveLength(0);
    await tick(device, 1);
    expect(serverHeroes(backend, user.userId)).toHaveLength(1);
    expect(device.engine.getSnapshot()).toMatchObject({ phase: 'idle', pendingCount: 0 });
    await device.close();
  });
});
