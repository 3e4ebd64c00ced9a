/**
 * A representative subset of the API client over real loopback HTTP (Node's fetch, a real
 * socket) against the fake backend server: the paths msw cannot prove (real network errors,
 * real timeouts and aborts, real Date headers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createApiClient } from '../../src/api/api-client.js';
import { AbortError, NetworkError, TimeoutError } from '../../src/errors/index.js';
import { type FakeBackendServer, startFakeBackendServer } from '../../src/testing/index.js';
import { bearer } from '../support/contract-harness.js';

let running: FakeBackendServer;
let api: ApiClient;

beforeAll(async () => {
  running = await startFakeBackendServer({ authRateLimit: false });
  const user = await running.backend.createUser({
    email: `loopback-${process.pid}@example.test`,
    password: 'correct-horse-battery',
    name: 'Loopback',
  });
  // The signed `set-auth-token` value works byte-for-byte as a bearer token.
  api = createApiClient({
    baseUrl: running.url,
    auth: bearer(user.setAuthToken),
    retry: { limit: 2, baseDelayMs: 1 },
  });
});

afterAll(async () => {
  await running?.close();
});

describe('API client over loopback HTTP', () => {
  it('creates, lists, generates, plays and deletes through a real socket', async () => {
    expect((await api.health()).status).toBe('healthy');
    expect((await api.ping()).status).toBe('ok');
    const hero = await api.heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    const listed = await api.heroes.list();
    expect(listed.heroes.map((h) => h.id)).toContain(hero.id);
    const story = await api.stories.generate({ heroId: hero.id, language: 'en' });
    expect((await api.stories.play(story.id)).playCount).toBe(1);
    const event = await api.customEvents.create({ title: 'Trip', promptSeed: 'A trip' });
    await expect(api.customEvents.delete(event.id)).resolves.toEqual({ id: event.id });
    await expect(api.heroes.delete(hero.id)).resolves.toEqual({ id: hero.id });
    await expect(api.stories.get(story.id)).rejects.toMatchObject({ status: 404 });
    const usage = await api.user.usage();
    expect(usage.rateLimits.story_generation.remaining).toBe(4);
  });

  it('retries a GET whose connection was dropped, and reports a dropped POST', async () => {
    running.backend.faults.failNext(1, { network: true, match: { method: 'GET' } });
    await expect(api.heroes.list()).resolves.toHaveProperty('pagination');
    running.backend.faults.failNext(1, { network: true, match: { method: 'POST' } });
    await expect(api.heroes.create({ name: 'Lost', age: 5, traits: ['t'] })).rejects.toBeInstanceOf(
      NetworkError,
    );
  });

  it('times out and aborts real requests', async () => {
    const stop = running.backend.faults.delay(2_000, { path: '/api/v1/user/profile' });
    try {
      await expect(api.user.profile({ timeoutMs: 50 })).rejects.toBeInstanceOf(TimeoutError);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 30);
      await expect(api.user.profile({ signal: controller.signal })).rejects.toBeInstanceOf(
        AbortError,
      );
    } finally {
      stop();
    }
  });

  it('estimates the backend clock from real Date headers', async () => {
    running.backend.clock.advance(-30 * 60_000);
    try {
      const fresh = createApiClient({ baseUrl: running.url });
      await fresh.ping();
      expect(Math.abs(fresh.clock.offsetMs() + 30 * 60_000)).toBeLessThanOrEqual(1_500);
    } finally {
      running.backend.clock.advance(30 * 60_000);
    }
  });

  it('reads the HTML 404 page of an unknown route as HttpError 404', async () => {
    const unknown = createApiClient({ baseUrl: `${running.url}/not-the-api` });
    await expect(unknown.ping()).rejects.toMatchObject({
      name: 'HttpError',
      status: 404,
      code: undefined,
    });
  });
});
