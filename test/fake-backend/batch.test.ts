import { beforeAll, describe, expect, it } from 'vitest';
import { createFakeBackend, type FakeBackend } from '../../src/testing/index.js';
import { CUID, call, createHero, newUser } from './harness.js';

const ABORTED = 'current transaction is aborted, commands ignored until end of transaction block';

describe('batch import routes (CONTRACT.md §5.5, §11.2 E23/E28)', () => {
  let backend: FakeBackend;
  let token: string;
  let userId: string;
  let otherToken: string;

  beforeAll(async () => {
    backend = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
    [{ token, userId }, { token: otherToken }] = await Promise.all([
      newUser(backend),
      newUser(backend),
    ]);
  });

  it('answers with its own envelopes: 401 {error}, 400 not-an-array, 500 raw JSON.parse message', async () => {
    for (const path of ['/api/batch', '/api/batch/stories']) {
      const key = path.endsWith('stories') ? 'stories' : 'heroes';
      const unauth = await call(backend, 'POST', path, { body: { [key]: [] } });
      expect(unauth.status).toBe(401);
      expect(unauth.body).toEqual({ error: 'Unauthorized' });
      const notArray = await call(backend, 'POST', path, { token, body: { [key]: 'nope' } });
      expect(notArray.status).toBe(400);
      expect(notArray.body).toEqual({ error: `Invalid request: ${key} must be an array` });
      const malformed = await call(backend, 'POST', path, { token, raw: '{' });
      expect(malformed.status).toBe(500);
      expect(malformed.body).toEqual({
        error: "Expected property name or '}' in JSON at position 1",
      });
      const tooMany = await call(backend, 'POST', path, {
        token,
        body: { [key]: Array.from({ length: 101 }, (_, i) => ({ id: `l${i}` })) },
      });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.error).toContain('maximum 100');
      const empty = await call(backend, 'POST', path, { token, body: { [key]: [] } });
      expect(empty.body).toEqual({
        success: true,
        created: 0,
        failed: 0,
        total: 0,
        results: { created: [], failed: [], total: 0 },
      });
    }
  });

  it('imports heroes without validation, dropping appearance; not idempotent', async () => {
    const body = {
      heroes: [
        {
          id: 'local-hero-1',
          name: 'Batchy',
          age: 7,
          traits: ['bold'],
          hairColor: 'black',
          appearance: 'x',
        },
        { id: 'local-hero-2', name: 'Batchette', age: 40, traits: [] },
      ],
    };
    const first = await call(backend, 'POST', '/api/batch', { token, body });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ success: true, created: 2, failed: 0, total: 2 });
    expect(first.body.results.created[0]).toEqual({
      localId: 'local-hero-1',
      serverId: expect.stringMatching(CUID),
      name: 'Batchy',
    });
    const hero = backend.db.heroes.get(first.body.results.created[0].serverId);
    expect(hero).toMatchObject({ hairColor: 'black', appearance: null, traits: ['bold'] });
    expect(backend.db.heroes.get(first.body.results.created[1].serverId)?.age).toBe(40);
    const second = await call(backend, 'POST', '/api/batch', { token, body });
    expect(second.body.results.created[0].serverId).not.toBe(
      first.body.results.created[0].serverId,
    );
  });

  it('fails client-validation items alone (no rollback), with a Prisma-style message', async () => {
    const reply = await call(backend, 'POST', '/api/batch', {
      token,
      body: {
        heroes: [
          { id: 'ok-1', name: 'GoodOne', age: 5, traits: ['ok'] },
          { id: 'bad-1', name: 'BadOne', traits: ['no age'] },
          { id: 'bad-2', name: 'Typed', age: 'six', traits: [] },
          { id: 'ok-2', name: 'GoodTwo', age: 6, traits: ['ok'] },
        ],
      },
    });
    expect(reply.body).toMatchObject({ success: false, created: 2, failed: 2, total: 4 });
    expect(reply.body.results.failed[0]).toEqual({
      localId: 'bad-1',
      name: 'BadOne',
      error: `\nInvalid \`prisma.hero.create()\` invocation:\n\n{\n  data: {\n    userId: "${userId}",\n    name: "BadOne",\n    traits: [\n      "no age"\n    ],\n    specialAbilities: undefined,\n    avatarUrl: undefined,\n    avatarPrompt: undefined,\n    avatarGenerationId: undefined,\n    hairColor: undefined,\n    eyeColor: undefined,\n    skinTone: undefined,\n    height: undefined,\n+   age: Int\n  }\n}\n\nArgument \`age\` is missing.`,
    });
    expect(reply.body.results.failed[1].error).toContain('Expected Int, provided String');
    for (const created of reply.body.results.created) {
      expect(backend.db.heroes.has(created.serverId)).toBe(true);
    }
  });

  it('rolls the whole hero batch back after an int4 overflow, still reporting phantom serverIds', async () => {
    const before = backend.db.heroes.size;
    const reply = await call(backend, 'POST', '/api/batch', {
      token,
      body: {
        heroes: [
          { id: 'h1', name: 'Good hero BEFORE the DB error', age: 5, traits: ['ok'] },
          { id: 'h2', name: 'xxxxxxxxxx', age: 2147483648, traits: ['int overflow'] },
          { id: 'h3', name: 'After', age: 5, traits: ['ok'] },
        ],
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ success: false, created: 1, failed: 2, total: 3 });
    expect(reply.body.results.failed[0].error).toBe(
      '\nInvalid `prisma.hero.create()` invocation:\n\n\nValue out of range for the type: value "2147483648" is out of range for type integer',
    );
    expect(reply.body.results.failed[1].error).toBe(ABORTED);
    const phantom: string = reply.body.results.created[0].serverId;
    expect(phantom).toMatch(CUID);
    expect((await call(backend, 'GET', `/api/v1/heroes/${phantom}`, { token })).status).toBe(404);
    expect(backend.db.heroes.size).toBe(before);
  });

  it('imports stories with per-item errors that do not roll back', async () => {
    const hero = await createHero(backend, token);
    const otherHero = await createHero(backend, otherToken);
    const reply = await call(backend, 'POST', '/api/batch/stories', {
      token,
      body: {
        stories: [
          {
            id: 'local-story-1',
            heroId: hero.id,
            title: 'Imported',
            content: 'Once upon a time.',
            eventType: 'Bedtime Adventure',
            isFavorite: true,
            audioUrl: 'https://fake-bucket.r2.dev/audio/user/1700000000000-local.mp3',
            audioDuration: 42.5,
          },
          {
            id: 'bad-audio',
            heroId: hero.id,
            title: 'Bad audio URL',
            content: 'x',
            audioUrl: 'https://evil.example/a.mp3',
          },
          {
            id: 'unknown',
            heroId: 'cnonexistent000000000000000',
            title: 'Unknown hero',
            content: 'x',
          },
          { id: 'foreign', heroId: otherHero.id, title: 'Foreign hero', content: 'x' },
          { id: 'no-title', heroId: hero.id, content: 'x' },
          { id: 'ok', heroId: hero.id, title: 'Fine after failures', content: 'y' },
        ],
      },
    });
    expect(reply.body).toMatchObject({ success: false, created: 2, failed: 4, total: 6 });
    expect(
      reply.body.results.failed.map((f: { error: string }) => f.error.split('\n').at(-1)),
    ).toEqual([
      'Invalid audioUrl: must be a valid storage URL',
      'Hero not found or unauthorized',
      'Hero not found or unauthorized',
      'Argument `title` is missing.',
    ]);
    expect(reply.body.results.failed[0]).toEqual({
      localId: 'bad-audio',
      title: 'Bad audio URL',
      error: 'Invalid audioUrl: must be a valid storage URL',
    });
    const imported = backend.db.stories.get(reply.body.results.created[0].serverId);
    expect(imported).toMatchObject({
      title: 'Imported',
      language: 'en',
      isFavorite: true,
      audioGenerationStatus: 'pending',
      illustrationStatus: 'none',
      audioDuration: 42.5,
      customEventId: null,
    });
    const listed = await call(backend, 'GET', `/api/v1/heroes/${hero.id}?includeStories=true`, {
      token,
    });
    expect(listed.body.data.stories[1].audioUrl).toContain(
      '/__fake-r2/audio/user/1700000000000-local.mp3?',
    );
    expect(backend.db.stories.has(reply.body.results.created[1].serverId)).toBe(true);
  });

  it('rolls the whole story batch back after a customEventId FK violation (before or after good items)', async () => {
    const hero = await createHero(backend, token);
    const fk = {
      id: 'local-fk',
      heroId: hero.id,
      title: 'FK violation',
      content: 'b',
      customEventId: 'cnonexistent000000000000000',
    };
    const good = { id: 'local-good', heroId: hero.id, title: 'Good item', content: 'a' };
    const before = backend.db.stories.size;

    const goodFirst = await call(backend, 'POST', '/api/batch/stories', {
      token,
      body: { stories: [good, fk] },
    });
    expect(goodFirst.body).toMatchObject({ success: false, created: 1, failed: 1, total: 2 });
    expect(goodFirst.body.results.failed[0].error).toBe(
      '\nInvalid `prisma.story.create()` invocation:\n\n\nForeign key constraint violated on the constraint: `Story_customEventId_fkey`',
    );
    const phantom: string = goodFirst.body.results.created[0].serverId;
    expect((await call(backend, 'GET', `/api/v1/stories/${phantom}`, { token })).status).toBe(404);
    expect(backend.db.stories.size).toBe(before);

    const fkFirst = await call(backend, 'POST', '/api/batch/stories', {
      token,
      body: { stories: [fk, good] },
    });
    expect(fkFirst.body).toMatchObject({ success: false, created: 0, failed: 2 });
    expect(fkFirst.body.results.failed[1]).toEqual({
      localId: 'local-good',
      title: 'Good item',
      error: ABORTED,
    });
    expect(backend.db.stories.size).toBe(before);
  });

  it('treats null items as a 500 and primitive items as empty objects', async () => {
    const nullItem = await call(backend, 'POST', '/api/batch/stories', {
      token,
      body: { stories: [null] },
    });
    expect(nullItem.status).toBe(500);
    expect(nullItem.body.error).toContain('Cannot read properties of null');
    const primitive = await call(backend, 'POST', '/api/batch', { token, body: { heroes: [5] } });
    expect(primitive.body.results.failed[0].error).toContain('Argument `name` is missing.');
    const wrongTypes = await call(backend, 'POST', '/api/batch/stories', {
      token,
      body: { stories: [{ heroId: 5 }, { audioUrl: 5, title: 't' }] },
    });
    expect(wrongTypes.body.results.failed[0].error).toContain('Expected String, provided Int');
    expect(wrongTypes.body.results.failed[1].error).toBe(
      'validatedAudioUrl.startsWith is not a function',
    );
  });
});
