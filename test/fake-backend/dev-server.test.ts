/**
 * The fake backend as a development server: a web app's dev origin is trusted only when it is
 * allowed, and a client must use the server's own loopback name in its `baseUrl`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, createClient } from '../../src/index.js';
import { parseFakeBackendArgs, startFakeBackendCli } from '../../src/testing/fake-backend-cli.js';
import type { FakeBackendServer } from '../../src/testing/index.js';

const VITE = 'http://localhost:5173';
const PASSWORD = 'correct-horse-battery';
let server: FakeBackendServer;
let printed = '';

beforeAll(async () => {
  const args = parseFakeBackendArgs([
    '--port',
    '0',
    '--allow-origin',
    `${VITE},http://localhost:4321/`,
    '--user',
    `parent@example.test:${PASSWORD}`,
  ]);
  if (args === 'help') throw new Error('unexpected help');
  server = await startFakeBackendCli(args, { write: (text: string) => (printed += text) });
});

afterAll(async () => {
  await server.close();
});

const signIn = (origin: string, base = server.url) =>
  fetch(`${base}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email: 'parent@example.test', password: PASSWORD }),
  });

describe('infinitestories-fake-backend', () => {
  it('prints the baseUrl to use and the trusted origins', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(printed).toContain(`listening on ${server.url}`);
    expect(printed).toContain(`trusted web origins: ${VITE}, http://localhost:4321/`);
    expect(printed).toContain('account: parent@example.test');
  });

  it('answers a preflight and a sign-in from an allowed dev origin with CORS headers', async () => {
    const preflight = await fetch(`${server.url}/api/v1/heroes`, {
      method: 'OPTIONS',
      headers: { origin: VITE, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(VITE);
    const response = await signIn(VITE);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(VITE);
    expect(response.headers.get('set-auth-token')).toBeTruthy();
    // A trailing slash in the allowed origin is normalised away.
    expect((await signIn('http://localhost:4321')).status).toBe(200);
  });

  it('refuses a sign-in from an origin that is not allowed, without CORS headers', async () => {
    const response = await signIn('http://localhost:5174');
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ code: 'INVALID_ORIGIN', message: 'Invalid origin' });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('gives a client on the other loopback name 403 INVALID_ORIGIN, and the right one a session', async () => {
    const port = new URL(server.url).port;
    const wrong = createClient({ baseUrl: `http://localhost:${port}`, sync: { autoStart: false } });
    const right = createClient({ baseUrl: server.url, sync: { autoStart: false } });
    try {
      await Promise.all([wrong.ready, right.ready]);
      const failure = await wrong.auth
        .signIn({ email: 'parent@example.test', password: PASSWORD })
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(AuthError);
      expect(String((failure as Error).message)).toMatch(/INVALID_ORIGIN|origin/i);
      expect(wrong.auth.getSnapshot().status).toBe('signed-out');
      await right.auth.signIn({ email: 'parent@example.test', password: PASSWORD });
      expect(right.auth.getSnapshot().status).toBe('signed-in');
    } finally {
      await Promise.all([wrong.close(), right.close()]);
    }
  });

  it('refuses bad usage with a message', () => {
    expect(parseFakeBackendArgs(['--help'])).toBe('help');
    expect(() => parseFakeBackendArgs(['--host', 'example.com'])).toThrow(/--host/);
    expect(() => parseFakeBackendArgs(['--port', '-1'])).toThrow(/--port/);
    expect(() => parseFakeBackendArgs(['--allow-origin', 'not a url'])).toThrow(/not a URL/);
    expect(() => parseFakeBackendArgs(['--user', 'nopassword'])).toThrow(/email:password/);
    expect(parseFakeBackendArgs([])).toMatchObject({ port: 8787, hostname: '127.0.0.1' });
  });
});
