import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeBackend, fakeBackendHandlers } from '../../src/testing/index.js';
import { call, createHero, newUser } from './harness.js';

const R2 = 'https://bucket.account.r2.cloudflarestorage.com';

describe('media on its own origin (mediaOrigin), like R2 in production (CONTRACT.md §11.2 F29)', () => {
  const backend = createFakeBackend({
    authRateLimit: false,
    fastPasswordHashing: true,
    mediaOrigin: `${R2}/`,
  });
  const server = setupServer(...fakeBackendHandlers(backend));
  let token: string;
  let avatarUrl: string;

  beforeAll(async () => {
    server.listen({ onUnhandledRequest: 'error' });
    ({ token } = await newUser(backend));
    const hero = await createHero(backend, token);
    const reply = await call(backend, 'POST', `/api/v1/heroes/${hero.id}/avatar`, {
      token,
      body: {},
    });
    avatarUrl = reply.body.data.avatarUrl;
  });
  afterAll(() => server.close());

  it('signs URLs in R2 virtual-hosted form: <origin>/<key>?X-Amz-…', () => {
    expect(backend.mediaOrigin).toBe(R2);
    expect(avatarUrl).toMatch(
      /^https:\/\/bucket\.account\.r2\.cloudflarestorage\.com\/avatar\/[A-Za-z0-9]{32}\/\d+-c[a-z0-9]{24}\.png\?X-Amz-Algorithm=AWS4-HMAC-SHA256&.*X-Amz-Expires=900&X-Amz-Signature=[0-9a-f]{64}&/,
    );
  });

  it('serves the bytes from that origin through backend.fetch and through msw', async () => {
    const direct = await backend.fetch(new Request(avatarUrl));
    expect(direct.status).toBe(200);
    expect(direct.headers.get('content-type')).toBe('image/png');
    expect(direct.headers.get('date')).not.toBeNull();
    // R2 is not the Next.js app: none of its headers.
    expect(direct.headers.get('x-frame-options')).toBeNull();
    const bytes = new Uint8Array(await direct.arrayBuffer());
    expect(direct.headers.get('content-length')).toBe(String(bytes.byteLength));

    const viaMsw = await fetch(avatarUrl);
    expect(viaMsw.status).toBe(200);
    expect(new Uint8Array(await viaMsw.arrayBuffer())).toEqual(bytes);
  });

  it('refuses forged, expired and non-GET requests on the media origin', async () => {
    const forged = avatarUrl.replace(
      /X-Amz-Signature=[0-9a-f]{64}/,
      `X-Amz-Signature=${'0'.repeat(64)}`,
    );
    expect((await backend.fetch(new Request(forged))).status).toBe(403);
    expect((await backend.fetch(new Request(avatarUrl, { method: 'PUT', body: 'x' }))).status).toBe(
      405,
    );
    backend.clock.advance(15 * 60 * 1000 + 1000);
    const expired = await backend.fetch(new Request(avatarUrl));
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');
  });

  it('keeps the API on baseUrl and the default download route when unset', async () => {
    expect((await call(backend, 'GET', '/api/v1/heroes', { token })).status).toBe(200);
    const plain = createFakeBackend({ authRateLimit: false });
    expect(plain.mediaOrigin).toBe(plain.baseUrl);
    expect(fakeBackendHandlers(plain)).toHaveLength(1);
    expect(fakeBackendHandlers(backend)).toHaveLength(2);
  });
});
