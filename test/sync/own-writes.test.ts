/**
 * The device recognises its own writes: fields a create route cannot carry are sent right
 * after it, and an update whose answer was lost is not mistaken for another device's edit
 * (both found by the convergence property).
 */
import { describe, expect, it } from 'vitest';
import { newUser, openDevice, recordTimeline, useSyncBackend } from './support.js';

const harness = useSyncBackend();

describe("the device's own writes", () => {
  it('a favourite set on a custom event before its create was sent reaches the server', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const device = await openDevice(backend, user);
    const event = await device.store.create('customEvents', { title: 'Beach', promptSeed: 'Sea' });
    await device.store.update('customEvents', event.id, { isFavorite: true }); // merged into the create
    const summary = await device.engine.syncNow();
    expect(summary).toMatchObject({ pushed: 2, failed: 0 });
    const rows = [...backend.db.customEvents.values()].filter((e) => e.userId === user.userId);
    expect(rows.map((e) => e.isFavorite)).toEqual([true]);
    expect(device.store.get('customEvents', event.id)).toMatchObject({
      isFavorite: true,
      syncStatus: 'synced',
    });
    await device.close();
  });

  it('an update whose answer was lost, then edited again: the later edit wins, no conflict', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const device = await openDevice(backend, user);
    const event = await device.store.create('customEvents', { title: 'Beach', promptSeed: 'Sea' });
    await device.engine.syncNow();
    const serverId = device.store.get('customEvents', event.id)?.serverId ?? '';
    await device.store.update('customEvents', event.id, { description: 'first' });
    backend.faults.dropResponse(1, { method: 'PATCH' });
    await device.engine.syncNow().catch(() => undefined);
    expect(backend.db.customEvents.get(serverId)?.description).toBe('first'); // it was applied
    backend.clock.advance(5000); // the server's stamp is clearly later than the next edit
    await device.store.update('customEvents', event.id, { description: 'second' });
    expect(device.store.outbox.entries().map((e) => e.patch)).toEqual([
      { description: 'first' },
      { description: 'second' },
    ]);

    await device.engine.syncNow();
    expect(backend.db.customEvents.get(serverId)?.description).toBe('second');
    expect(device.store.get('customEvents', event.id)).toMatchObject({
      description: 'second',
      syncStatus: 'synced',
    });
    await device.close();
  });

  it('story text: a lost answer, then a second edit, is not a conflict with itself', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const device = await openDevice(backend, user);
    const timeline = recordTimeline(device.engine);
    const owner = await device.api.heroes.create({ name: 'Luna', age: 5, traits: ['kind'] });
    const imported = await device.api.batch.importStories([
      { id: 's', heroId: owner.id, title: 'Moon', content: 'Once.' },
    ]);
    const storyId = imported.results.created[0]?.serverId ?? '';
    await device.engine.syncNow();
    await device.store.update('stories', storyId, { title: 'Moon I' });
    backend.faults.dropResponse(1, { method: 'PATCH' });
    await device.engine.syncNow().catch(() => undefined);
    backend.clock.advance(5000);
    await device.store.update('stories', storyId, { title: 'Moon II' });

    const summary = await device.engine.syncNow();
    expect(summary.conflicts).toBe(0);
    expect(device.engine.conflicts.list()).toEqual([]);
    expect(backend.db.stories.get(storyId)?.title).toBe('Moon II');
    expect(timeline.filter((line) => line.startsWith('conflict'))).toEqual([]);
    await device.close();
  });
});
