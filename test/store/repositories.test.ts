import { describe, expect, it } from 'vitest';
import { isValidationError, type ValidationError } from '../../src/errors/index.js';
import { createRepositories } from '../../src/repositories/create-repositories.js';
import { openTestStore, serverRow } from './helpers.js';

async function setup() {
  const { store, storage } = await openTestStore();
  const repos = createRepositories({
    store,
    now: () => Date.parse('2026-01-01T00:00:00.000Z'),
  });
  return { store, storage, ...repos };
}

const catchError = async (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('heroes repository', () => {
  it('validates with the server rules: ValidationError naming the field, nothing stored', async () => {
    const { heroes, store } = await setup();
    const cases: Array<[unknown, string]> = [
      [{ name: '', age: 5, traits: ['a'] }, 'name'],
      [{ name: 'x'.repeat(201), age: 5, traits: ['a'] }, 'name'],
      [{ name: 'Luna', age: 2, traits: ['a'] }, 'age'],
      [{ name: 'Luna', age: 13, traits: ['a'] }, 'age'],
      [{ name: 'Luna', age: 5.5, traits: ['a'] }, 'age'],
      [{ name: 'Luna', age: 5, traits: [] }, 'traits'],
      [{ name: 'Luna', age: 5, traits: Array(21).fill('a') }, 'traits'],
      [{ name: 'Luna', age: 5, traits: ['x'.repeat(101)] }, 'traits.0'],
      [{ name: 'Luna', age: 5, traits: ['a'], hairColor: 'x'.repeat(51) }, 'hairColor'],
    ];
    for (const [input, field] of cases) {
      const error = await catchError(heroes.create(input as never));
      expect(isValidationError(error), JSON.stringify(input)).toBe(true);
      expect((error as ValidationError).field).toBe(field);
    }
    expect(heroes.list()).toEqual([]);
    expect(store.outbox.pendingCount).toBe(0);

    const luna = await heroes.create({ name: 'Luna', age: 5, traits: ['brave'] });
    const error = await catchError(heroes.update(luna.id, { hairColor: '' }));
    expect((error as ValidationError).field).toBe('hairColor');
    expect(store.outbox.entries()).toHaveLength(1);
    expect(((await catchError(heroes.update('nope', { age: 5 }))) as ValidationError).field).toBe(
      'id',
    );
  });

  it('creates, updates, deletes optimistically with local ids and server-shaped records', async () => {
    const { heroes, store } = await setup();
    const luna = await heroes.create({
      name: 'Luna',
      age: 5,
      traits: ['brave'],
      unknown: 1,
    } as never);
    expect(luna).toMatchObject({
      name: 'Luna',
      serverId: null,
      syncStatus: 'pendingCreate',
      syncError: null,
      hairColor: null,
      avatarUrl: null,
      userId: 'user-a',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(luna).not.toHaveProperty('unknown');
    expect(Object.isFrozen(luna)).toBe(true);
    // The outbox sends only what the app gave (plus local timestamps the client strips).
    expect(store.outbox.entries()[0]?.patch).toEqual({
      name: 'Luna',
      age: 5,
      traits: ['brave'],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    const updated = await heroes.update(luna.id, { age: 6 });
    expect(updated.age).toBe(6);
    expect(heroes.get(luna.id)).toBe(updated);
    await heroes.delete(luna.id);
    expect(heroes.get(luna.id)).toBeUndefined();
    expect(store.outbox.pendingCount).toBe(0);
  });

  it('lists and observes with sorting and paging', async () => {
    const { heroes, store } = await setup();
    await store.applyServerRows('heroes', [
      serverRow('h1', { name: 'Cleo', age: 9, traits: ['a'] }, '2026-01-01T00:00:00.000Z'),
      serverRow('h2', { name: 'Ada', age: 4, traits: ['a'] }, '2026-01-02T00:00:00.000Z'),
      serverRow('h3', { name: 'Bo', age: 7, traits: ['a'] }, '2026-01-03T00:00:00.000Z'),
    ]);
    expect(heroes.list({ orderBy: 'name' }).map((h) => h.name)).toEqual(['Ada', 'Bo', 'Cleo']);
    expect(heroes.list({ orderBy: 'age', direction: 'desc', limit: 2 }).map((h) => h.age)).toEqual([
      9, 7,
    ]);
    expect(heroes.list({ orderBy: 'updatedAt', offset: 1 }).map((h) => h.id)).toEqual(['h2', 'h1']);
    expect(isValidationError(catchSync(() => heroes.list({ limit: -1 })))).toBe(true);
    const live = heroes.observe({ orderBy: 'name' });
    let calls = 0;
    live.subscribe(() => calls++);
    await heroes.update('h3', { name: 'Aaron' });
    expect(calls).toBe(1);
    expect(live.getSnapshot().map((h) => h.name)).toEqual(['Aaron', 'Ada', 'Cleo']);
  });
});

function catchSync(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('stories repository', () => {
  it('filters by hero, favourites and language, sorts and pages; no offline create', async () => {
    const { stories, store } = await setup();
    const row = (
      id: string,
      heroId: string,
      fields: Record<string, string | boolean>,
      at: string,
    ) =>
      serverRow(
        id,
        { heroId, title: id, language: 'en', isFavorite: false, createdAt: at, ...fields },
        at,
      );
    await store.applyServerRows('stories', [
      row('s1', 'h1', { isFavorite: true }, '2026-01-01T00:00:00.000Z'),
      row('s2', 'h1', { language: 'fr' }, '2026-01-02T00:00:00.000Z'),
      row('s3', 'h2', { isFavorite: true, language: 'fr' }, '2026-01-03T00:00:00.000Z'),
    ]);
    expect(stories.list().map((s) => s.id)).toEqual(['s3', 's2', 's1']);
    expect(stories.list({ heroId: 'h1' }).map((s) => s.id)).toEqual(['s2', 's1']);
    expect(stories.list({ favoritesOnly: true }).map((s) => s.id)).toEqual(['s3', 's1']);
    expect(stories.list({ language: 'fr', heroId: 'h1' }).map((s) => s.id)).toEqual(['s2']);
    expect(stories.list({ orderBy: 'title', limit: 1, offset: 1 }).map((s) => s.id)).toEqual([
      's2',
    ]);
    expect('create' in stories).toBe(false);

    const favourites = stories.observe({ favoritesOnly: true });
    const seen: string[][] = [];
    favourites.subscribe(() => seen.push(favourites.getSnapshot().map((s) => s.id)));
    await stories.update('s2', { isFavorite: true });
    await stories.update('s2', { title: 'renamed' });
    await stories.delete('s1');
    expect(seen).toEqual([
      ['s3', 's2', 's1'],
      ['s3', 's2', 's1'],
      ['s3', 's2'],
    ]);
    expect(((await catchError(stories.update('s2', { title: '' }))) as ValidationError).field).toBe(
      'title',
    );
  });
});

describe('custom events repository', () => {
  it('filters by category and favourites, in the server order, locally created ones included', async () => {
    const { customEvents, store } = await setup();
    await store.applyServerRows('customEvents', [
      serverRow('e1', { title: 'A', category: 'general', isFavorite: false, usageCount: 5 }),
      serverRow('e2', {
        title: 'B',
        category: 'adventure',
        isFavorite: true,
        usageCount: 0,
        createdAt: '2025-12-01T00:00:00.000Z',
      }),
    ]);
    const local = await customEvents.create({ title: 'C', promptSeed: 'seed' });
    expect(local).toMatchObject({ category: 'general', tone: 'cheerful', isFavorite: false });
    expect(customEvents.list().map((e) => e.title)).toEqual(['B', 'A', 'C']);
    expect(customEvents.list({ category: 'general' }).map((e) => e.title)).toEqual(['A', 'C']);
    await customEvents.update(local.id, { isFavorite: true });
    expect(customEvents.list({ favoritesOnly: true }).map((e) => e.title)).toEqual(['C', 'B']);
    expect(customEvents.list({ orderBy: 'title' }).map((e) => e.title)).toEqual(['A', 'B', 'C']);
    const error = await catchError(customEvents.create({ title: 'x', promptSeed: '' }));
    expect((error as ValidationError).field).toBe('promptSeed');
  });
});

describe('visual profiles repository (1:1 with a hero)', () => {
  it('creates, reads, updates and deletes by hero id; refuses a second profile', async () => {
    const { heroes, visualProfiles, store } = await setup();
    const hero = await heroes.create({ name: 'Luna', age: 5, traits: ['brave'] });
    const live = visualProfiles.observe(hero.id);
    const created = await visualProfiles.create(hero.id, { hairColor: 'red' });
    expect(created).toMatchObject({ heroId: hero.id, hairColor: 'red', eyeColor: null });
    expect(live.getSnapshot()).toBe(created);
    const second = await catchError(visualProfiles.create(hero.id, {}));
    expect((second as ValidationError).field).toBe('heroId');
    const missingHero = await catchError(visualProfiles.create('nope', {}));
    expect((missingHero as ValidationError).field).toBe('heroId');
    await visualProfiles.update(hero.id, { eyeColor: 'green' });
    expect(visualProfiles.get(hero.id)).toMatchObject({ hairColor: 'red', eyeColor: 'green' });
    expect(store.outbox.entries().map((e) => e.op)).toEqual(['create', 'create']);
    await visualProfiles.delete(hero.id);
    expect(visualProfiles.get(hero.id)).toBeUndefined();
    expect(live.getSnapshot()).toBeUndefined();
  });
});

describe('illustrations repository (read-only)', () => {
  it('lists a story’s illustrations in display order', async () => {
    const { illustrations, store } = await setup();
    await store.applyServerRows('illustrations', [
      serverRow('i2', { storyId: 's1', displayOrder: 1 }),
      serverRow('i1', { storyId: 's1', displayOrder: 0 }),
      serverRow('i3', { storyId: 's2', displayOrder: 0 }),
    ]);
    expect(illustrations.list('s1').map((i) => i.id)).toEqual(['i1', 'i2']);
    expect(
      illustrations
        .observe('s2')
        .getSnapshot()
        .map((i) => i.id),
    ).toEqual(['i3']);
    expect('create' in illustrations).toBe(false);
  });
});
