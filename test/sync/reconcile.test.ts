/**
 * Id reconciliation: remote deletes (no tombstones) are found by listing every id, on the
 * first sync and then on a schedule, with the backend's cascade; records with pending local
 * changes become conflicts instead of disappearing.
 */
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { setHeroTraits } from '../support/pull-faults.js';
import { hero, newUser, openDevice, useSyncBackend } from './support.js';

const harness = useSyncBackend();

describe('reconciliation', () => {
  it('removes a hero deleted on another device, with its stories, illustrations and profile', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const a = await openDevice(backend, user, { reconcile: { everyPulls: 1 } });
    const b = await openDevice(backend, user);
    const luna = await b.api.heroes.create(hero('Luna'));
    const max = await b.api.heroes.create(hero('Max'));
    await b.api.heroes.visualProfile.create(luna.id, { hairColor: 'red' });
    const story = await b.api.stories.generate({ heroId: luna.id, language: 'en' });
    const other = await b.api.stories.generate({ heroId: max.id, language: 'en' });
    await a.engine.syncNow();
    const illustrations = a.store.list('illustrations');
    expect(illustrations.length).toBeGreaterThan(0);
    expect(a.store.list('visualProfiles')).toHaveLength(1);
    expect(a.store.get('stories', story.id)).toBeDefined();

    await b.api.heroes.delete(luna.id);
    a.requests.length = 0;
    // Incremental: a delete leaves no trace to pull, but the server's total gives it away.
    const summary = await a.engine.syncNow();
    expect(a.listings('/api/v1/heroes')).toBe(2); // the incremental pull, then the full listing
    expect(a.store.get('heroes', luna.id)).toBeUndefined();
    expect(a.store.get('stories', story.id)).toBeUndefined();
    expect(a.store.list('visualProfiles')).toEqual([]);
    expect(a.store.list('illustrations').every((i) => i.storyId === other.id)).toBe(true);
    expect(a.store.get('heroes', max.id)).toBeDefined();
    expect(a.store.get('stories', other.id)).toBeDefined();
    expect(summary.pulled).toBeGreaterThanOrEqual(1);
    await a.close();
    await b.close();
  });

  it('a full listing keeps the records of rows it left out for failing their schema, and removes the deleted', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const a = await openDevice(backend, user, { reconcile: { everyPulls: 1 } });
    const b = await openDevice(backend, user);
    const luna = await b.api.heroes.create(hero('Luna'));
    const max = await b.api.heroes.create(hero('Max'));
    const sol = await b.api.heroes.create(hero('Sol'));
    await a.engine.syncNow();
    expect(a.store.list('heroes')).toHaveLength(3);

    backend.clock.advance(1000);
    setHeroTraits(backend, max.id, 'not a list');
    await b.api.heroes.delete(luna.id);
    await a.engine.syncNow(); // the delete check sees the total move: a full listing follows
    expect(a.store.get('heroes', luna.id)).toBeUndefined();
    expect(a.store.get('heroes', max.id)?.name).toBe('Max'); // left out, still on the server
    expect(a.store.get('heroes', sol.id)?.name).toBe('Sol');
    expect(a.engine.getSnapshot().rejectedRemote).toBe(1);
    await a.close();
    await b.close();
  });

  it('a full listing whose pages move mid-walk: a row seen twice is one record (its last copy), a hero deleted meanwhile is removed', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const a = await openDevice(backend, user);
    const b = await openDevice(backend, user);
    for (let i = 0; i < 150; i++) {
      await b.api.heroes.create(hero(`Hero ${i}`));
      backend.clock.advance(1000);
    }
    await a.engine.syncNow();
    expect(a.store.list('heroes')).toHaveLength(150);
    const local = (serverId: string) =>
      a.store.list('heroes').filter((r) => r.serverId === serverId);
    const serverRow = async (offset: number) => {
      const page = await b.api.heroes.list({ limit: 1, offset });
      return page.heroes[0] ?? { id: '', name: '' };
    };
    /** Runs `change` on the server once, when the listing asks for its second page of 100. */
    const beforePageTwo = (change: () => Promise<void>) => {
      const seen = { changed: false };
      harness.server.use(
        http.get(`${backend.baseUrl}/api/v1/heroes`, async ({ request }) => {
          if (!seen.changed && new URL(request.url).searchParams.get('offset') === '100') {
            seen.changed = true;
            await change();
          }
          return undefined;
        }),
      );
      return seen;
    };

    // A remote delete makes the delete check see the total move: the round lists every hero,
    // newest first. Before page 2 is read, the last hero of page 1 is renamed and a new hero
    // shifts the pages, so page 2 starts with that hero again, as renamed.
    await b.api.heroes.delete((await serverRow(149)).id);
    const shifted = await serverRow(99);
    const moved = beforePageTwo(async () => {
      await b.api.heroes.update(shifted.id, { name: 'Renamed' });
      backend.clock.advance(1000);
      await b.api.heroes.create(hero('Newest'));
    });
    await a.engine.syncNow();
    expect(moved.changed).toBe(true);
    expect(local(shifted.id)).toEqual([expect.objectContaining({ name: 'Renamed' })]);
    await a.engine.syncNow(); // the new hero, missed by the walk it shifted
    expect(a.store.list('heroes')).toHaveLength(150);

    // Again a full listing; before its page 2 is read, the newest hero (listed on page 1) is
    // deleted: the total shrinks, the walk starts over, and the walk that counts has no such hero.
    await b.api.heroes.delete((await serverRow(149)).id);
    const newest = await serverRow(0);
    expect(local(newest.id)).toHaveLength(1);
    const shrank = beforePageTwo(async () => {
      await b.api.heroes.delete(newest.id);
    });
    await a.engine.syncNow();
    expect(shrank.changed).toBe(true);
    expect(local(newest.id)).toEqual([]);
    expect(a.store.list('heroes')).toHaveLength(148);
    await a.close();
    await b.close();
  });

  it('a custom event deleted remotely is removed and its stories keep their text without it', async () => {
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
    expect(a.store.get('stories', storyId)?.customEventId).toBe(event.id);

    await b.api.customEvents.delete(event.id);
    await a.engine.syncNow(); // custom events are listed in full on every pull
    expect(a.store.get('customEvents', event.id)).toBeUndefined();
    expect(a.store.get('stories', storyId)).toMatchObject({
      title: 'Waves',
      customEventId: null,
      syncStatus: 'synced',
    });
    await a.close();
    await b.close();
  });

  it('a remotely deleted hero with a pending edit becomes a conflict, as do its edited stories', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const a = await openDevice(backend, user);
    const b = await openDevice(backend, user);
    const luna = await b.api.heroes.create(hero('Luna'));
    const imported = await b.api.batch.importStories([
      { id: 's1', heroId: luna.id, title: 'One', content: 'First.' },
      { id: 's2', heroId: luna.id, title: 'Two', content: 'Second.' },
    ]);
    const [edited, untouched] = imported.results.created.map((c) => c.serverId);
    await a.engine.syncNow();
    await a.store.update('heroes', luna.id, { age: 11 });
    await a.store.update('stories', edited ?? '', { title: 'One, revised' });

    await b.api.heroes.delete(luna.id);
    // The edits meet the delete when sent (404 on PATCH, or on the pre-send read of a story).
    const summary = await a.engine.syncNow();
    expect(summary).toMatchObject({ conflicts: 2, pushed: 0 });
    await a.close();
    const c = await openDevice(backend, user, { storage: a.storage }); // a restart
    const conflicts = c.engine.conflicts.list();
    expect(conflicts.map((x) => `${x.kind} ${x.collection} ${x.recordId}`).sort()).toEqual(
      [`deleted-remotely heroes ${luna.id}`, `deleted-remotely stories ${edited}`].sort(),
    );
    expect(c.store.get('heroes', luna.id)).toMatchObject({ syncStatus: 'conflict', age: 11 });
    expect(backend.db.heroes.size).toBe(0); // nothing was re-created

    // keep-remote accepts the delete on the device.
    for (const conflict of conflicts) await c.engine.conflicts.resolve(conflict.id, 'keep-remote');
    expect(c.store.get('heroes', luna.id)).toBeUndefined();
    expect(c.store.get('stories', edited ?? '')).toBeUndefined();
    expect(c.store.get('stories', untouched ?? '')).toBeUndefined(); // the server's cascade
    expect(c.store.outbox.pendingCount).toBe(0);
    expect(c.engine.getSnapshot()).toMatchObject({ conflictCount: 0, pendingCount: 0 });
    await c.close();
    await b.close();
  });
});
