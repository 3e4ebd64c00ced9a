/**
 * Push order: per-record FIFO, creates acknowledged before what references them (local ids
 * rewritten to server ids at send time), and a second device seeing the result.
 */
import { describe, expect, it, vi } from 'vitest';
import type { OutboxEntry } from '../../src/model/types.js';
import { hero, newUser, openDevice, serverHeroes, useSyncBackend } from './support.js';

const { backend: useBackend } = useSyncBackend();

describe('push ordering', () => {
  it('creates a hero, its visual profile, a custom event and a story naming it, in dependency order', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    const device = await openDevice(backend, user, { pushConcurrency: 4 });
    const { store } = device;
    const luna = await store.create('heroes', hero('Luna'));
    await store.create('visualProfiles', { heroId: luna.id, hairColor: 'red', artStyle: 'ink' });
    const event = await store.create('customEvents', {
      title: 'Beach',
      promptSeed: 'A day at sea',
    });
    const story = await store.create('stories', {
      heroId: luna.id,
      customEventId: event.id,
      title: 'Sea shells',
      content: 'Luna found a shell.',
      language: 'en',
      isFavorite: false,
    });
    // An edit made while the create is on the wire queues behind it (per-record FIFO). The
    // server holds its answer long enough for the edit to land first on a loaded machine too.
    const slow = backend.faults.delay(2_000, { method: 'POST', path: '/api/v1/heroes' });
    const syncing = device.engine.syncNow();
    await vi.waitFor(() => expect(device.count('POST', '/api/v1/heroes')).toBe(1), {
      timeout: 10_000,
      interval: 5,
    });
    await store.update('heroes', luna.id, { age: 7 });
    const summary = await syncing;
    slow();

    expect(summary).toEqual({ pushed: 5, pulled: 0, conflicts: 0, failed: 0 });
    const log = device.log().filter((line) => !line.startsWith('GET'));
    const index = (line: string) => log.findIndex((entry) => entry.startsWith(line));
    expect(index('POST /api/v1/heroes')).toBeGreaterThanOrEqual(0);
    expect(index('POST /api/v1/heroes/')).toBeGreaterThan(index('POST /api/v1/heroes'));
    expect(index('PATCH /api/v1/heroes/')).toBeGreaterThan(index('POST /api/v1/heroes'));
    expect(index('POST /api/batch/stories')).toBeGreaterThan(index('POST /api/v1/custom-events'));
    expect(index('POST /api/batch/stories')).toBeGreaterThan(index('POST /api/v1/heroes'));

    const [serverHero] = serverHeroes(backend, user.userId);
    expect(serverHero).toMatchObject({ name: 'Luna', age: 7 });
    const serverEvent = [...backend.db.customEvents.values()].find((e) => e.userId === user.userId);
    const serverStory = [...backend.db.stories.values()].find((s) => s.userId === user.userId);
    const serverProfile = [...backend.db.visualProfiles.values()].find(
      (p) => p.heroId === serverHero?.id,
    );
    expect(serverProfile).toMatchObject({ hairColor: 'red', artStyle: 'ink' });
    expect(serverStory).toMatchObject({
      heroId: serverHero?.id,
      customEventId: serverEvent?.id,
      title: 'Sea shells',
    });

    // The device keeps its local ids; the id map knows the server ids.
    expect(store.get('heroes', luna.id)).toMatchObject({
      serverId: serverHero?.id,
      syncStatus: 'synced',
    });
    expect(store.get('stories', story.id)).toMatchObject({
      serverId: serverStory?.id,
      heroId: luna.id,
      customEventId: event.id,
      syncStatus: 'synced',
    });
    expect(store.outbox.pendingCount).toBe(0);
    expect(device.engine.getSnapshot()).toMatchObject({ pendingCount: 0, phase: 'idle' });

    // A second device of the same user sees it all with server ids as local ids.
    const other = await openDevice(backend, user);
    const pulled = await other.engine.syncNow();
    expect(pulled.pushed).toBe(0);
    expect(other.store.get('heroes', serverHero?.id ?? '')).toMatchObject({ name: 'Luna', age: 7 });
    expect(other.store.list('visualProfiles')).toMatchObject([
      { heroId: serverHero?.id, hairColor: 'red' },
    ]);
    expect(other.store.get('stories', serverStory?.id ?? '')).toMatchObject({
      heroId: serverHero?.id,
      customEventId: serverEvent?.id,
    });
    await device.close();
    await other.close();
  });

  it('holds a reference until its create is acknowledged, while independent records go ahead', async () => {
    const backend = useBackend();
    const user = await newUser(backend);
    const device = await openDevice(backend, user);
    const { store } = device;
    const luna = await store.create('heroes', hero('Luna'));
    await store.create('visualProfiles', { heroId: luna.id, hairColor: 'red' });
    const max = await store.create('heroes', hero('Max'));
    // The hero create is refused for good: its profile must wait, Max goes ahead.
    backend.faults.failNext(1, {
      status: 400,
      body: JSON.stringify({ error: 'ValidationError', message: 'name: too long' }),
      match: { method: 'POST', path: '/api/v1/heroes' },
    });
    const summary = await device.engine.syncNow();
    expect(summary.failed).toBe(1);
    expect(summary.pushed).toBe(1);
    expect(device.count('POST', /visual-profile$/)).toBe(0);
    const names = serverHeroes(backend, user.userId).map((h) => h.name);
    expect(names).toHaveLength(1);
    const failedName = names[0] === 'Luna' ? 'Max' : 'Luna';
    const failed = failedName === 'Luna' ? luna : max;
    expect(store.get('heroes', failed.id)?.syncStatus).toBe('failed');
    const entry = store.outbox.entries().find((e: OutboxEntry) => e.localId === failed.id);
    expect(entry?.lastError).toMatchObject({ kind: 'permanent', status: 400 });

    // retry(): the hero goes, then (same round) the profile that waited for it.
    await device.engine.retry(entry?.mutationId ?? '');
    const again = await device.engine.syncNow();
    expect(again.failed).toBe(0);
    expect(store.outbox.pendingCount).toBe(0);
    const lunaServerId = store.get('heroes', luna.id)?.serverId;
    expect([...backend.db.visualProfiles.values()]).toMatchObject([
      { heroId: lunaServerId, hairColor: 'red' },
    ]);
    await device.close();
  });
});
