/**
 * Custom events have no change feed (no `updatedAfter`), so a round does not list them all
 * every time: incremental rounds skip them until `customEventsEveryMs` passed, unless a pulled
 * story points at a change (a new event, or a reference the server cleared on a delete), a
 * local edit of one waits to be sent, or their `total` on the server (one `limit=1` request)
 * differs from the device's (an event deleted or created on another device).
 */
import { describe, expect, it } from 'vitest';
import { hero, newUser, openDevice, useSyncBackend } from './support.js';

const harness = useSyncBackend();
const EVENTS = '/api/v1/custom-events';

describe('custom events schedule', () => {
  it('an incremental round lists heroes and stories only; the edit shows once the default 30 s passed', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    let now = Date.now();
    const a = await openDevice(backend, user, { now: () => now });
    const b = await openDevice(backend, user);
    const event = await b.api.customEvents.create({ title: 'Beach', promptSeed: 'Sea' });
    await a.engine.syncNow();
    expect(a.listings(EVENTS)).toBe(1); // the first sync lists everything

    await b.api.customEvents.update(event.id, { title: 'Lake' });
    a.requests.length = 0;
    now += 29_000;
    await a.engine.syncNow();
    expect(a.listings(EVENTS)).toBe(0);
    // heroes and stories (never had a row, so no cursor): one full listing each; custom
    // events: the check only (sent at once, so in any order)
    expect(a.log().sort()).toEqual([
      'GET /api/v1/custom-events',
      'GET /api/v1/heroes',
      'GET /api/v1/stories',
    ]);
    expect(a.store.get('customEvents', event.id)?.title).toBe('Beach');

    now += 1_000;
    await a.engine.syncNow();
    expect(a.listings(EVENTS)).toBe(1);
    expect(a.store.get('customEvents', event.id)?.title).toBe('Lake');
    await a.close();
    await b.close();
  });

  it('a pulled story naming an event the device lacks lists the events in the same round', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const a = await openDevice(backend, user);
    const b = await openDevice(backend, user);
    const luna = await b.api.heroes.create(hero('Luna'));
    await a.engine.syncNow();
    const event = await b.api.customEvents.create({ title: 'Zoo', promptSeed: 'Lions' });
    const imported = await b.api.batch.importStories([
      { id: 's', heroId: luna.id, title: 'Roar', content: 'A lion.', customEventId: event.id },
    ]);
    const storyId = imported.results.created[0]?.serverId ?? '';
    a.requests.length = 0;
    await a.engine.syncNow();
    expect(a.listings(EVENTS)).toBe(1);
    expect(a.store.get('customEvents', event.id)).toMatchObject({ title: 'Zoo' });
    expect(a.store.get('stories', storyId)?.customEventId).toBe(event.id);
    await a.close();
    await b.close();
  });

  it('a story whose event was deleted remotely lists the events: the event goes at once', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const a = await openDevice(backend, user);
    const b = await openDevice(backend, user);
    const luna = await b.api.heroes.create(hero('Luna'));
    const event = await b.api.customEvents.create({ title: 'Beach', promptSeed: 'Sea' });
    const imported = await b.api.batch.importStories([
      { id: 's', heroId: luna.id, title: 'Waves', content: 'Splash.', customEventId: event.id },
    ]);
    const storyId = imported.results.created[0]?.serverId ?? '';
    await a.engine.syncNow();
    await b.api.customEvents.delete(event.id); // the server clears the story's reference
    a.requests.length = 0;
    await a.engine.syncNow();
    expect(a.listings(EVENTS)).toBe(1);
    expect(a.store.get('customEvents', event.id)).toBeUndefined();
    expect(a.store.get('stories', storyId)).toMatchObject({ customEventId: null });
    await a.close();
    await b.close();
  });

  it("a local edit of an event waits for the server's version first: both edits are kept", async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const a = await openDevice(backend, user);
    const b = await openDevice(backend, user);
    const event = await b.api.customEvents.create({ title: 'Beach', promptSeed: 'Sea' });
    await a.engine.syncNow();
    await b.api.customEvents.update(event.id, { title: 'Lake' });
    await a.store.update('customEvents', event.id, { description: 'With ducks' });
    a.requests.length = 0;
    await a.engine.syncNow();
    expect(a.listings(EVENTS)).toBe(1);
    expect(a.log().indexOf(`GET ${EVENTS}`)).toBeLessThan(
      a.log().indexOf(`PATCH ${EVENTS}/${event.id}`),
    );
    expect(backend.db.customEvents.get(event.id)).toMatchObject({
      title: 'Lake',
      description: 'With ducks',
    });
    expect(a.store.get('customEvents', event.id)).toMatchObject({
      title: 'Lake',
      description: 'With ducks',
      syncStatus: 'synced',
    });
    await a.close();
    await b.close();
  });

  it('an event deleted on another device and named by no story goes at the next round', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    let now = Date.now();
    const a = await openDevice(backend, user, { now: () => now, customEventsEveryMs: 60_000 });
    const b = await openDevice(backend, user);
    const beach = await b.api.customEvents.create({ title: 'Beach', promptSeed: 'Sea' });
    const zoo = await b.api.customEvents.create({ title: 'Zoo', promptSeed: 'Lions' });
    await a.engine.syncNow();
    expect(a.store.get('customEvents', beach.id)).toMatchObject({ title: 'Beach' });

    // Nothing changed: the round checks the count (one limit=1 request) and lists nothing.
    a.requests.length = 0;
    now += 1_000;
    await a.engine.syncNow();
    expect(a.listings(EVENTS)).toBe(0);
    expect(a.count('GET', EVENTS)).toBe(1);
    expect(a.requests).toHaveLength(3); // and one full listing of the (empty) heroes and stories

    await b.api.customEvents.delete(beach.id);
    a.requests.length = 0;
    now += 1_000; // far less than customEventsEveryMs
    await a.engine.syncNow();
    expect(a.listings(EVENTS)).toBe(1);
    expect(a.requests).toHaveLength(4); // the check, then the listing
    expect(a.store.get('customEvents', beach.id)).toBeUndefined();
    expect(a.store.get('customEvents', zoo.id)).toMatchObject({ title: 'Zoo' });

    // A new event made elsewhere moves the count too, and shows in the same way.
    const lake = await b.api.customEvents.create({ title: 'Lake', promptSeed: 'Ducks' });
    now += 1_000;
    await a.engine.syncNow();
    expect(a.store.get('customEvents', lake.id)).toMatchObject({ title: 'Lake' });
    await a.close();
    await b.close();
  });

  it('customEventsEveryMs: 0 lists them on every round', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const a = await openDevice(backend, user, { customEventsEveryMs: 0 });
    await a.engine.syncNow();
    a.requests.length = 0;
    await a.engine.syncNow();
    await a.engine.syncNow();
    expect(a.listings(EVENTS)).toBe(2);
    await a.close();
  });
});
