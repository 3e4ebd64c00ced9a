/** Every custom-event method of the API client against the fake backend (msw). */
import { describe, expect, it } from 'vitest';
import { useContractBackend } from '../support/contract-harness.js';

const harness = useContractBackend();

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('customEvents', () => {
  it('create, get, list (favourites first), listAll, update, enhance, delete', async () => {
    const { api } = await harness.signUp();
    const minimal = await api.customEvents.create({
      title: 'First day of school',
      promptSeed: 'The hero goes to school for the first time',
    });
    expect(minimal).toMatchObject({
      description: '',
      category: 'general',
      tone: 'cheerful',
      ageRange: null,
      keywords: [],
      usageCount: 0,
      isFavorite: false,
      aiEnhanced: false,
    });
    const full = await api.customEvents.create({
      title: 'Lost tooth',
      promptSeed: 'The hero loses a tooth',
      description: 'A wobbly tooth',
      category: 'daily',
      ageRange: '4-6 years',
      tone: 'funny',
      keywords: ['tooth', 'fairy'],
    });
    await expect(api.customEvents.get(full.id)).resolves.toEqual(full);

    const favorite = await api.customEvents.update(minimal.id, {
      isFavorite: true,
      description: '',
    });
    expect(favorite.isFavorite).toBe(true);
    const page = await api.customEvents.list();
    expect(page.customEvents.map((e) => e.id)).toEqual([minimal.id, full.id]);
    expect(page.pagination).toMatchObject({ total: 2, hasMore: false });
    const daily = await api.customEvents.list({ category: 'daily' });
    expect(daily.customEvents.map((e) => e.id)).toEqual([full.id]);
    const favorites = await api.customEvents.list({ favoritesOnly: true });
    expect(favorites.customEvents.map((e) => e.id)).toEqual([minimal.id]);
    const all = await collect(api.customEvents.listAll({}, { pageSize: 1 }));
    expect(all.map((e) => e.id)).toEqual([minimal.id, full.id]);
    const pages = await collect(api.customEvents.listPages({}, { pageSize: 1 }));
    expect(pages).toHaveLength(2);

    const enhanced = await api.customEvents.enhance(full.id);
    expect(enhanced.aiEnhanced).toBe(true);
    expect(enhanced.aiEnhancementMetadata?.originalPromptSeed).toBe('The hero loses a tooth');
    await expect(api.customEvents.enhance(full.id)).rejects.toMatchObject({ status: 400 });

    await expect(api.customEvents.delete(full.id)).resolves.toEqual({ id: full.id });
    await expect(api.customEvents.get(full.id)).rejects.toMatchObject({ status: 404 });
  });

  it('deleting an event unlinks its stories and bumps their updatedAt', async () => {
    const { api } = await harness.signUp();
    const hero = await api.heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    const event = await api.customEvents.create({ title: 'Trip', promptSeed: 'A trip' });
    const story = await api.stories.generate({
      heroId: hero.id,
      language: 'en',
      customEventId: event.id,
    });
    expect(story.customEventId).toBe(event.id);
    const linked = await api.stories.get(story.id);
    expect(linked.customEvent?.id).toBe(event.id);
    await api.customEvents.delete(event.id);
    const unlinked = await api.stories.get(story.id);
    expect(unlinked.customEventId).toBeNull();
    expect(unlinked.updatedAt >= story.updatedAt).toBe(true);
  });

  it("another user's event is 403", async () => {
    const a = await harness.signUp();
    const b = await harness.signUp();
    const event = await a.api.customEvents.create({ title: 'Mine', promptSeed: 'seed' });
    await expect(b.api.customEvents.get(event.id)).rejects.toMatchObject({ status: 403 });
  });
});
