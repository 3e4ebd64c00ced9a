import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { openLocalStore } from '../../src/store/local-store.js';
import { openTestStore, serverRow } from './helpers.js';

const hero = (name: string) => ({ name, age: 5, traits: ['brave'] });

describe('live queries', () => {
  it('notify in the same tick as the write, before its promise resolves', async () => {
    const { store } = await openTestStore();
    const query = store.observe('heroes');
    const timeline: string[] = [];
    query.subscribe(() => timeline.push(`listener:${query.getSnapshot().length}`));
    const promise = store.create('heroes', hero('Luna')).then(() => timeline.push('resolved'));
    timeline.push('after-call');
    await promise;
    expect(timeline).toEqual(['listener:1', 'after-call', 'resolved']);
  });

  it('fire once per committed change that alters the result, never for unrelated writes', async () => {
    const { store } = await openTestStore();
    await store.applyServerRows('stories', [
      serverRow('s1', { heroId: 'h1', title: 'A', isFavorite: false, language: 'en' }),
      serverRow('s2', { heroId: 'h2', title: 'B', isFavorite: false, language: 'en' }),
    ]);
    const ofHero1 = store.observe('stories', { where: { heroId: 'h1' } });
    const favourites = store.observe('stories', { where: { isFavorite: true } });
    let hero1Calls = 0;
    let favCalls = 0;
    ofHero1.subscribe(() => hero1Calls++);
    favourites.subscribe(() => favCalls++);

    await store.create('heroes', hero('Unrelated collection'));
    await store.update('stories', 's2', { title: 'B2' }); // other hero, not a favourite
    expect([hero1Calls, favCalls]).toEqual([0, 0]);

    await store.update('stories', 's1', { title: 'A2' });
    expect([hero1Calls, favCalls]).toEqual([1, 0]);

    await store.update('stories', 's2', { isFavorite: true });
    expect([hero1Calls, favCalls]).toEqual([1, 1]);
    expect(favourites.getSnapshot().map((s) => s.id)).toEqual(['s2']);

    // One commit touching two matching records → one notification.
    await store.applyServerRows('stories', [
      serverRow('s3', { heroId: 'h1', title: 'C', isFavorite: false, language: 'en' }),
      serverRow('s4', { heroId: 'h1', title: 'D', isFavorite: false, language: 'en' }),
    ]);
    expect(hero1Calls).toBe(2);
    expect(ofHero1.getSnapshot()).toHaveLength(3);
  });

  it('do not fire when a change leaves the visible result identical (outside limit)', async () => {
    const { store } = await openTestStore();
    await store.applyServerRows(
      'heroes',
      ['a', 'b', 'c'].map((name, i) =>
        serverRow(`h${i}`, hero(name), `2026-01-0${i + 1}T00:00:00.000Z`),
      ),
    );
    const firstTwo = store.observe('heroes', {
      orderBy: [{ field: 'name', direction: 'asc' }],
      limit: 2,
    });
    let calls = 0;
    firstTwo.subscribe(() => calls++);
    const before = firstTwo.getSnapshot();
    await store.update('heroes', 'h2', { age: 9 }); // "c" is outside the first two
    expect(calls).toBe(0);
    expect(firstTwo.getSnapshot()).toBe(before);
    await store.update('heroes', 'h0', { age: 9 });
    expect(calls).toBe(1);
  });

  it('snapshots are the same object while nothing changed (useSyncExternalStore-safe)', async () => {
    const { store } = await openTestStore();
    const query = store.observe('heroes');
    const empty = query.getSnapshot();
    expect(query.getSnapshot()).toBe(empty);
    await store.create('customEvents', { title: 'x', promptSeed: 'y' });
    expect(query.getSnapshot()).toBe(empty); // unsubscribed: recomputed, but equal → same object
    const created = await store.create('heroes', hero('Luna'));
    const one = query.getSnapshot();
    expect(one).not.toBe(empty);
    expect(query.getSnapshot()).toBe(one);
    expect(Object.isFrozen(one)).toBe(true);
    expect(Object.isFrozen(one[0])).toBe(true);
    expect(Object.isFrozen(one[0]?.traits)).toBe(true);
    // Records are the same objects as long as they did not change.
    expect(store.get('heroes', created.id)).toBe(one[0]);
  });

  it('observeRecord follows one record, including its hiding on delete', async () => {
    const { store } = await openTestStore();
    const a = await store.create('heroes', hero('A'));
    const b = await store.create('heroes', hero('B'));
    const live = store.observeRecord('heroes', a.id);
    const seen: unknown[] = [];
    live.subscribe(() => seen.push(live.getSnapshot()?.age));
    await store.update('heroes', b.id, { age: 8 });
    expect(seen).toEqual([]);
    await store.update('heroes', a.id, { age: 8 });
    await store.delete('heroes', a.id);
    expect(seen).toEqual([8, undefined]);
  });

  it('unsubscribe stops notifications and a throwing listener does not break the write', async () => {
    const errors: unknown[] = [];
    const { store } = await openTestStore();
    const other = await openLocalStore({
      storage: memoryStorage(),
      userId: 'u',
      onListenerError: (e) => errors.push(e),
    });
    other.observe('heroes').subscribe(() => {
      throw new Error('boom');
    });
    await expect(other.create('heroes', hero('A'))).resolves.toMatchObject({ name: 'A' });
    expect(errors).toHaveLength(1);

    let calls = 0;
    const unsubscribe = store.observe('heroes').subscribe(() => calls++);
    await store.create('heroes', hero('A'));
    unsubscribe();
    await store.create('heroes', hero('B'));
    expect(calls).toBe(1);
  });
});
