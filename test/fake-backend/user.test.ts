import { beforeAll, describe, expect, it } from 'vitest';
import { createFakeBackend, type FakeBackend } from '../../src/testing/index.js';
import { call, createHero, ISO_MS, newUser } from './harness.js';

describe('user routes (CONTRACT.md §5.4)', () => {
  let backend: FakeBackend;

  beforeAll(() => {
    backend = createFakeBackend({
      authRateLimit: false,
      fastPasswordHashing: true,
      now: () => new Date('2026-11-26T21:10:31.976Z'),
    });
  });

  it('profile returns the user row with _count', async () => {
    const { token, userId, email } = await newUser(backend, 'Alice Test');
    const hero = await createHero(backend, token);
    await call(backend, 'POST', '/api/v1/custom-events', {
      token,
      body: { title: 't', promptSeed: 'p' },
    });
    await call(backend, 'POST', '/api/batch/stories', {
      token,
      body: { stories: [{ heroId: hero.id, title: 't', content: 'c' }] },
    });
    const reply = await call(backend, 'GET', '/api/v1/user/profile', { token });
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body.data)).toEqual([
      'id',
      'email',
      'emailVerified',
      'name',
      'image',
      'createdAt',
      'updatedAt',
      'totalStoriesGenerated',
      'totalAudioGenerated',
      'totalIllustrationsGenerated',
      'lastStoryGeneratedAt',
      '_count',
    ]);
    expect(reply.body.data).toMatchObject({
      id: userId,
      email,
      name: 'Alice Test',
      image: null,
      lastStoryGeneratedAt: null,
      _count: { heroes: 1, customEvents: 1, stories: 1 },
    });
    expect(reply.body.data.createdAt).toMatch(ISO_MS);
  });

  it('PATCH changes the name only, and ignores preferredLanguage', async () => {
    const { token } = await newUser(backend);
    const reply = await call(backend, 'PATCH', '/api/v1/user/profile', {
      token,
      body: { name: 'Alice Renamed', preferredLanguage: 'fr', email: 'x@y.z' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.message).toBe('Profile updated successfully');
    expect(reply.body.data.name).toBe('Alice Renamed');
    expect(reply.body.data.email).not.toBe('x@y.z');
    expect(reply.body.data.updatedAt).toBe('2026-11-26T21:10:31.976Z');
    expect('_count' in reply.body.data).toBe(false);
    const session = await call(backend, 'GET', '/api/auth/get-session', { token });
    expect(session.body.user.name).toBe('Alice Renamed');
    const noName = await call(backend, 'PATCH', '/api/v1/user/profile', { token, body: {} });
    expect(noName.body.data.name).toBe('Alice Renamed');
    const badType = await call(backend, 'PATCH', '/api/v1/user/profile', {
      token,
      body: { name: 7 },
    });
    expect(badType.status).toBe(400);
    const malformed = await call(backend, 'PATCH', '/api/v1/user/profile', { token, raw: '{' });
    expect(malformed.status).toBe(500);
  });

  it('usage reports period, summary, byOperation (newest first) and rateLimits', async () => {
    const { token, userId } = await newUser(backend);
    const empty = await call(backend, 'GET', '/api/v1/user/usage', { token });
    expect(empty.body.data).toEqual({
      period: { startDate: '2026-10-27T21:10:31.976Z', endDate: '2026-11-26T21:10:31.976Z' },
      summary: {
        totalRequests: 0,
        successfulRequests: 0,
        failedRequests: 0,
        successRate: 0,
        totalCost: 0,
        totalTokens: 0,
      },
      byOperation: [],
      rateLimits: {
        story_generation: { remaining: 5, limit: 5, resetAt: '2026-11-26T22:10:31.976Z' },
        audio_generation: { remaining: 10, limit: 10, resetAt: '2026-11-26T22:10:31.976Z' },
        avatar_generation: { remaining: 3, limit: 3, resetAt: '2026-11-26T22:10:31.976Z' },
        illustration_generation: { remaining: 20, limit: 20, resetAt: '2026-11-26T22:10:31.976Z' },
        ai_assistant: { remaining: 30, limit: 30, resetAt: '2026-11-26T22:10:31.976Z' },
      },
      userStats: {
        totalStoriesGenerated: 0,
        totalAudioGenerated: 0,
        totalIllustrationsGenerated: 0,
        lastStoryGeneratedAt: null,
      },
    });

    const limiter = {
      record: (
        op: 'story_generation' | 'audio_generation' | 'avatar_generation',
        ok: boolean,
        ms: number,
        cost?: number,
      ) => {
        backend.db.apiUsage.push({
          id: `u${backend.db.apiUsage.length}`,
          userId,
          operation: op,
          model: 'm',
          tokensUsed: ok ? 100 : null,
          estimatedCost: cost ?? null,
          requestDuration: ms,
          success: ok,
          errorMessage: ok ? null : 'boom',
          createdAt: new Date(backend.clock.now().getTime() - 1000 * backend.db.apiUsage.length),
        });
      },
    };
    limiter.record('avatar_generation', false, 1469);
    limiter.record('audio_generation', true, 1000, 0.015);
    limiter.record('audio_generation', false, 1424);
    limiter.record('story_generation', false, 661);
    limiter.record('story_generation', false, 662);
    const reply = await call(backend, 'GET', '/api/v1/user/usage', { token });
    const data = reply.body.data;
    expect(data.summary).toEqual({
      totalRequests: 5,
      successfulRequests: 1,
      failedRequests: 4,
      successRate: 20,
      totalCost: 0.02,
      totalTokens: 100,
    });
    expect(data.byOperation).toEqual([
      {
        operation: 'avatar_generation',
        totalRequests: 1,
        successfulRequests: 0,
        failedRequests: 1,
        totalCost: 0,
        totalTokens: 0,
        averageDuration: 1469,
      },
      {
        operation: 'audio_generation',
        totalRequests: 2,
        successfulRequests: 1,
        failedRequests: 1,
        totalCost: 0.02,
        totalTokens: 100,
        averageDuration: 1212,
      },
      {
        operation: 'story_generation',
        totalRequests: 2,
        successfulRequests: 0,
        failedRequests: 2,
        totalCost: 0,
        totalTokens: 0,
        averageDuration: 662,
      },
    ]);
    expect(data.rateLimits.story_generation.remaining).toBe(3);
    expect(data.rateLimits.avatar_generation.remaining).toBe(2);
    const narrowed = await call(
      backend,
      'GET',
      '/api/v1/user/usage?startDate=2026-11-26T21:10:31.000&endDate=2026-11-26T21:10:31.976Z',
      { token },
    );
    expect(narrowed.body.data.summary.totalRequests).toBe(1);
    expect(narrowed.body.data.period.startDate).toBe('2026-11-26T21:10:31.000Z');
    const invalid = await call(backend, 'GET', '/api/v1/user/usage?startDate=nope', { token });
    expect(invalid.status).toBe(400);
  });

  it('DELETE /user/account removes app data and the better-auth user, so the token dies', async () => {
    const { token, userId } = await newUser(backend);
    const hero = await createHero(backend, token);
    await call(backend, 'POST', `/api/v1/heroes/${hero.id}/avatar`, { token, body: {} });
    const reply = await call(backend, 'DELETE', '/api/v1/user/account', { token });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ data: { deleted: true }, message: 'Account deleted' });
    expect(backend.db.heroes.has(hero.id)).toBe(false);
    expect(backend.db.apiUsage.some((row) => row.userId === userId)).toBe(false);
    expect(await backend.getUser(userId)).toBeNull();
    const session = await call(backend, 'GET', '/api/auth/get-session', { token });
    expect(session.status).toBe(200);
    expect(session.text).toBe('null');
    expect((await call(backend, 'GET', '/api/v1/heroes', { token })).status).toBe(401);
    expect((await call(backend, 'DELETE', '/api/v1/user/account', { token })).status).toBe(401);
  });
});
