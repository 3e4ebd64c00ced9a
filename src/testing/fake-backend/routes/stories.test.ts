import { describe, expect, it } from 'vitest';
import { createStoryHarness, type StoryHarness } from './story-routes.harness.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

type Json = Record<string, unknown>;
function data(json: unknown): Json {
  return (json as { data: Json }).data;
}
function storiesOf(json: unknown): Json[] {
  return data(json).stories as Json[];
}

function setup(): { h: StoryHarness; alice: string; bob: string; heroId: string } {
  const h = createStoryHarness();
  const alice = h.addUser();
  const bob = h.addUser();
  const heroId = h.addHero(alice).id;
  return { h, alice, bob, heroId };
}

describe('GET /api/v1/stories', () => {
  it('answers 401 with the backend body when not signed in', async () => {
    const { h } = setup();
    const res = await h.request('GET', '/api/v1/stories');
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'Unauthorized', message: 'Authentication required' });
  });

  it('lists an empty page like fixture 115', async () => {
    const { h, alice } = setup();
    const res = await h.request('GET', '/api/v1/stories', { user: alice });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      data: { stories: [], pagination: { total: 0, limit: 50, offset: 0, hasMore: false } },
    });
  });

  it('orders by createdAt desc and includes hero and _count, only for the owner', async () => {
    const { h, alice, bob, heroId } = setup();
    const first = h.addStory(alice, heroId, { title: 'first' });
    h.clock.advance(10);
    const second = h.addStory(alice, heroId, { title: 'second' });
    h.addStory(bob, h.addHero(bob).id, { title: 'not mine' });
    const res = await h.request('GET', '/api/v1/stories', { user: alice });
    const stories = storiesOf(res.json);
    expect(stories.map((s) => s.id)).toEqual([second.id, first.id]);
    expect(stories[0]).toMatchObject({
      hero: { id: heroId, name: 'Luna', avatarUrl: null },
      _count: { illustrations: 0 },
      createdAt: expect.stringMatching(ISO),
    });
    expect(stories[0]).not.toHaveProperty('illustrations');
    expect(Object.keys(stories[0] ?? {}).slice(-2)).toEqual(['hero', '_count']);
  });

  it('clamps limit and offset like clampPagination', async () => {
    const { h, alice, heroId } = setup();
    for (let i = 0; i < 3; i++) h.addStory(alice, heroId);
    const cases: Array<[string, number, number]> = [
      ['limit=0', 50, 0],
      ['limit=-5', 1, 0],
      ['limit=abc', 50, 0],
      ['limit=1000', 100, 0],
      ['limit=2&offset=-5', 2, 0],
      ['limit=1&offset=1', 1, 1],
    ];
    for (const [query, limit, offset] of cases) {
      const res = await h.request('GET', `/api/v1/stories?${query}`, { user: alice });
      const page = data(res.json).pagination as Json;
      expect(page, query).toEqual({ total: 3, limit, offset, hasMore: offset + limit < 3 });
      expect(storiesOf(res.json)).toHaveLength(Math.min(limit, 3 - offset));
    }
  });

  it('filters by heroId, language and isFavorite=true', async () => {
    const { h, alice, heroId } = setup();
    const otherHero = h.addHero(alice, { name: 'Max' }).id;
    const fav = h.addStory(alice, heroId, { isFavorite: true });
    h.addStory(alice, heroId, { language: 'fr' });
    h.addStory(alice, otherHero);
    const byHero = await h.request('GET', `/api/v1/stories?heroId=${heroId}`, { user: alice });
    expect(storiesOf(byHero.json)).toHaveLength(2);
    const fr = await h.request('GET', '/api/v1/stories?language=fr', { user: alice });
    expect(storiesOf(fr.json).map((s) => s.language)).toEqual(['fr']);
    const favs = await h.request('GET', '/api/v1/stories?isFavorite=true', { user: alice });
    expect(storiesOf(favs.json).map((s) => s.id)).toEqual([fav.id]);
    const notFiltered = await h.request('GET', '/api/v1/stories?isFavorite=false', { user: alice });
    expect(storiesOf(notFiltered.json)).toHaveLength(3);
  });

  it('applies updatedAfter strictly, reads a no-Z value as UTC and rejects bad values', async () => {
    const { h, alice, heroId } = setup();
    const older = h.addStory(alice, heroId);
    h.clock.advance(5);
    const newer = h.addStory(alice, heroId);
    const stamp = newer.updatedAt.toISOString();
    const equal = await h.request(
      'GET',
      `/api/v1/stories?updatedAfter=${encodeURIComponent(stamp)}`,
      {
        user: alice,
      },
    );
    expect(storiesOf(equal.json)).toEqual([]);
    const before = new Date(newer.updatedAt.getTime() - 1).toISOString();
    const justBefore = await h.request('GET', `/api/v1/stories?updatedAfter=${before}`, {
      user: alice,
    });
    expect(storiesOf(justBefore.json).map((s) => s.id)).toEqual([newer.id]);
    const noZ = older.updatedAt.toISOString().slice(0, -1);
    const local = await h.request('GET', `/api/v1/stories?updatedAfter=${noZ}`, { user: alice });
    expect(storiesOf(local.json).map((s) => s.id)).toEqual([newer.id]);
    for (const bad of ['not-a-date', String(newer.updatedAt.getTime())]) {
      const res = await h.request('GET', `/api/v1/stories?updatedAfter=${bad}`, { user: alice });
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ error: 'ValidationError' });
      expect((res.json as Json).message).toContain('Invalid');
    }
  });

  it('includes illustrations unordered with signed or empty imageUrl', async () => {
    const { h, alice, heroId } = setup();
    const story = h.addStory(alice, heroId);
    const stored = h.media.put('illustration/x/1.png', 'image/png', new Uint8Array([1]));
    const at = h.clock.now();
    const base = {
      storyId: story.id,
      imagePrompt: 'p',
      sceneDescription: 's',
      audioTimestamp: 0,
      audioDuration: null,
      generationId: null,
      previousGenerationId: null,
      generationError: null,
      retryCount: 0,
      createdAt: at,
      updatedAt: at,
    } as const;
    h.db.illustrations.set('i2', {
      ...base,
      id: 'i2',
      imageUrl: '',
      displayOrder: 1,
      generationStatus: 'pending',
    });
    h.db.illustrations.set('i1', {
      ...base,
      id: 'i1',
      imageUrl: stored,
      displayOrder: 0,
      generationStatus: 'completed',
    });
    const res = await h.request('GET', '/api/v1/stories?includeIllustrations=true', {
      user: alice,
    });
    const [item] = storiesOf(res.json);
    const illustrations = item?.illustrations as Json[];
    expect(illustrations.map((i) => i.id)).toEqual(['i2', 'i1']);
    expect(illustrations[0]?.imageUrl).toBe('');
    expect(String(illustrations[1]?.imageUrl)).toContain('X-Amz-Signature=');
    expect(item?._count).toEqual({ illustrations: 2 });
    expect(Object.keys(item ?? {}).slice(-3)).toEqual(['hero', 'illustrations', '_count']);
  });

  it('signs audioUrl and hero avatar afresh on every response', async () => {
    const { h, alice } = setup();
    const avatar = h.media.put('avatar/a.png', 'image/png', new Uint8Array([1]));
    const hero = h.addHero(alice, { avatarUrl: avatar });
    const audio = h.media.put('audio/a.mp3', 'audio/mpeg', new Uint8Array([2]));
    h.addStory(alice, hero.id, { audioUrl: audio });
    const one = storiesOf((await h.request('GET', '/api/v1/stories', { user: alice })).json)[0];
    const two = storiesOf((await h.request('GET', '/api/v1/stories', { user: alice })).json)[0];
    expect(String(one?.audioUrl)).toMatch(/X-Amz-Expires=900/);
    expect(one?.audioUrl).not.toBe(two?.audioUrl);
    expect((one?.hero as Json | undefined)?.avatarUrl).not.toBe(
      (two?.hero as Json | undefined)?.avatarUrl,
    );
    expect(one?.audioUrl).not.toBe(audio);
  });
});

describe('GET /api/v1/stories/:id', () => {
  it('returns the story with the long hero include, customEvent and _count', async () => {
    const { h, alice, heroId } = setup();
    const at = h.clock.now();
    h.db.customEvents.set('ev1', {
      id: 'ev1',
      userId: alice,
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
    });
    const story = h.addStory(alice, heroId, { customEventId: 'ev1' });
    const res = await h.request('GET', `/api/v1/stories/${story.id}?includeIllustrations=true`, {
      user: alice,
    });
    expect(res.status).toBe(200);
    const body = data(res.json);
    expect(body.hero).toEqual({
      id: heroId,
      name: 'Luna',
      age: 6,
      avatarUrl: null,
      traits: ['brave', 'curious'],
    });
    expect(body.customEvent).toMatchObject({ id: 'ev1', title: 'Dragon egg' });
    expect(body.illustrations).toEqual([]);
    expect(Object.keys(body).slice(-4)).toEqual(['hero', 'customEvent', 'illustrations', '_count']);
    expect(res.json).not.toHaveProperty('message');
    const plain = await h.request('GET', `/api/v1/stories/${story.id}`, { user: alice });
    expect(data(plain.json)).not.toHaveProperty('illustrations');
    expect(data(plain.json).customEvent).toMatchObject({ id: 'ev1' });
  });

  it('answers 403 for another user and 404 for a missing story', async () => {
    const { h, alice, bob, heroId } = setup();
    const story = h.addStory(alice, heroId);
    const forbidden = await h.request('GET', `/api/v1/stories/${story.id}`, { user: bob });
    expect(forbidden.status).toBe(403);
    expect(forbidden.json).toEqual({
      error: 'Forbidden',
      message: 'You do not have access to this story',
    });
    const missing = await h.request('GET', '/api/v1/stories/cnonexistent', { user: alice });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: 'NotFound', message: 'Story not found' });
  });
});

describe('PATCH /api/v1/stories/:id', () => {
  it('ignores an empty title, applies isFavorite and bumps updatedAt (fixture 135)', async () => {
    const { h, alice, heroId } = setup();
    const story = h.addStory(alice, heroId, { title: 'Keep me', isFavorite: true });
    h.clock.advance(1000);
    const res = await h.request('PATCH', `/api/v1/stories/${story.id}`, {
      user: alice,
      body: { title: '', isFavorite: false },
    });
    expect(res.status).toBe(200);
    expect((res.json as Json).message).toBe('Story updated successfully');
    const body = data(res.json);
    expect(body).toMatchObject({
      title: 'Keep me',
      isFavorite: false,
      _count: { illustrations: 0 },
    });
    expect(body.hero).toEqual({ id: heroId, name: 'Luna', avatarUrl: null });
    expect(body.updatedAt).toBe(h.clock.now().toISOString());
  });

  it('keeps updatedAt on a no-op PATCH', async () => {
    const { h, alice, heroId } = setup();
    const story = h.addStory(alice, heroId);
    const before = story.updatedAt.toISOString();
    h.clock.advance(1000);
    for (const body of [{}, { title: '', content: '', language: '' }, { isFavorite: 'yes' }]) {
      const res = await h.request('PATCH', `/api/v1/stories/${story.id}`, { user: alice, body });
      expect(data(res.json).updatedAt).toBe(before);
    }
  });

  it('resets audio on a content change but keeps the stale audio error (fixture 141)', async () => {
    const { h, alice, heroId } = setup();
    const story = h.addStory(alice, heroId, {
      audioUrl: 'https://fake-bucket.r2.dev/audio/x.mp3',
      audioGenerationStatus: 'failed',
      audioGenerationError: 'Audio generation failed',
      audioDuration: 42.5,
    });
    const res = await h.request('PATCH', `/api/v1/stories/${story.id}`, {
      user: alice,
      body: { content: 'Rewritten content.', language: 'fr' },
    });
    expect(data(res.json)).toMatchObject({
      content: 'Rewritten content.',
      language: 'fr',
      audioUrl: null,
      audioGenerationStatus: 'pending',
      audioGenerationError: 'Audio generation failed',
      audioDuration: 42.5,
    });
  });

  it('answers 500 on malformed JSON, 400 on a non-string title, 403 and 404', async () => {
    const { h, alice, bob, heroId } = setup();
    const story = h.addStory(alice, heroId);
    const path = `/api/v1/stories/${story.id}`;
    const bad = await h.request('PATCH', path, { user: alice, rawBody: '{"title":' });
    expect(bad.status).toBe(500);
    expect(bad.json).toEqual({
      error: 'InternalServerError',
      message: 'An unexpected error occurred',
    });
    const typed = await h.request('PATCH', path, { user: alice, body: { title: 42 } });
    expect(typed.status).toBe(400);
    expect(typed.json).toMatchObject({ error: 'ValidationError' });
    expect((await h.request('PATCH', path, { user: bob, body: {} })).status).toBe(403);
    const missing = await h.request('PATCH', '/api/v1/stories/nope', { user: alice, body: {} });
    expect(missing.status).toBe(404);
    expect((await h.request('PATCH', path, { body: {} })).status).toBe(401);
  });
});

describe('DELETE /api/v1/stories/:id', () => {
  it('hard-deletes with the illustration cascade and removes media (fixtures 151–152)', async () => {
    const { h, alice, bob, heroId } = setup();
    const audio = h.media.put('audio/u/1-s.mp3', 'audio/mpeg', new Uint8Array([1]));
    const image = h.media.put('illustration/u/1-s-i.png', 'image/png', new Uint8Array([2]));
    const story = h.addStory(alice, heroId, { audioUrl: audio });
    const at = h.clock.now();
    h.db.illustrations.set('ill', {
      id: 'ill',
      storyId: story.id,
      imageUrl: image,
      imagePrompt: '',
      sceneDescription: '',
      displayOrder: 0,
      audioTimestamp: 0,
      audioDuration: null,
      generationId: null,
      previousGenerationId: null,
      generationStatus: 'completed',
      generationError: null,
      retryCount: 0,
      createdAt: at,
      updatedAt: at,
    });
    expect((await h.request('DELETE', `/api/v1/stories/${story.id}`, { user: bob })).status).toBe(
      403,
    );
    const res = await h.request('DELETE', `/api/v1/stories/${story.id}`, { user: alice });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: { id: story.id }, message: 'Story deleted successfully' });
    expect(h.db.stories.has(story.id)).toBe(false);
    expect(h.db.illustrations.has('ill')).toBe(false);
    expect(h.db.media.size).toBe(0);
    const after = await h.request('GET', `/api/v1/stories/${story.id}`, { user: alice });
    expect(after.status).toBe(404);
    const again = await h.request('DELETE', `/api/v1/stories/${story.id}`, { user: alice });
    expect(again.status).toBe(404);
  });

  it('disappears with its hero (hero cascade)', async () => {
    const { h, alice, heroId } = setup();
    const story = h.addStory(alice, heroId);
    h.db.deleteHero(heroId);
    const res = await h.request('GET', `/api/v1/stories/${story.id}`, { user: alice });
    expect(res.status).toBe(404);
    const list = await h.request('GET', '/api/v1/stories', { user: alice });
    expect(storiesOf(list.json)).toEqual([]);
  });
});

describe('POST /api/v1/stories/:id/play', () => {
  it('increments playCount, stamps lastPlayedAt and bumps updatedAt (fixture 136)', async () => {
    const { h, alice, bob, heroId } = setup();
    const story = h.addStory(alice, heroId);
    h.clock.advance(2000);
    const res = await h.request('POST', `/api/v1/stories/${story.id}/play`, { user: alice });
    expect(res.status).toBe(200);
    const now = h.clock.now().toISOString();
    expect(res.json).toEqual({ data: { id: story.id, playCount: 1, lastPlayedAt: now } });
    expect(story.updatedAt.toISOString()).toBe(now);
    const again = await h.request('POST', `/api/v1/stories/${story.id}/play`, { user: alice });
    expect(data(again.json).playCount).toBe(2);
    const since = new Date(h.clock.now().getTime() - 1).toISOString();
    const changed = await h.request('GET', `/api/v1/stories?updatedAfter=${since}`, {
      user: alice,
    });
    expect(storiesOf(changed.json)).toHaveLength(1);
    expect(
      (await h.request('POST', `/api/v1/stories/${story.id}/play`, { user: bob })).status,
    ).toBe(403);
    expect((await h.request('POST', `/api/v1/stories/${story.id}/play`)).status).toBe(401);
  });
});
