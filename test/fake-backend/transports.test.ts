import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFakeBackend,
  type FakeBackend,
  type FakeBackendServer,
  fakeBackendHandlers,
  startFakeBackendServer,
} from '../../src/testing/index.js';
import { readReply } from './harness.js';

const PASSWORD = 'correct-horse-battery';

describe('through msw and the global fetch', () => {
  let backend: FakeBackend;
  const server = setupServer();

  beforeAll(() => {
    backend = createFakeBackend({ authRateLimit: false, baseUrl: 'http://fake.api.test' });
    server.use(...fakeBackendHandlers(backend));
    server.listen({ onUnhandledRequest: 'error' });
  });
  afterAll(() => server.close());

  it('signs up (with Origin, as fetch sends Sec-Fetch-Mode), then creates and lists heroes', async () => {
    const noOrigin = await fetch('http://fake.api.test/api/auth/sign-up/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'msw1@example.test', password: PASSWORD, name: 'Msw' }),
    });
    expect(noOrigin.status).toBe(403);
    expect(await noOrigin.json()).toEqual({
      code: 'MISSING_OR_NULL_ORIGIN',
      message: 'Missing or null Origin',
    });
    const signUp = await fetch('http://fake.api.test/api/auth/sign-up/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://fake.api.test' },
      body: JSON.stringify({ email: 'msw1@example.test', password: PASSWORD, name: 'Msw' }),
    });
    expect(signUp.status).toBe(200);
    const token = signUp.headers.get('set-auth-token');
    expect(token).toBeTruthy();
    const created = await fetch('http://fake.api.test/api/v1/heroes', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 'Luna', age: 6, traits: ['brave'] }),
    });
    expect(created.status).toBe(201);
    const list = await readReply(
      await fetch('http://fake.api.test/api/v1/heroes', {
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    expect(list.body.data.heroes.map((h: { name: string }) => h.name)).toEqual(['Luna']);
    expect(list.headers.get('date')).toBeTruthy();
  });

  it('turns injected network errors into fetch rejections', async () => {
    backend.faults.failNext(1, { network: true });
    await expect(fetch('http://fake.api.test/api/v1/ping')).rejects.toThrow(TypeError);
    expect((await fetch('http://fake.api.test/api/v1/ping')).status).toBe(200);
  });

  it('can leave Sec-Fetch-* alone when asked', async () => {
    const plain = createFakeBackend({ authRateLimit: false, baseUrl: 'http://plain.api.test' });
    server.use(...fakeBackendHandlers(plain, { simulateFetchMetadata: false }));
    const signUp = await fetch('http://plain.api.test/api/auth/sign-up/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'msw2@example.test', password: PASSWORD, name: 'Plain' }),
    });
    expect(signUp.status).toBe(200);
  });
});

describe('over real loopback HTTP', () => {
  let running: FakeBackendServer;

  beforeAll(async () => {
    running = await startFakeBackendServer({ authRateLimit: false });
  });
  afterAll(async () => {
    await running.close();
    await running.close();
  });

  it('listens on 127.0.0.1 with its real URL as baseUrl', async () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.backend.baseUrl).toBe(running.url);
    const ping = await fetch(`${running.url}/api/v1/ping`);
    expect(ping.status).toBe(200);
    expect((await ping.json()).status).toBe('ok');
    const missing = await fetch(`${running.url}/api/ping`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('runs the Origin check with undici’s own Sec-Fetch-Mode, and a full hero + media flow', async () => {
    const body = JSON.stringify({ email: 'loop@example.test', password: PASSWORD, name: 'Loop' });
    const refused = await fetch(`${running.url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(refused.status).toBe(403);
    const signUp = await fetch(`${running.url}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: running.url },
      body,
    });
    expect(signUp.status).toBe(200);
    expect(signUp.headers.get('access-control-allow-origin')).toBe(running.url);
    const token = signUp.headers.get('set-auth-token') ?? '';
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const hero = await (
      await fetch(`${running.url}/api/v1/heroes`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name: 'Loopy', age: 7, traits: ['fast'] }),
      })
    ).json();
    const avatar = await fetch(`${running.url}/api/v1/heroes/${hero.data.id}/avatar`, {
      method: 'POST',
      headers: auth,
      body: '{}',
    });
    const { data } = await avatar.json();
    expect(data.avatarUrl.startsWith(`${running.url}/__fake-r2/`)).toBe(true);
    const image = await fetch(data.avatarUrl);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    const bytes = await image.arrayBuffer();
    expect(Number(image.headers.get('content-length'))).toBe(bytes.byteLength);
    const signOut = await fetch(`${running.url}/api/auth/sign-out`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(signOut.status).toBe(415);
  });

  it('destroys the socket on an injected network error', async () => {
    running.backend.faults.failNext(1, { network: true });
    await expect(fetch(`${running.url}/api/v1/ping`)).rejects.toThrow(TypeError);
    expect((await fetch(`${running.url}/api/v1/ping`)).status).toBe(200);
  });
});

describe('loopback aborts', () => {
  it('lets a client abort a slow generation without breaking the server', async () => {
    const running = await startFakeBackendServer({ authRateLimit: false });
    try {
      running.backend.faults.delay(5_000, { path: '/api/v1/ping' });
      const controller = new AbortController();
      const pending = fetch(`${running.url}/api/v1/ping`, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
      running.backend.faults.clear();
      expect((await fetch(`${running.url}/api/v1/health`)).status).toBe(200);
    } finally {
      await running.close();
    }
  });
});
