import { beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/testing/fake-backend/clock.js';
import { clampPagination } from '../../src/testing/fake-backend/http.js';
import { createIdGenerator } from '../../src/testing/fake-backend/ids.js';
import {
  createFakeBackend,
  type FakeBackend,
  FakeNetworkError,
  isFakeNetworkError,
} from '../../src/testing/index.js';
import { CUID, call, createHero, newUser } from './harness.js';

const SECURITY = {
  'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
  'x-frame-options': 'SAMEORIGIN',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'origin-when-cross-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};
const VARY = 'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch';

describe('fake backend platform behaviour', () => {
  let backend: FakeBackend;
  let token: string;

  beforeAll(async () => {
    backend = createFakeBackend({
      authRateLimit: false,
      fastPasswordHashing: true,
      now: () => new Date('2026-11-26T21:05:10.123Z'),
    });
    ({ token } = await newUser(backend));
  });

  it('puts an IMF-fixdate Date header from the backend clock on every response', async () => {
    const replies = [
      await call(backend, 'GET', '/api/v1/health'),
      await call(backend, 'GET', '/api/v1/does-not-exist'),
      await call(backend, 'GET', '/api/auth/get-session'),
      await call(backend, 'GET', '/api/v1/heroes'),
    ];
    for (const reply of replies) {
      expect(reply.headers.get('date')).toBe('Thu, 26 Nov 2026 21:05:10 GMT');
    }
    backend.clock.advance(60_000);
    expect((await call(backend, 'GET', '/api/v1/ping')).headers.get('date')).toBe(
      'Thu, 26 Nov 2026 21:06:10 GMT',
    );
    backend.clock.set(new Date('2026-11-26T21:05:10.123Z'));
  });

  it('adds the security headers and Next vary to every response, CORS only for allowlisted origins', async () => {
    const plain = await call(backend, 'GET', '/api/v1/heroes', { token });
    for (const [name, value] of Object.entries(SECURITY))
      expect(plain.headers.get(name)).toBe(value);
    expect(plain.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    expect(plain.headers.get('vary')).toBe(VARY);
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    expect(plain.headers.get('content-type')).toBe('application/json');

    const allowed = await call(backend, 'GET', '/api/v1/heroes?limit=1', {
      token,
      headers: { origin: 'http://localhost:3000' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(allowed.headers.get('access-control-allow-methods')).toBe(
      'GET, POST, PUT, DELETE, PATCH, OPTIONS',
    );
    expect(allowed.headers.get('access-control-allow-headers')).toBe('Content-Type, Authorization');
    expect(allowed.headers.get('access-control-expose-headers')).toBe('set-auth-token');
    expect(allowed.headers.get('vary')).toBe(`Origin, ${VARY}`);

    const foreign = await call(backend, 'GET', '/api/v1/heroes', {
      token,
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(200);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers CORS preflights with 204', async () => {
    const reply = await call(backend, 'OPTIONS', '/api/v1/heroes', {
      headers: { origin: 'capacitor://localhost', 'access-control-request-method': 'POST' },
    });
    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
    expect(reply.headers.get('access-control-allow-origin')).toBe('capacitor://localhost');
    expect(reply.headers.get('content-type')).toBeNull();
  });

  it("lists the route's methods in Allow on OPTIONS, as Next.js does (161)", async () => {
    const allow = async (path: string) =>
      (await call(backend, 'OPTIONS', path)).headers.get('allow');
    expect(await allow('/api/v1/heroes')).toBe('GET, HEAD, OPTIONS, POST');
    expect(await allow('/api/v1/heroes/cabc')).toBe('DELETE, GET, HEAD, OPTIONS, PATCH');
    expect(await allow('/api/v1/stories/cabc/play')).toBe('OPTIONS, POST');
    expect(await allow('/api/auth/sign-in/email')).toBe('GET, HEAD, OPTIONS, POST');
    expect(await allow('/api/v1/does-not-exist')).toBeNull();
  });

  it('serves Next.js HTML 404 pages for unknown paths, including /api/ping', async () => {
    for (const path of ['/api/v1/does-not-exist', '/api/ping', '/api/v1/heroes/x/unknown']) {
      const reply = await call(backend, 'GET', path, { token });
      expect(reply.status).toBe(404);
      expect(reply.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(reply.headers.get('content-length')).toBe('9099');
      expect(reply.text.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(reply.text).toContain('404: This page could not be found.');
      expect(reply.headers.get('vary')).toBe(`${VARY}, Accept-Encoding`);
      // Served from Next's prerender cache (045, 163).
      expect(reply.headers.get('etag')).toBe('"7e56agt6870r"');
      expect(reply.headers.get('x-nextjs-cache')).toBe('HIT');
      expect(reply.headers.get('x-nextjs-prerender')).toBe('1, 1');
      expect(reply.headers.get('x-nextjs-stale-time')).toBe('300');
    }
  });

  it('health uses the envelope, ping does not and gives epoch ms', async () => {
    const health = await call(backend, 'GET', '/api/v1/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({
      data: {
        status: 'healthy',
        timestamp: backend.clock.now().toISOString(),
        database: 'connected',
        version: '1.0.0',
      },
    });
    const ping = await call(backend, 'GET', '/api/v1/ping');
    expect(ping.body).toEqual({ status: 'ok', timestamp: backend.clock.now().getTime() });
    backend.setHealthy(false);
    const down = await call(backend, 'GET', '/api/v1/health');
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ error: 'ServiceUnavailable', message: 'Service is unhealthy' });
    backend.setHealthy(true);
  });

  it('answers unauthenticated /api/v1 calls with the 401 envelope', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/heroes'],
      ['POST', '/api/v1/heroes'],
      ['GET', '/api/v1/user/profile'],
      ['GET', '/api/v1/custom-events'],
    ] as const) {
      const reply = await call(backend, method, path, method === 'POST' ? { body: {} } : {});
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({ error: 'Unauthorized', message: 'Authentication required' });
    }
  });

  it('generates unique, increasing cuid-like ids and ms timestamps from the clock', async () => {
    const a = await createHero(backend, token, { name: 'A' });
    const b = await createHero(backend, token, { name: 'B' });
    expect(a.id).toMatch(CUID);
    expect(b.id).toMatch(CUID);
    expect(a.id < b.id).toBe(true);
    expect(a.createdAt).toBe('2026-11-26T21:05:10.123Z');
    const next = createIdGenerator(() => new Date(0));
    const ids = new Set(Array.from({ length: 1000 }, () => next()));
    expect(ids.size).toBe(1000);
  });

  it('stops answering after close(): fetch rejects with a FakeNetworkError (a TypeError)', async () => {
    const other = createFakeBackend();
    other.close();
    other.close();
    const error = await other
      .fetch(new Request(`${other.baseUrl}/api/v1/ping`))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FakeNetworkError);
    expect(error).toBeInstanceOf(TypeError);
    expect(isFakeNetworkError(error)).toBe(true);
    expect(isFakeNetworkError(new TypeError('x'))).toBe(false);
  });
});

describe('clampPagination', () => {
  it.each([
    [null, null, 50, 0],
    ['0', null, 50, 0],
    ['-5', '-5', 1, 0],
    ['abc', 'abc', 50, 0],
    ['1000', '7', 100, 7],
    ['20', '3', 20, 3],
  ])('limit=%s offset=%s → %i/%i', (limit, offset, expectedLimit, expectedOffset) => {
    expect(clampPagination(limit, offset)).toEqual({
      limit: expectedLimit,
      offset: expectedOffset,
    });
  });
});

describe('createFakeClock', () => {
  it('follows its base with an offset that advance() and set() move', () => {
    let base = 1_000;
    const clock = createFakeClock(() => new Date(base));
    clock.advance(500);
    expect(clock.now().getTime()).toBe(1_500);
    base = 2_000;
    expect(clock.now().getTime()).toBe(2_500);
    clock.set(new Date(10_000));
    expect(clock.now().getTime()).toBe(10_000);
    base = 3_000;
    expect(clock.now().getTime()).toBe(11_000);
    expect(Math.abs(createFakeClock().now().getTime() - Date.now())).toBeLessThan(1000);
  });
});
