import { beforeAll, describe, expect, it } from 'vitest';
import { createFakeBackend, type FakeBackend } from '../../src/testing/index.js';
import { call, createHero, ISO_MS, newUser } from './harness.js';

describe('heroes routes (CONTRACT.md §5.1, §11.2)', () => {
  let backend: FakeBackend;
  let alice: { token: string; userId: string };
  let bob: { token: string; userId: string };

  beforeAll(async () => {
    backend = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
    [alice, bob] = await Promise.all([newUser(backend, 'Alice'), newUser(backend, 'Bob')]);
  });

  async function freshUser() {
    const user = await newUser(backend, 'Lister');
    return user.token;
  }

  it('creates with 201, strips unknown and avatar fields, and nulls empty strings', async () => {
    const reply = await call(backend, 'POST', '/api/v1/heroes', {
      token: alice.token,
      body: {
        name: 'Max',
        age: 8,
        traits: ['kind'],
        hairColor: 'brown',
        eyeColor: '',
        specialAbilities: ['flying'],
        appearance: 'Wears a red cape',
        avatarUrl: 'https://evil.example/x.png',
        unknownField: 'dropped?',
      },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.message).toBe('Hero created successfully');
    expect(reply.body.data).toMatchObject({
      name: 'Max',
      age: 8,
      userId: alice.userId,
      hairColor: 'brown',
      eyeColor: null,
      traits: ['kind'],
      specialAbilities: ['flying'],
      appearance: 'Wears a red cape',
      avatarUrl: null,
      visualProfileId: null,
      visualProfile: null,
    });
    expect('unknownField' in reply.body.data).toBe(false);
    expect('_count' in reply.body.data).toBe(false);
    expect(reply.body.data.createdAt).toMatch(ISO_MS);
  });

  it.each([
    [{ name: 'Tiny', age: 2, traits: ['small'] }, 'age: Too small: expected number to be >=3'],
    [
      { name: 'Tiny', age: '6', traits: ['small'] },
      'age: Invalid input: expected number, received string',
    ],
    [{ name: 'NoTraits', age: 5 }, 'traits: Invalid input: expected array, received undefined'],
    [
      { name: '', age: 5, traits: [] },
      'name: Too small: expected string to have >=1 characters; traits: Too small: expected array to have >=1 items',
    ],
    [[1], 'body: Invalid input: expected object, received array'],
  ])('validates create with zod messages: %j', async (body, message) => {
    const reply = await call(backend, 'POST', '/api/v1/heroes', { token: alice.token, body });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: 'ValidationError', message });
  });

  it('answers malformed or empty JSON on create with 400 "Invalid or missing JSON body"', async () => {
    for (const raw of ['{"name": "Broken", ', '']) {
      const reply = await call(backend, 'POST', '/api/v1/heroes', { token: alice.token, raw });
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({
        error: 'ValidationError',
        message: 'Invalid or missing JSON body',
      });
    }
  });

  it('lists createdAt desc with _count, offset paging, hasMore and clamped limits', async () => {
    const token = await freshUser();
    const names = ['One', 'Two', 'Three'];
    for (const name of names) {
      await createHero(backend, token, { name });
      backend.clock.advance(5);
    }
    const all = await call(backend, 'GET', '/api/v1/heroes', { token });
    expect(all.body.data.heroes.map((h: { name: string }) => h.name)).toEqual([
      'Three',
      'Two',
      'One',
    ]);
    expect(all.body.data.heroes[0]._count).toEqual({ stories: 0 });
    expect(all.body.data.heroes[0].visualProfile).toBeNull();
    expect(all.body.data.pagination).toEqual({ total: 3, limit: 50, offset: 0, hasMore: false });
    const page = await call(backend, 'GET', '/api/v1/heroes?limit=2&offset=1', { token });
    expect(page.body.data.heroes.map((h: { name: string }) => h.name)).toEqual(['Two', 'One']);
    expect(page.body.data.pagination).toEqual({ total: 3, limit: 2, offset: 1, hasMore: false });
    const first = await call(backend, 'GET', '/api/v1/heroes?limit=1', { token });
    expect(first.body.data.pagination.hasMore).toBe(true);
    const cases: [string, number, number][] = [
      ['limit=0', 50, 0],
      ['limit=1000&offset=-5', 100, 0],
      ['limit=abc', 50, 0],
      ['limit=-5', 1, 0],
    ];
    for (const [query, limit, offset] of cases) {
      const reply = await call(backend, 'GET', `/api/v1/heroes?${query}`, { token });
      expect(reply.body.data.pagination).toMatchObject({ limit, offset });
    }
  });

  it('filters updatedAfter with a strict >, reads no-Z values as UTC and rejects invalid values', async () => {
    const token = await freshUser();
    const older = await createHero(backend, token, { name: 'Older' });
    backend.clock.advance(10);
    const newer = await createHero(backend, token, { name: 'Newer' });
    const names = async (value: string) => {
      const reply = await call(
        backend,
        'GET',
        `/api/v1/heroes?updatedAfter=${encodeURIComponent(value)}`,
        { token },
      );
      expect(reply.status).toBe(200);
      return reply.body.data.heroes.map((h: { name: string }) => h.name);
    };
    expect(await names(newer.updatedAt)).toEqual([]);
    const minus1 = new Date(Date.parse(newer.updatedAt) - 1).toISOString();
    expect(await names(minus1)).toEqual(['Newer']);
    expect(await names(older.updatedAt)).toEqual(['Newer']);
    expect(await names(older.updatedAt.replace('Z', ''))).toEqual(['Newer']);
    for (const bad of ['not-a-date', String(Date.parse(newer.updatedAt))]) {
      const reply = await call(backend, 'GET', `/api/v1/heroes?updatedAfter=${bad}`, { token });
      expect(reply.status).toBe(400);
      expect(reply.body.error).toBe('ValidationError');
      expect(reply.body.message).toContain('Invalid `prisma.hero.findMany()` invocation');
    }
    const withStories = await call(
      backend,
      'GET',
      '/api/v1/heroes?updatedAfter=bad&includeStories=true',
      { token },
    );
    expect(withStories.body.message).toContain('take: 5');
  });

  it('includes the 5 newest stories in lists and the 10 newest on a single GET', async () => {
    const token = await freshUser();
    const hero = await createHero(backend, token, { name: 'Storied' });
    for (let i = 1; i <= 12; i++) {
      const reply = await call(backend, 'POST', '/api/batch/stories', {
        token,
        body: { stories: [{ id: `l${i}`, heroId: hero.id, title: `Story ${i}`, content: 'x' }] },
      });
      expect(reply.body.success).toBe(true);
      backend.clock.advance(5);
    }
    const list = await call(backend, 'GET', '/api/v1/heroes?includeStories=true', { token });
    const listed = list.body.data.heroes[0];
    expect(Object.keys(listed).slice(-3)).toEqual(['visualProfile', 'stories', '_count']);
    expect(listed.stories.map((s: { title: string }) => s.title)).toEqual([
      'Story 12',
      'Story 11',
      'Story 10',
      'Story 9',
      'Story 8',
    ]);
    expect(listed._count).toEqual({ stories: 12 });
    const one = await call(backend, 'GET', `/api/v1/heroes/${hero.id}?includeStories=true`, {
      token,
    });
    expect(one.body.data.stories).toHaveLength(10);
    expect('_count' in one.body.data).toBe(false);
    const bare = await call(backend, 'GET', `/api/v1/heroes/${hero.id}`, { token });
    expect('stories' in bare.body.data).toBe(false);
  });

  it('answers 403 for another user’s hero and 404 for a missing one', async () => {
    const hero = await createHero(backend, alice.token, { name: 'Private' });
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { name: 'Hacked' }],
      ['DELETE', undefined],
    ] as const) {
      const reply = await call(backend, method, `/api/v1/heroes/${hero.id}`, {
        token: bob.token,
        ...(body ? { body } : {}),
      });
      expect(reply.status).toBe(403);
      expect(reply.body).toEqual({
        error: 'Forbidden',
        message: 'You do not have access to this hero',
      });
    }
    const missing = await call(backend, 'GET', '/api/v1/heroes/cnonexistent000000000000000', {
      token: alice.token,
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'NotFound', message: 'Hero not found' });
  });

  it('PATCH ignores falsy values, does not validate age, and can set appearance to "" or null', async () => {
    const hero = await createHero(backend, alice.token, {
      name: 'Max',
      hairColor: 'brown',
      eyeColor: 'green',
      appearance: 'cape',
    });
    backend.clock.advance(10);
    const patched = await call(backend, 'PATCH', `/api/v1/heroes/${hero.id}`, {
      token: alice.token,
      body: { name: '', hairColor: '', eyeColor: null, age: 99, traits: ['kind', 'wise'] },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.message).toBe('Hero updated successfully');
    expect(patched.body.data).toMatchObject({
      name: 'Max',
      hairColor: 'brown',
      eyeColor: 'green',
      age: 99,
      traits: ['kind', 'wise'],
      visualProfile: null,
    });
    expect(Date.parse(patched.body.data.updatedAt)).toBeGreaterThan(Date.parse(hero.updatedAt));
    const empty = await call(backend, 'PATCH', `/api/v1/heroes/${hero.id}`, {
      token: alice.token,
      body: { appearance: '' },
    });
    expect(empty.body.data.appearance).toBe('');
    const cleared = await call(backend, 'PATCH', `/api/v1/heroes/${hero.id}`, {
      token: alice.token,
      body: { appearance: null },
    });
    expect(cleared.body.data.appearance).toBeNull();
    const badType = await call(backend, 'PATCH', `/api/v1/heroes/${hero.id}`, {
      token: alice.token,
      body: { age: 'six' },
    });
    expect(badType.status).toBe(400);
    expect(badType.body.error).toBe('ValidationError');
    const badName = await call(backend, 'PATCH', `/api/v1/heroes/${hero.id}`, {
      token: alice.token,
      body: { name: 42 },
    });
    expect(badName.status).toBe(400);
    const badAppearance = await call(backend, 'PATCH', `/api/v1/heroes/${hero.id}`, {
      token: alice.token,
      body: { appearance: 42 },
    });
    expect(badAppearance.status).toBe(400);
  });

  it('keeps updatedAt on a no-op PATCH and answers malformed JSON with 500', async () => {
    const hero = await createHero(backend, alice.token);
    backend.clock.advance(50);
    for (const body of [{}, { name: '', hairColor: null }]) {
      const reply = await call(backend, 'PATCH', `/api/v1/heroes/${hero.id}`, {
        token: alice.token,
        body,
      });
      expect(reply.status).toBe(200);
      expect(reply.body.data.updatedAt).toBe(hero.updatedAt);
    }
    const malformed = await call(backend, 'PATCH', `/api/v1/heroes/${hero.id}`, {
      token: alice.token,
      raw: '{oops',
    });
    expect(malformed.status).toBe(500);
    expect(malformed.body).toEqual({
      error: 'InternalServerError',
      message: 'An unexpected error occurred',
    });
  });

  it('DELETE answers {data:{id}} with a message and cascades to stories', async () => {
    const hero = await createHero(backend, alice.token, { name: 'Doomed' });
    const batch = await call(backend, 'POST', '/api/batch/stories', {
      token: alice.token,
      body: { stories: [{ id: 's', heroId: hero.id, title: 'Gone soon', content: 'x' }] },
    });
    const storyId: string = batch.body.results.created[0].serverId;
    const reply = await call(backend, 'DELETE', `/api/v1/heroes/${hero.id}`, {
      token: alice.token,
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ data: { id: hero.id }, message: 'Hero deleted successfully' });
    expect(backend.db.stories.has(storyId)).toBe(false);
    expect(
      (await call(backend, 'GET', `/api/v1/heroes/${hero.id}`, { token: alice.token })).status,
    ).toBe(404);
    expect(
      (await call(backend, 'DELETE', `/api/v1/heroes/${hero.id}`, { token: alice.token })).status,
    ).toBe(404);
    expect(
      (
        await call(backend, 'PATCH', `/api/v1/heroes/${hero.id}`, {
          token: alice.token,
          body: { name: 'G' },
        })
      ).status,
    ).toBe(404);
  });
});
