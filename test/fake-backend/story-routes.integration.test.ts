/**
 * The story-side routes through the whole fake backend (`createFakeBackend`): real better-auth
 * sessions, the platform's headers and media route. The per-route details are covered by the
 * harness-based tests beside this file; this one proves the wiring and an end-to-end flow.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createFakeBackend,
  type FakeBackend,
  type FakeBackendUser,
} from '../../src/testing/fake-backend/create-fake-backend.js';

type Json = Record<string, unknown>;
function data(json: unknown): Json {
  return (json as { data: Json }).data;
}

let backend: FakeBackend;
let alice: FakeBackendUser;
let bob: FakeBackendUser;

async function call(user: FakeBackendUser | null, method: string, path: string, body?: unknown) {
  const headers = new Headers();
  if (user) headers.set('authorization', `Bearer ${user.token}`);
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    headers.set('content-type', 'application/json');
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const res = await backend.fetch(new Request(`${backend.baseUrl}${path}`, init));
  const text = await res.text();
  return { res, json: text ? (JSON.parse(text) as unknown) : undefined };
}

beforeAll(async () => {
  backend = createFakeBackend({ authRateLimit: false });
  alice = await backend.createUser({
    email: 'alice@example.test',
    password: 'correct-horse-battery',
    name: 'Alice',
  });
  bob = await backend.createUser({
    email: 'bob@example.test',
    password: 'correct-horse-battery',
    name: 'Bob',
  });
});

describe('story routes in the full fake backend', () => {
  it('generates, illustrates, narrates, plays, lists and deletes a story', async () => {
    const hero = await call(alice, 'POST', '/api/v1/heroes', {
      name: 'Luna',
      age: 6,
      traits: ['brave', 'curious'],
    });
    expect(hero.res.status).toBe(201);
    const heroId = String(data(hero.json).id);

    const created = await call(alice, 'POST', '/api/v1/stories', {
      heroId,
      language: 'en',
      eventType: 'Bedtime Adventure',
    });
    expect(created.res.status).toBe(201);
    expect(created.res.headers.get('x-content-type-options')).toBe('nosniff');
    const story = data(created.json);
    const storyId = String(story.id);
    expect(story).toMatchObject({ illustrationCount: 0, illustrationStatus: 'pending' });

    const profile = await backend.getUser(alice.userId);
    expect(profile?.totalStoriesGenerated).toBe(1);

    const illustrated = await call(alice, 'POST', `/api/v1/stories/${storyId}/illustrations`, {});
    expect(data(illustrated.json)).toMatchObject({ failed: 0, status: 'completed' });
    const audio = await call(alice, 'POST', `/api/v1/stories/${storyId}/audio`, {});
    const audioUrl = String(data(audio.json).audioUrl);
    const download = await backend.fetch(new Request(audioUrl));
    expect(download.status).toBe(200);
    expect(Number(download.headers.get('content-length'))).toBeGreaterThan(1000);

    const played = await call(alice, 'POST', `/api/v1/stories/${storyId}/play`);
    expect(data(played.json).playCount).toBe(1);
    const listened = await call(alice, 'POST', '/api/v1/analytics/sessions', {
      storyId,
      duration: 10,
      completed: true,
    });
    expect(listened.res.status).toBe(201);

    const list = await call(alice, 'GET', '/api/v1/stories?includeIllustrations=true');
    const [item] = data(list.json).stories as Json[];
    expect(item).toMatchObject({
      id: storyId,
      playCount: 2,
      audioGenerationStatus: 'completed',
      illustrationStatus: 'completed',
      hero: { id: heroId, name: 'Luna' },
    });
    expect(item?.illustrationCount).toBe((item?._count as Json | undefined)?.illustrations);

    const forbidden = await call(bob, 'GET', `/api/v1/stories/${storyId}`);
    expect(forbidden.res.status).toBe(403);
    const deleted = await call(alice, 'DELETE', `/api/v1/stories/${storyId}`);
    expect(deleted.json).toEqual({ data: { id: storyId }, message: 'Story deleted successfully' });
    expect((await backend.fetch(new Request(audioUrl))).status).toBe(404);
  });

  it('locks bob out after five malformed bodies with the exact 429 (fixtures 165–169)', async () => {
    const hero = await call(bob, 'POST', '/api/v1/heroes', {
      name: 'Bo',
      age: 5,
      traits: ['kind'],
    });
    for (let i = 0; i < 5; i++) {
      const bad = await call(bob, 'POST', '/api/v1/stories', '{');
      expect(bad.res.status).toBe(500);
    }
    const limited = await call(bob, 'POST', '/api/v1/stories', {
      heroId: data(hero.json).id,
      language: 'en',
    });
    expect(limited.res.status).toBe(429);
    expect(limited.res.headers.get('retry-after')).toBeNull();
    expect(String((limited.json as Json).message)).toMatch(
      /^Rate limit exceeded for story_generation\. Resets at .+Z\. Limit: 5 requests per hour\.$/,
    );
    const usage = await call(bob, 'GET', '/api/v1/user/usage');
    const summary = data(usage.json).summary as Json;
    expect(summary).toMatchObject({ totalRequests: 6, failedRequests: 6 });
  });

  it('answers 401 on every story-side route without a session', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/stories'],
      ['GET', '/api/v1/analytics/summary'],
      ['POST', '/api/v1/ai-assistant/generate-title'],
    ] as const) {
      const { res, json } = await call(null, method, path, method === 'POST' ? {} : undefined);
      expect(res.status).toBe(401);
      expect(json).toEqual({ error: 'Unauthorized', message: 'Authentication required' });
    }
  });
});
