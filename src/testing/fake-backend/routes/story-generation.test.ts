import { describe, expect, it } from 'vitest';
import type { CustomEventRow } from '../state.js';
import { createStoryHarness, type StoryHarness } from './story-routes.harness.js';

type Json = Record<string, unknown>;
function data(json: unknown): Json {
  return (json as { data: Json }).data;
}

const RATE_LIMIT_MESSAGE =
  /^Rate limit exceeded for story_generation\. Resets at \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\. Limit: 5 requests per hour\.$/;

function setup() {
  const h = createStoryHarness();
  const alice = h.addUser();
  const bob = h.addUser();
  const hero = h.addHero(alice, { name: 'Luna', age: 6, traits: ['brave', 'curious'] });
  return { h, alice, bob, hero };
}

function usage(h: StoryHarness, userId: string) {
  return h.db.apiUsage.filter(
    (row) => row.userId === userId && row.operation === 'story_generation',
  );
}

function customEvent(h: StoryHarness, userId: string): CustomEventRow {
  const at = h.clock.now();
  const row: CustomEventRow = {
    id: h.context.newId(),
    userId,
    title: 'Dragon egg',
    description: '',
    promptSeed: 'a dragon egg',
    category: 'general',
    ageRange: null,
    tone: 'cheerful',
    pictogramEmoji: null,
    pictogramSymbols: null,
    aiEnhanced: false,
    aiEnhancementMetadata: null,
    keywords: [],
    usageCount: 0,
    isFavorite: false,
    lastUsedAt: null,
    createdAt: at,
    updatedAt: at,
  };
  h.db.customEvents.set(row.id, row);
  return row;
}

describe('POST /api/v1/stories (generation)', () => {
  it('creates the story with scene placeholders and answers 201 with the raw first row', async () => {
    const { h, alice, hero } = setup();
    const res = await h.request('POST', '/api/v1/stories', {
      user: alice,
      body: { heroId: hero.id, language: 'en', eventType: 'Bedtime Adventure', title: 'ignored' },
    });
    expect(res.status).toBe(201);
    expect((res.json as Json).message).toBe('Story generated successfully');
    const story = data(res.json);
    expect(story).not.toHaveProperty('hero');
    expect(story).not.toHaveProperty('illustrations');
    expect(story).toMatchObject({
      heroId: hero.id,
      userId: alice,
      title: "Luna's Bedtime Adventure",
      language: 'en',
      eventType: 'Bedtime Adventure',
      customEventId: null,
      audioUrl: null,
      audioGenerationStatus: 'pending',
      illustrationStatus: 'pending',
      illustrationCount: 0,
      playCount: 0,
      isFavorite: false,
    });
    expect(String(story.id)).toMatch(/^c[0-9a-z]{24}$/);
    const scenes = String(story.content).split('\n\n');
    expect(scenes.length).toBeGreaterThanOrEqual(2);
    expect(scenes.length).toBeLessThanOrEqual(4);
    expect(story.generationMetadata).toEqual({
      prompt: {
        heroName: 'Luna',
        heroAge: 6,
        heroTraits: ['brave', 'curious'],
        eventType: 'Bedtime Adventure',
      },
      scenesExtracted: scenes.length,
    });
    const placeholders = [...h.db.illustrations.values()].filter((i) => i.storyId === story.id);
    expect(placeholders).toHaveLength(scenes.length);
    expect(placeholders.map((p) => [p.displayOrder, p.imageUrl, p.generationStatus])).toEqual(
      scenes.map((_, i) => [i, '', 'pending']),
    );
    // The stored row has the scene count; the response showed the row as first created.
    expect(h.db.stories.get(String(story.id))?.illustrationCount).toBe(scenes.length);
    const user = h.users.get(alice);
    expect(user?.totalStoriesGenerated).toBe(1);
    expect(user?.lastStoryGeneratedAt?.toISOString()).toBe(h.clock.now().toISOString());
    expect(usage(h, alice).map((row) => row.success)).toEqual([true]);
  });

  it('is deterministic and derives the title from a custom prompt', async () => {
    const { h, alice, hero } = setup();
    const body = { heroId: hero.id, language: 'fr', customPrompt: 'un voyage vers la lune' };
    const one = data((await h.request('POST', '/api/v1/stories', { user: alice, body })).json);
    const two = data((await h.request('POST', '/api/v1/stories', { user: alice, body })).json);
    expect(one.title).toBe('Luna et un voyage vers la lune');
    expect(one.content).toBe(two.content);
    expect(one.id).not.toBe(two.id);
    expect((one.generationMetadata as Json).prompt).toMatchObject({
      customPrompt: 'un voyage vers la lune',
    });
  });

  it('answers 400 with the exact message and writes no usage row (fixture 116)', async () => {
    const { h, alice } = setup();
    const res = await h.request('POST', '/api/v1/stories', { user: alice, body: {} });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: 'ValidationError',
      message: 'Missing required fields: heroId, language',
    });
    const one = await h.request('POST', '/api/v1/stories', { user: alice, body: { heroId: 'x' } });
    expect((one.json as Json).message).toBe('Missing required fields: language');
    expect(usage(h, alice)).toEqual([]);
  });

  it('answers 500 on malformed JSON and counts it as a failed attempt (fixtures 117, 165)', async () => {
    const { h, alice } = setup();
    for (const rawBody of ['{"heroId":', '{', '', 'null']) {
      const res = await h.request('POST', '/api/v1/stories', { user: alice, rawBody });
      expect(res.status).toBe(500);
      expect(res.json).toEqual({
        error: 'InternalServerError',
        message: 'An unexpected error occurred',
      });
    }
    expect(usage(h, alice).map((row) => row.success)).toEqual([false, false, false, false]);
  });

  it('locks generation after five bad bodies, 429s add failed rows (fixtures 165–169)', async () => {
    const { h, bob } = setup();
    const hero = h.addHero(bob);
    for (let i = 0; i < 5; i++) {
      await h.request('POST', '/api/v1/stories', { user: bob, rawBody: '{' });
    }
    const limited = await h.request('POST', '/api/v1/stories', {
      user: bob,
      body: { heroId: hero.id, language: 'en', eventType: 'Bedtime Adventure' },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
    const body = limited.json as Json;
    expect(Object.keys(body)).toEqual(['error', 'message']);
    expect(body.error).toBe('RateLimitExceeded');
    expect(String(body.message)).toMatch(RATE_LIMIT_MESSAGE);
    const resetAt = new Date(h.clock.now().getTime() + 3600_000).toISOString();
    expect(body.message).toContain(`Resets at ${resetAt}.`);
    await h.request('POST', '/api/v1/stories', {
      user: bob,
      body: { heroId: hero.id, language: 'en' },
    });
    expect(usage(h, bob)).toHaveLength(7);
    expect(usage(h, bob).every((row) => !row.success)).toBe(true);
    expect([...h.db.stories.values()]).toEqual([]);
    // The rolling hour passes: generation works again.
    h.clock.advance(3600_001);
    const later = await h.request('POST', '/api/v1/stories', {
      user: bob,
      body: { heroId: hero.id, language: 'en' },
    });
    expect(later.status).toBe(201);
  });

  it("answers 403 for another user's hero and 404 for a missing one, without a row (118)", async () => {
    const { h, alice, bob, hero } = setup();
    const forbidden = await h.request('POST', '/api/v1/stories', {
      user: bob,
      body: { heroId: hero.id, language: 'en', eventType: 'Bedtime Adventure' },
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json).toEqual({
      error: 'Forbidden',
      message: 'You do not have access to this hero',
    });
    const missing = await h.request('POST', '/api/v1/stories', {
      user: alice,
      body: { heroId: 'cnonexistent000000000000000', language: 'en' },
    });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: 'NotFound', message: 'Hero not found' });
    expect(usage(h, bob)).toEqual([]);
    expect(usage(h, alice)).toEqual([]);
    const typed = await h.request('POST', '/api/v1/stories', {
      user: alice,
      body: { heroId: 42, language: 'en' },
    });
    expect(typed.status).toBe(400);
    expect(usage(h, alice)).toHaveLength(1);
  });

  it('checks the custom event after generation and counts its use', async () => {
    const { h, alice, bob, hero } = setup();
    const event = customEvent(h, alice);
    h.clock.advance(500);
    const res = await h.request('POST', '/api/v1/stories', {
      user: alice,
      body: { heroId: hero.id, language: 'en', customEventId: event.id },
    });
    expect(res.status).toBe(201);
    expect(data(res.json).customEventId).toBe(event.id);
    expect(event.usageCount).toBe(1);
    expect(event.lastUsedAt?.toISOString()).toBe(h.clock.now().toISOString());
    const missing = await h.request('POST', '/api/v1/stories', {
      user: alice,
      body: { heroId: hero.id, language: 'en', customEventId: 'cmissing' },
    });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: 'NotFound', message: 'Custom event not found' });
    const bobsEvent = customEvent(h, bob);
    const foreign = await h.request('POST', '/api/v1/stories', {
      user: alice,
      body: { heroId: hero.id, language: 'en', customEventId: bobsEvent.id },
    });
    expect(foreign.status).toBe(403);
    expect(h.db.stories.size).toBe(1);
  });

  it('waits for the configured latency and gives up when the request aborts', async () => {
    const { h, alice, hero } = setup();
    h.setLatency(30);
    const started = Date.now();
    const ok = await h.request('POST', '/api/v1/stories', {
      user: alice,
      body: { heroId: hero.id, language: 'en' },
    });
    expect(ok.status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    h.setLatency(5_000);
    const controller = new AbortController();
    const pending = h.request('POST', '/api/v1/stories', {
      user: alice,
      body: { heroId: hero.id, language: 'en' },
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 10);
    const aborted = await pending;
    expect(aborted.status).toBe(500);
    expect(h.db.stories.size).toBe(1);
    expect(usage(h, alice).map((row) => row.success)).toEqual([true, false]);
  });

  it('rejects wrongly typed ids and strings like Prisma would, counting the attempt', async () => {
    const { h, alice, hero } = setup();
    for (const body of [
      { heroId: hero.id, language: 'en', customEventId: 12 },
      { heroId: hero.id, language: ['en'] },
      { heroId: hero.id, language: 'en', eventType: { a: 1 } },
    ]) {
      const res = await h.request('POST', '/api/v1/stories', { user: alice, body });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: 'ValidationError' });
      expect(String((res.json as Json).message)).toContain('Invalid `prisma.');
    }
    expect(usage(h, alice).map((row) => row.success)).toEqual([false, false, false]);
    expect(h.db.stories.size).toBe(0);
  });

  it('answers 401 without a session', async () => {
    const { h, hero } = setup();
    const res = await h.request('POST', '/api/v1/stories', { body: { heroId: hero.id } });
    expect(res.status).toBe(401);
  });
});
