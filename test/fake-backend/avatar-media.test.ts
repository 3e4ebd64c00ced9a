import { beforeAll, describe, expect, it } from 'vitest';
import { createFakeBackend, type FakeBackend } from '../../src/testing/index.js';
import { call, createHero, newUser } from './harness.js';

const SIGNED =
  /^http:\/\/localhost:3000\/__fake-r2\/avatar\/[A-Za-z0-9]{32}\/\d+-c[a-z0-9]{24}\.png\?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Content-Sha256=UNSIGNED-PAYLOAD&X-Amz-Credential=fakeaccesskey%2F\d{8}%2Fauto%2Fs3%2Faws4_request&X-Amz-Date=\d{8}T\d{6}Z&X-Amz-Expires=900&X-Amz-Signature=[0-9a-f]{64}&X-Amz-SignedHeaders=host&x-amz-checksum-mode=ENABLED&x-id=GetObject$/;

describe('avatar generation, rate limits and media URLs', () => {
  let backend: FakeBackend;
  let user: { token: string; userId: string };
  let other: { token: string };

  beforeAll(async () => {
    backend = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
    [user, other] = await Promise.all([newUser(backend), newUser(backend)]);
  });

  it('generates a deterministic PNG, stores the R2 URL and key, and signs it on output', async () => {
    const hero = await createHero(backend, user.token);
    backend.clock.advance(10);
    const reply = await call(backend, 'POST', `/api/v1/heroes/${hero.id}/avatar`, {
      token: user.token,
      body: { style: 'standard', prompt: 'ignored' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.message).toBe('Avatar generated successfully');
    expect(reply.body.data.heroId).toBe(hero.id);
    expect(reply.body.data.avatarUrl).toMatch(SIGNED);
    const row = backend.db.heroes.get(hero.id);
    expect(row?.avatarUrl).toBe(`https://fake-bucket.r2.dev/${reply.body.data.generationId}`);
    expect(row?.avatarGenerationId).toBe(reply.body.data.generationId);
    expect(row?.avatarPrompt).toContain('Luna');
    expect(Date.parse(String(row?.updatedAt.toISOString()))).toBeGreaterThan(
      Date.parse(hero.updatedAt),
    );

    const first = await call(backend, 'GET', `/api/v1/heroes/${hero.id}`, { token: user.token });
    const second = await call(backend, 'GET', `/api/v1/heroes/${hero.id}`, { token: user.token });
    expect(first.body.data.avatarUrl).toMatch(SIGNED);
    expect(first.body.data.avatarUrl).not.toBe(second.body.data.avatarUrl);

    const download = await backend.fetch(new Request(first.body.data.avatarUrl));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/png');
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(download.headers.get('content-length')).toBe(String(bytes.byteLength));
    expect([...bytes.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    expect(download.headers.get('x-frame-options')).toBeNull();
  });

  it('refuses signed URLs after 15 minutes of backend time, and forged ones', async () => {
    const hero = await createHero(backend, user.token);
    await call(backend, 'POST', `/api/v1/heroes/${hero.id}/avatar`, {
      token: user.token,
      body: {},
    });
    const url: string = (
      await call(backend, 'GET', `/api/v1/heroes/${hero.id}`, { token: user.token })
    ).body.data.avatarUrl;
    backend.clock.advance(14 * 60 * 1000);
    expect((await backend.fetch(new Request(url))).status).toBe(200);
    backend.clock.advance(61 * 1000);
    const expired = await backend.fetch(new Request(url));
    expect(expired.status).toBe(403);
    expect(expired.headers.get('content-type')).toBe('application/xml');
    expect(await expired.text()).toContain('<Code>AccessDenied</Code>');
    const forged = await backend.fetch(
      new Request(url.replace(/X-Amz-Signature=[0-9a-f]+/, `X-Amz-Signature=${'0'.repeat(64)}`)),
    );
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('SignatureDoesNotMatch');
    const fresh: string = (
      await call(backend, 'GET', `/api/v1/heroes/${hero.id}`, { token: user.token })
    ).body.data.avatarUrl;
    expect((await backend.fetch(new Request(fresh))).status).toBe(200);
    backend.db.media.clear();
    const gone = await backend.fetch(new Request(fresh));
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain('NoSuchKey');
  });

  it('limits avatar generation to 3 per rolling hour, counting rejected attempts', async () => {
    const limited = createFakeBackend({
      authRateLimit: false,
      fastPasswordHashing: true,
      now: () => new Date('2026-11-26T21:00:00.000Z'),
    });
    const { token, userId } = await newUser(limited);
    const hero = await createHero(limited, token);
    const path = `/api/v1/heroes/${hero.id}/avatar`;
    for (let i = 0; i < 3; i++) {
      expect((await call(limited, 'POST', path, { token, body: {} })).status).toBe(200);
    }
    const rejected = await call(limited, 'POST', path, { token, body: {} });
    expect(rejected.status).toBe(429);
    const resetAt = new Date(limited.clock.now().getTime() + 60 * 60 * 1000).toISOString();
    expect(rejected.body).toEqual({
      error: 'RateLimitExceeded',
      message: `Rate limit exceeded for avatar_generation. Resets at ${resetAt}. Limit: 3 requests per hour.`,
    });
    expect(rejected.headers.get('retry-after')).toBeNull();
    expect([...rejected.headers.keys()].some((h) => h.startsWith('x-ratelimit'))).toBe(false);
    const rows = limited.db.apiUsage.filter((r) => r.userId === userId);
    expect(rows.map((r) => r.success)).toEqual([true, true, true, false]);
    expect(rows[3]?.errorMessage).toBe(rejected.body.message);

    // Rows age out of the rolling hour one by one; the rejected attempt keeps counting.
    limited.clock.advance(60 * 60 * 1000 + 1);
    expect((await call(limited, 'POST', path, { token, body: {} })).status).toBe(200);
    const usage = await call(limited, 'GET', '/api/v1/user/usage', { token });
    expect(usage.body.data.rateLimits.avatar_generation).toMatchObject({ remaining: 2, limit: 3 });
  });

  it('records malformed JSON as a failed attempt, but not 403/404', async () => {
    const limited = createFakeBackend({
      authRateLimit: false,
      fastPasswordHashing: true,
      rateLimits: { avatar_generation: 1 },
    });
    const owner = await newUser(limited);
    const stranger = await newUser(limited);
    const hero = await createHero(limited, owner.token);
    const path = `/api/v1/heroes/${hero.id}/avatar`;
    expect((await call(limited, 'POST', path, { token: stranger.token, body: {} })).status).toBe(
      403,
    );
    expect(
      (
        await call(limited, 'POST', '/api/v1/heroes/cnonexistent000000000000000/avatar', {
          token: owner.token,
          body: {},
        })
      ).status,
    ).toBe(404);
    expect(limited.db.apiUsage).toHaveLength(0);
    const malformed = await call(limited, 'POST', path, { token: owner.token, raw: '{' });
    expect(malformed.status).toBe(500);
    expect(limited.db.apiUsage).toHaveLength(1);
    const blocked = await call(limited, 'POST', path, { token: owner.token, body: {} });
    expect(blocked.status).toBe(429);
    expect(blocked.body.message).toContain('Limit: 1 requests per hour.');
  });

  it('signs any stored URL by its path, as the backend rebuilds R2 keys from URLs', async () => {
    const hero = await createHero(backend, user.token);
    const patched = await call(backend, 'PATCH', `/api/v1/heroes/${hero.id}`, {
      token: user.token,
      body: { avatarUrl: 'https://elsewhere.example/img/a%20b.png' },
    });
    expect(patched.body.data.avatarUrl).toContain('/__fake-r2/img/a%20b.png?X-Amz-Algorithm=');
    const download = await backend.fetch(new Request(patched.body.data.avatarUrl));
    expect(download.status).toBe(404);
  });

  it('rejects other users with 403 on avatar generation', async () => {
    const hero = await createHero(backend, user.token);
    const reply = await call(backend, 'POST', `/api/v1/heroes/${hero.id}/avatar`, {
      token: other.token,
      body: {},
    });
    expect(reply.status).toBe(403);
  });

  it('waits the configured generation latency and stops when the request is aborted', async () => {
    const slow = createFakeBackend({
      authRateLimit: false,
      fastPasswordHashing: true,
      generationLatencyMs: 2_000,
    });
    const { token } = await newUser(slow);
    const hero = await createHero(slow, token);
    const controller = new AbortController();
    const started = Date.now();
    const pending = call(slow, 'POST', `/api/v1/heroes/${hero.id}/avatar`, {
      token,
      body: {},
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(1_000);
    slow.setGenerationLatency(30);
    const done = await call(slow, 'POST', `/api/v1/heroes/${hero.id}/avatar`, { token, body: {} });
    expect(done.status).toBe(200);
  });
});
