import { describe, expect, it } from 'vitest';
import { createFakeBackend } from '../../src/testing/index.js';
import { call, createHero, newUser } from './harness.js';

/** A backend clock that advances 1 ms on every reading, as statements take time on a server. */
function tickingClock(start: number): () => Date {
  let now = start;
  return () => new Date(now++);
}

describe('story-side details found by the replay of the recording', () => {
  it('gives a listening session one instant for startedAt, createdAt and updatedAt (142)', async () => {
    const backend = createFakeBackend({
      authRateLimit: false,
      fastPasswordHashing: true,
      now: tickingClock(Date.parse('2026-11-26T21:10:29.000Z')),
    });
    const { token } = await newUser(backend);
    const hero = await createHero(backend, token);
    const story = await call(backend, 'POST', '/api/v1/stories', {
      token,
      body: { heroId: hero.id, language: 'en' },
    });
    const reply = await call(backend, 'POST', '/api/v1/analytics/sessions', {
      token,
      body: { storyId: story.body.data.id, duration: 30, completed: true },
    });
    expect(reply.status).toBe(201);
    const { startedAt, createdAt, updatedAt } = reply.body.data;
    expect(createdAt).toBe(startedAt);
    expect(updatedAt).toBe(startedAt);
  });

  it('records model, tokens, cost and duration of generations, summed by /user/usage', async () => {
    const backend = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
    const { token, userId } = await newUser(backend);
    const hero = await createHero(backend, token);
    const story = await call(backend, 'POST', '/api/v1/stories', {
      token,
      body: { heroId: hero.id, language: 'en', eventType: 'Bedtime Adventure' },
    });
    expect(story.status).toBe(201);
    const content: string = story.body.data.content;
    const audio = await call(backend, 'POST', `/api/v1/stories/${story.body.data.id}/audio`, {
      token,
      body: {},
    });
    expect(audio.status).toBe(200);
    const illustrations = await call(
      backend,
      'POST',
      `/api/v1/stories/${story.body.data.id}/illustrations`,
      { token, body: {} },
    );
    const images: number = illustrations.body.data.generated;
    expect(images).toBeGreaterThan(1);

    const rows = backend.db.apiUsage.filter((r) => r.userId === userId);
    const completion = Math.ceil(content.length / 4);
    expect(rows.map((r) => [r.operation, r.model, r.success, r.tokensUsed])).toEqual([
      ['story_generation', 'gpt-4o', true, 600 + completion],
      ['audio_generation', 'gpt-4o-mini-tts', true, null],
      ['illustration_generation', 'gpt-image-1', true, null],
    ]);
    expect(rows[0]?.estimatedCost).toBeCloseTo(600 * 2.5e-6 + completion * 1e-5, 6);
    expect(rows[1]?.estimatedCost).toBeCloseTo((content.length / 1000) * 0.015, 6);
    expect(rows[2]?.estimatedCost).toBeCloseTo(images * 0.04, 6);
    for (const row of rows) expect(row.requestDuration).toBeGreaterThanOrEqual(0);

    const usage = await call(backend, 'GET', '/api/v1/user/usage', { token });
    expect(usage.body.data.summary.totalTokens).toBe(600 + completion);
    const total = rows.reduce((sum, r) => sum + (r.estimatedCost ?? 0), 0);
    expect(usage.body.data.summary.totalCost).toBe(Math.round(total * 100) / 100);
    const byStory = usage.body.data.byOperation.find(
      (o: { operation: string }) => o.operation === 'story_generation',
    );
    expect(byStory).toMatchObject({ totalRequests: 1, successfulRequests: 1 });
    expect(byStory.totalTokens).toBe(600 + completion);
  });

  it('records the duration of failed generations too (166: malformed bodies)', async () => {
    const backend = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
    const { token, userId } = await newUser(backend);
    const reply = await call(backend, 'POST', '/api/v1/stories', { token, raw: '{' });
    expect(reply.status).toBe(500);
    const [row] = backend.db.apiUsage.filter((r) => r.userId === userId);
    expect(row).toMatchObject({ operation: 'story_generation', success: false });
    expect(row?.requestDuration).toBeGreaterThanOrEqual(0);
  });
});
