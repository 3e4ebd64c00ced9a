/** Every stories method of the API client against the fake backend (msw). */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../src/api/api-client.js';
import type { Hero } from '../../src/schemas/hero.js';
import { useContractBackend } from '../support/contract-harness.js';

const harness = useContractBackend();

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

let api: ApiClient;
let hero: Hero;

beforeAll(async () => {
  ({ api } = await harness.signUp('Story Teller'));
  hero = await api.heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
});

describe('stories', () => {
  it('generate returns the raw row as first created, then list/get/listAll see it', async () => {
    const story = await api.stories.generate({
      heroId: hero.id,
      language: 'en',
      eventType: 'Bedtime Adventure',
    });
    expect(story).toMatchObject({
      heroId: hero.id,
      language: 'en',
      audioGenerationStatus: 'pending',
      illustrationCount: 0,
    });
    expect(['none', 'pending']).toContain(story.illustrationStatus);
    expect('hero' in story).toBe(false);

    const page = await api.stories.list({ heroId: hero.id, includeIllustrations: true });
    expect(page.stories.map((s) => s.id)).toContain(story.id);
    expect(page.stories[0]?.hero).toEqual({ id: hero.id, name: 'Luna', avatarUrl: null });
    expect(Array.isArray(page.stories[0]?.illustrations)).toBe(true);

    const detail = await api.stories.get(story.id, { includeIllustrations: true });
    expect(detail.hero).toMatchObject({ id: hero.id, age: 6, traits: ['brave'] });
    expect(detail.customEvent).toBeNull();
    const orders = (detail.illustrations ?? []).map((i) => i.displayOrder);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));

    const all = await collect(api.stories.listAll({ heroId: hero.id }, { pageSize: 1 }));
    expect(all.map((s) => s.id)).toContain(story.id);
    const pages = await collect(api.stories.listPages({ language: 'en' }, { pageSize: 1 }));
    expect(pages.length).toBe(all.length);
  });

  it('update of content resets the audio; play counts; delete removes', async () => {
    const story = await api.stories.generate({ heroId: hero.id, language: 'en' });
    const played = await api.stories.play(story.id);
    expect(played).toMatchObject({ id: story.id, playCount: 1 });
    const updated = await api.stories.update(story.id, { content: 'Rewritten.', isFavorite: true });
    expect(updated).toMatchObject({
      content: 'Rewritten.',
      isFavorite: true,
      audioUrl: null,
      audioGenerationStatus: 'pending',
      playCount: 1,
    });
    expect(updated._count.illustrations).toBeGreaterThanOrEqual(0);
    const favorites = await api.stories.list({ isFavorite: true });
    expect(favorites.stories.map((s) => s.id)).toContain(story.id);
    const later = await api.stories.list({ updatedAfter: story.updatedAt });
    expect(later.stories.map((s) => s.id)).toContain(story.id);
    await expect(api.stories.delete(story.id)).resolves.toEqual({ id: story.id });
    await expect(api.stories.get(story.id)).rejects.toMatchObject({
      status: 404,
      code: 'NotFound',
    });
  });

  it('audio: get the status, generate, get the signed URL', async () => {
    const story = await api.stories.generate({ heroId: hero.id, language: 'en' });
    const before = await api.stories.getAudio(story.id);
    expect(before).toMatchObject({ audioUrl: null, status: 'pending' });
    const generated = await api.stories.generateAudio(story.id, { voice: 'nova' });
    expect(generated.status).toBe('completed');
    expect(generated.audioUrl).toMatch(/^https?:\/\//);
    const after = await api.stories.getAudio(story.id);
    expect(after.status).toBe('completed');
    expect(after.audioUrl).not.toBeNull();
  });

  it('illustrations: list, status, generate', async () => {
    const story = await api.stories.generate({ heroId: hero.id, language: 'en' });
    expect(story.illustrationStatus).toBe('pending');
    const listed = await api.stories.illustrations(story.id);
    expect(listed.total).toBeGreaterThan(0);
    expect(listed.total).toBe(listed.illustrations.length);
    expect(listed.illustrations.every((i) => i.imageUrl === null)).toBe(true);
    const status = await api.stories.illustrationStatus(story.id);
    expect(status).toMatchObject({ total: listed.total, pending: listed.total, progress: 0 });
    const result = await api.stories.generateIllustrations(story.id, { maxIllustrations: 10 });
    expect(result.generated + result.failed).toBe(listed.total);
    const done = await api.stories.illustrationStatus(story.id);
    expect(done.completed).toBe(result.generated);
    expect(done.progress).toBeGreaterThan(0);
    const withImages = await api.stories.illustrations(story.id);
    expect(withImages.illustrations.some((i) => typeof i.imageUrl === 'string')).toBe(true);
  });

  it('a story without scenes cannot be illustrated (400)', async () => {
    const imported = await api.batch.importStories([
      { id: 'local-1', heroId: hero.id, title: 'Imported', content: 'No scenes here.' },
    ]);
    const storyId = imported.results.created[0]?.serverId ?? '';
    await expect(api.stories.generateIllustrations(storyId)).rejects.toMatchObject({
      name: 'HttpError',
      status: 400,
      code: 'ValidationError',
    });
  });

  it('a hero of someone else is 403; the 6th generation in an hour is 429', async () => {
    const other = await harness.signUp('Other');
    await expect(
      other.api.stories.generate({ heroId: hero.id, language: 'en' }),
    ).rejects.toMatchObject({
      status: 403,
    });
    const { api: fresh } = await harness.signUp('Limited');
    const own = await fresh.heroes.create({ name: 'Solo', age: 7, traits: ['t'] });
    for (let i = 0; i < 5; i++) await fresh.stories.generate({ heroId: own.id, language: 'en' });
    await expect(fresh.stories.generate({ heroId: own.id, language: 'en' })).rejects.toMatchObject({
      name: 'RateLimitError',
      limitedOperation: 'story_generation',
      limit: 5,
    });
  });
});
