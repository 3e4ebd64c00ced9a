import { beforeAll, describe, expect, it } from 'vitest';
import { createFakeBackend, type FakeBackend } from '../../src/testing/index.js';
import { CUID, call, createHero, newUser } from './harness.js';

describe('custom event routes (CONTRACT.md §5.3, §11.2 C17)', () => {
  let backend: FakeBackend;
  let other: string;

  beforeAll(async () => {
    backend = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
    ({ token: other } = await newUser(backend, 'Other'));
  });

  async function create(token: string, body: Record<string, unknown>) {
    const reply = await call(backend, 'POST', '/api/v1/custom-events', { token, body });
    expect(reply.status).toBe(201);
    return reply.body.data;
  }

  it('creates with defaults and ignores isFavorite, usageCount and pictograms', async () => {
    const { token, userId } = await newUser(backend);
    const minimal = await call(backend, 'POST', '/api/v1/custom-events', {
      token,
      body: { title: 'First day of school', promptSeed: 'The hero goes to school' },
    });
    expect(minimal.status).toBe(201);
    expect(minimal.body.message).toBe('Custom event created successfully');
    expect(minimal.body.data).toMatchObject({
      userId,
      title: 'First day of school',
      description: '',
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
    });
    expect(minimal.body.data.id).toMatch(CUID);
    const full = await create(token, {
      title: 'Lost tooth',
      promptSeed: 'The hero loses a tooth',
      description: 'A wobbly tooth',
      category: 'daily',
      ageRange: '4-6 years',
      tone: 'funny',
      keywords: ['tooth', 'fairy'],
      isFavorite: true,
      usageCount: 99,
      pictogramEmoji: 'x',
    });
    expect(full).toMatchObject({
      category: 'daily',
      ageRange: '4-6 years',
      isFavorite: false,
      usageCount: 0,
    });
    expect(full.pictogramEmoji).toBeNull();
  });

  it('validates create by hand, not with zod; malformed JSON is a 500', async () => {
    const { token } = await newUser(backend);
    const cases: [unknown, string][] = [
      [{ title: 'No seed' }, 'Missing required fields: promptSeed'],
      [{}, 'Missing required fields: title, promptSeed'],
      [{ title: 'x'.repeat(201), promptSeed: 'p' }, 'Title must be between 1 and 200 characters'],
      [
        { title: 't', promptSeed: 'p'.repeat(2001) },
        'Prompt seed must be between 1 and 2000 characters',
      ],
    ];
    for (const [body, message] of cases) {
      const reply = await call(backend, 'POST', '/api/v1/custom-events', { token, body });
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({ error: 'ValidationError', message });
    }
    const wrongType = await call(backend, 'POST', '/api/v1/custom-events', {
      token,
      body: { title: 5, promptSeed: 'p' },
    });
    expect(wrongType.status).toBe(400);
    const malformed = await call(backend, 'POST', '/api/v1/custom-events', { token, raw: 'nope' });
    expect(malformed.status).toBe(500);
    expect(malformed.body).toEqual({
      error: 'InternalServerError',
      message: 'An unexpected error occurred',
    });
  });

  it('lists by isFavorite, usageCount, createdAt (all desc), unclamped limit, with filters', async () => {
    const { token } = await newUser(backend);
    const a = await create(token, { title: 'A', promptSeed: 'a', category: 'daily' });
    backend.clock.advance(5);
    const b = await create(token, { title: 'B', promptSeed: 'b' });
    backend.clock.advance(5);
    const c = await create(token, { title: 'C', promptSeed: 'c' });
    const list = async (query = '') =>
      (await call(backend, 'GET', `/api/v1/custom-events${query}`, { token })).body.data;
    expect((await list()).customEvents.map((e: { id: string }) => e.id)).toEqual([
      c.id,
      b.id,
      a.id,
    ]);
    const row = backend.db.customEvents.get(a.id);
    if (row) row.usageCount = 3;
    expect((await list()).customEvents.map((e: { id: string }) => e.id)).toEqual([
      a.id,
      c.id,
      b.id,
    ]);
    await call(backend, 'PATCH', `/api/v1/custom-events/${b.id}`, {
      token,
      body: { isFavorite: true },
    });
    expect((await list()).customEvents.map((e: { id: string }) => e.id)).toEqual([
      b.id,
      a.id,
      c.id,
    ]);
    const big = await list('?limit=1000');
    expect(big.pagination).toEqual({ total: 3, limit: 1000, offset: 0, hasMore: false });
    const paged = await list('?limit=1&offset=1');
    expect(paged.customEvents.map((e: { id: string }) => e.id)).toEqual([a.id]);
    expect(paged.pagination).toEqual({ total: 3, limit: 1, offset: 1, hasMore: true });
    expect((await list('?category=daily')).customEvents.map((e: { id: string }) => e.id)).toEqual([
      a.id,
    ]);
    expect(
      (await list('?favoritesOnly=true')).customEvents.map((e: { id: string }) => e.id),
    ).toEqual([b.id]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await list(`?updatedAfter=${future}`)).pagination.total).toBe(3);
  });

  it('GET/PATCH/DELETE check ownership and existence', async () => {
    const { token } = await newUser(backend);
    const event = await create(token, { title: 'Mine', promptSeed: 'm' });
    const path = `/api/v1/custom-events/${event.id}`;
    expect((await call(backend, 'GET', path, { token })).body.data.id).toBe(event.id);
    for (const method of ['GET', 'PATCH', 'DELETE', 'POST']) {
      const reply = await call(backend, method, method === 'POST' ? `${path}/enhance` : path, {
        token: other,
        ...(method === 'PATCH' ? { body: {} } : {}),
      });
      expect(reply.status).toBe(403);
      expect(reply.body).toEqual({
        error: 'Forbidden',
        message: 'You do not have access to this custom event',
      });
    }
    const missing = await call(
      backend,
      'GET',
      '/api/v1/custom-events/cnonexistent000000000000000',
      { token },
    );
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'NotFound', message: 'Custom event not found' });
  });

  it('PATCH uses zod messages, clears description, strips usageCount, keeps updatedAt on no-ops', async () => {
    const { token } = await newUser(backend);
    const event = await create(token, { title: 'T', promptSeed: 'p', description: 'd' });
    const path = `/api/v1/custom-events/${event.id}`;
    backend.clock.advance(10);
    const patched = await call(backend, 'PATCH', path, {
      token,
      body: { title: 'T2', description: '', isFavorite: true, usageCount: 5 },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.message).toBe('Custom event updated successfully');
    expect(patched.body.data).toMatchObject({
      title: 'T2',
      description: '',
      isFavorite: true,
      usageCount: 0,
    });
    backend.clock.advance(10);
    const noop = await call(backend, 'PATCH', path, { token, body: { usageCount: 7 } });
    expect(noop.body.data.updatedAt).toBe(patched.body.data.updatedAt);
    const invalid = await call(backend, 'PATCH', path, {
      token,
      body: { title: '', ageRange: 'x'.repeat(30) },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({
      error: 'ValidationError',
      message:
        'title: Too small: expected string to have >=1 characters; ageRange: Too big: expected string to have <=20 characters',
    });
    const malformed = await call(backend, 'PATCH', path, { token, raw: '{' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toBe('Invalid or missing JSON body');
  });

  it('DELETE nulls story.customEventId and bumps those stories’ updatedAt', async () => {
    const { token } = await newUser(backend);
    const hero = await createHero(backend, token);
    const event = await create(token, { title: 'E', promptSeed: 'e' });
    const batch = await call(backend, 'POST', '/api/batch/stories', {
      token,
      body: {
        stories: [
          { id: 'a', heroId: hero.id, title: 'Linked', content: 'x', customEventId: event.id },
          { id: 'b', heroId: hero.id, title: 'Unlinked', content: 'y' },
        ],
      },
    });
    const [linked, unlinked] = batch.body.results.created.map(
      (c: { serverId: string }) => c.serverId,
    );
    const before = backend.db.stories.get(linked)?.updatedAt.getTime() ?? 0;
    const unlinkedBefore = backend.db.stories.get(unlinked)?.updatedAt.getTime();
    backend.clock.advance(100);
    const reply = await call(backend, 'DELETE', `/api/v1/custom-events/${event.id}`, { token });
    expect(reply.body).toEqual({
      data: { id: event.id },
      message: 'Custom event deleted successfully',
    });
    const story = backend.db.stories.get(linked);
    expect(story?.customEventId).toBeNull();
    expect(story?.updatedAt.getTime()).toBeGreaterThanOrEqual(before + 100);
    expect(backend.db.stories.get(unlinked)?.updatedAt.getTime()).toBe(unlinkedBefore);
    expect(
      (await call(backend, 'GET', `/api/v1/custom-events/${event.id}`, { token })).status,
    ).toBe(404);
    expect(
      (await call(backend, 'DELETE', `/api/v1/custom-events/${event.id}`, { token })).status,
    ).toBe(404);
  });

  it('enhance rewrites the prompt once, then answers 400 BadRequest', async () => {
    const { token } = await newUser(backend);
    const event = await create(token, {
      title: 'Dragon egg',
      promptSeed: 'A brave girl finds a dragon egg',
    });
    const path = `/api/v1/custom-events/${event.id}/enhance`;
    const enhanced = await call(backend, 'POST', path, { token, body: {} });
    expect(enhanced.status).toBe(200);
    expect(enhanced.body.data.aiEnhanced).toBe(true);
    expect(enhanced.body.data.promptSeed).not.toBe(event.promptSeed);
    expect(enhanced.body.data.promptSeed).toContain('dragon egg');
    expect(enhanced.body.data.keywords.length).toBeGreaterThan(0);
    expect(enhanced.body.data.keywords.length).toBeLessThanOrEqual(8);
    expect(enhanced.body.data.aiEnhancementMetadata).toMatchObject({
      originalPromptSeed: event.promptSeed,
    });
    const again = await call(backend, 'POST', path, { token, body: {} });
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('BadRequest');
    expect(backend.db.apiUsage).toHaveLength(0);
  });
});
