/**
 * Lost acknowledgements: a create whose answer never arrived is looked for on the server
 * before anything is sent again, so the server never gets a duplicate.
 */
import { describe, expect, it, vi } from 'vitest';
import { isNetworkError } from '../../src/errors/index.js';
import type { OutboxEntry } from '../../src/model/types.js';
import { hero, newUser, openDevice, serverHeroes, useFakeTime, useSyncBackend } from './support.js';

const { backend: useBackend } = useSyncBackend();
const POST_HEROES = { method: 'POST', path: '/api/v1/heroes' } as const;

describe('lost acknowledgements', () => {
  it('a hero create whose answer was dropped is adopted, not sent twice', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    const device = await openDevice(backend, user);
    const luna = await device.store.create('heroes', hero('Luna'));
    backend.faults.dropResponse(1, POST_HEROES);

    const first = await device.engine.syncNow().catch((error: unknown) => error);
    expect(isNetworkError(first)).toBe(true);
    expect(serverHeroes(backend, user.userId)).toHaveLength(1); // it did reach the server
    expect(device.engine.getSnapshot()).toMatchObject({ online: false, pendingCount: 1 });
    expect(device.store.getStored('heroes', luna.id)?.serverId).toBeNull();

    const second = await device.engine.syncNow();
    expect(second.pushed).toBe(1);
    expect(device.count('POST', '/api/v1/heroes')).toBe(1);
    const rows = serverHeroes(backend, user.userId);
    expect(rows).toHaveLength(1);
    // The pulled copy was folded into the local record: one hero, local id kept.
    expect(device.store.list('heroes').map((h) => h.id)).toEqual([luna.id]);
    expect(device.store.get('heroes', luna.id)).toMatchObject({
      serverId: rows[0]?.id,
      syncStatus: 'synced',
    });
    expect(device.engine.getSnapshot()).toMatchObject({ online: true, pendingCount: 0 });
    await device.close();
  });

  it('two identical creates both lost adopt two different rows', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    const device = await openDevice(backend, user, { pushConcurrency: 1 });
    const a = await device.store.create('heroes', hero('Twin'));
    const b = await device.store.create('heroes', hero('Twin'));
    backend.faults.dropResponse(2, POST_HEROES);
    // Round 1: A's answer is lost (the round stops). Round 2: A is adopted, B's answer is lost.
    await expect(device.engine.syncNow()).rejects.toThrow(/could not reach/);
    await expect(device.engine.syncNow()).rejects.toThrow(/could not reach/);
    const summary = await device.engine.syncNow(); // B adopted
    expect(summary).toMatchObject({ pushed: 1, failed: 0 });
    expect(device.count('POST', '/api/v1/heroes')).toBe(2);
    const rows = serverHeroes(backend, user.userId);
    expect(rows).toHaveLength(2);
    const mapped = [a.id, b.id].map((id) => device.store.get('heroes', id)?.serverId);
    expect(new Set(mapped)).toEqual(new Set(rows.map((row) => row.id)));
    expect(device.store.list('heroes')).toHaveLength(2);
    await device.close();
  });

  it('a create in flight when the app died is reconciled after the restart', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    const before = await openDevice(backend, user);
    const event = await before.store.create('customEvents', {
      title: 'Picnic',
      promptSeed: 'Lunch on the grass',
    });
    const entry = before.store.outbox.entries()[0] as OutboxEntry;
    await before.store.outbox.markInFlight(entry.mutationId); // attempts = 1, durable
    await before.api.customEvents.create({ title: 'Picnic', promptSeed: 'Lunch on the grass' });
    // The app dies here: no acknowledgement. It restarts on the same storage.
    const after = await openDevice(backend, user, { storage: before.storage });
    expect(after.store.outbox.entries()[0]).toMatchObject({ attempts: 1, status: 'pending' });

    const summary = await after.engine.syncNow();
    expect(summary.pushed).toBe(1);
    expect(after.count('POST', '/api/v1/custom-events')).toBe(0);
    const rows = [...backend.db.customEvents.values()].filter((e) => e.userId === user.userId);
    expect(rows).toHaveLength(1);
    expect(after.store.list('customEvents')).toMatchObject([
      { id: event.id, serverId: rows[0]?.id, title: 'Picnic' },
    ]);
    await after.close();
  });

  it('a create refused once (429), then in flight when the app died, is looked for after the restart', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    const before = await openDevice(backend, user);
    const luna = await before.store.create('heroes', hero('Luna'));
    backend.faults.failNext(1, {
      status: 429,
      body: JSON.stringify({
        error: 'RateLimitExceeded',
        message: `Rate limit exceeded for hero_create. Resets at ${new Date(Date.now() + 60_000).toISOString()}. Limit: 5 requests per hour.`,
      }),
      match: POST_HEROES,
    });
    await before.engine.syncNow();
    const entry = before.store.outbox.entries()[0] as OutboxEntry;
    expect(entry).toMatchObject({ attempts: 1, lastError: { status: 429 } });
    // Sent again (attempt 2, durable); the server creates it; the app dies before the answer.
    await before.store.outbox.markInFlight(entry.mutationId);
    await before.api.heroes.create(hero('Luna'));
    // It restarts, and syncs once the rate limit's wait is over.
    useFakeTime();
    const after = await openDevice(backend, user, { storage: before.storage });
    await vi.advanceTimersByTimeAsync(120_000);
    const summary = await after.engine.syncNow();
    expect(summary.pushed).toBe(1);
    expect(after.count('POST', '/api/v1/heroes')).toBe(0);
    const rows = serverHeroes(backend, user.userId);
    expect(rows).toHaveLength(1);
    expect(after.store.list('heroes')).toMatchObject([{ id: luna.id, serverId: rows[0]?.id }]);
    await after.close();
  });

  it('a lost create that never reached the server is sent again', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    const device = await openDevice(backend, user);
    await device.store.create('heroes', hero('Solo'));
    backend.faults.failNext(1, { network: true, match: POST_HEROES }); // never applied
    await device.engine.syncNow().catch(() => undefined);
    expect(serverHeroes(backend, user.userId)).toHaveLength(0);
    const summary = await device.engine.syncNow();
    expect(summary.pushed).toBe(1);
    expect(serverHeroes(backend, user.userId)).toHaveLength(1);
    expect(device.count('POST', '/api/v1/heroes')).toBe(2);
    await device.close();
  });

  it('sends the mutation id as Idempotency-Key when enabled', async () => {
    const backend = useBackend({ honourIdempotencyKey: true });
    const user = await newUser(backend);
    const device = await openDevice(backend, user, {
      idempotencyKeys: true,
      clientIdempotencyKeys: true,
    });
    await device.store.create('heroes', hero('Keyed'));
    const mutationId = device.store.outbox.entries()[0]?.mutationId;
    await device.engine.syncNow();
    const post = device.requests.find((r) => r.method === 'POST' && r.path === '/api/v1/heroes');
    expect(post?.headers.get('idempotency-key')).toBe(mutationId);
    expect(serverHeroes(backend, user.userId)).toHaveLength(1);
    await device.close();
  });

  it('a visual profile whose create answer was lost is adopted from the 409', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    const device = await openDevice(backend, user);
    const luna = await device.store.create('heroes', hero('Luna'));
    await device.engine.syncNow();
    const profile = await device.store.create('visualProfiles', {
      heroId: luna.id,
      hairColor: 'red',
    });
    backend.faults.dropResponse(1, { method: 'POST', path: /visual-profile$/ });
    await device.engine.syncNow().catch(() => undefined);
    expect(backend.db.visualProfiles.size).toBe(1);

    const summary = await device.engine.syncNow();
    expect(summary).toMatchObject({ pushed: 1, failed: 0, conflicts: 0 });
    expect(backend.db.visualProfiles.size).toBe(1);
    const [row] = [...backend.db.visualProfiles.values()];
    expect(device.store.list('visualProfiles')).toMatchObject([
      { id: profile.id, serverId: row?.id, hairColor: 'red', syncStatus: 'synced' },
    ]);
    await device.close();
  });

  it('an edit made after the lost create is sent after adopting it (no duplicate)', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    const device = await openDevice(backend, user);
    const luna = await device.store.create('heroes', hero('Luna', 5));
    backend.faults.dropResponse(1, POST_HEROES);
    await device.engine.syncNow().catch(() => undefined);
    await device.store.update('heroes', luna.id, { age: 9 });
    expect(device.store.outbox.entries().map((e) => e.op)).toEqual(['create', 'update']);

    await device.engine.syncNow();
    expect(serverHeroes(backend, user.userId)).toMatchObject([{ name: 'Luna', age: 9 }]);
    expect(device.count('POST', '/api/v1/heroes')).toBe(1);
    expect(device.store.list('heroes')).toMatchObject([
      { id: luna.id, age: 9, syncStatus: 'synced' },
    ]);
    await device.close();
  });

  it('a delete made after the lost create deletes the server copy instead of leaving it', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    const device = await openDevice(backend, user);
    const luna = await device.store.create('heroes', hero('Luna'));
    backend.faults.dropResponse(1, POST_HEROES);
    await device.engine.syncNow().catch(() => undefined);
    await device.store.delete('heroes', luna.id);
    expect(device.store.get('heroes', luna.id)).toBeUndefined();

    await device.engine.syncNow();
    expect(serverHeroes(backend, user.userId)).toEqual([]);
    expect(device.store.list('heroes')).toEqual([]);
    expect(device.store.outbox.pendingCount).toBe(0);
    // Nothing comes back on a later (full) pull.
    await device.engine.syncNow();
    expect(device.store.list('heroes')).toEqual([]);
    await device.close();
  });

  it('a delete made after a create that never reached the server sends nothing', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    const device = await openDevice(backend, user);
    const luna = await device.store.create('heroes', hero('Luna'));
    backend.faults.failNext(1, { network: true, match: POST_HEROES });
    await device.engine.syncNow().catch(() => undefined);
    await device.store.delete('heroes', luna.id);
    await device.engine.syncNow();
    expect(device.count('POST', '/api/v1/heroes')).toBe(1);
    expect(device.count('DELETE', /heroes/)).toBe(0);
    expect(device.store.outbox.pendingCount).toBe(0);
    expect(device.store.getStored('heroes', luna.id)).toBeUndefined();
    await device.close();
  });
});
