import { beforeAll, describe, expect, it } from 'vitest';
import { createFakeBackend, type FakeBackend } from '../../src/testing/index.js';
import { AUTH_ID, call, ISO_MS, newUser, uniqueEmail } from './harness.js';

const PASSWORD = 'correct-horse-battery';
const DAY = 24 * 60 * 60 * 1000;

describe('fake backend auth (real better-auth, CONTRACT.md §3 and §11.2 A)', () => {
  let backend: FakeBackend;
  let alice: { email: string; token: string; setAuthToken: string; userId: string };

  beforeAll(async () => {
    backend = createFakeBackend({ authRateLimit: false });
    const email = uniqueEmail('alice');
    const signUp = await call(backend, 'POST', '/api/auth/sign-up/email', {
      body: { email, password: PASSWORD, name: 'Alice Test' },
    });
    expect(signUp.status).toBe(200);
    alice = {
      email,
      token: signUp.body.token,
      setAuthToken: signUp.headers.get('set-auth-token') ?? '',
      userId: signUp.body.user.id,
    };
  });

  it('sign-up answers 200 with {token, user}, a URL-encoded set-auth-token and the expose header', async () => {
    const email = uniqueEmail('fresh');
    const reply = await call(backend, 'POST', '/api/auth/sign-up/email', {
      body: { email, password: PASSWORD, name: 'Fresh' },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.body.token).toMatch(AUTH_ID);
    expect(reply.body.user).toMatchObject({
      name: 'Fresh',
      email,
      emailVerified: false,
      image: null,
      totalStoriesGenerated: 0,
      totalAudioGenerated: 0,
      totalIllustrationsGenerated: 0,
      lastStoryGeneratedAt: null,
    });
    expect(reply.body.user.id).toMatch(AUTH_ID);
    expect(reply.body.user.createdAt).toMatch(ISO_MS);
    const header = reply.headers.get('set-auth-token') ?? '';
    expect(header.startsWith(`${reply.body.token}.`)).toBe(true);
    expect(header).not.toMatch(/[/+=]/);
    expect(header).toMatch(/%3D$/);
    expect(reply.headers.get('access-control-expose-headers')).toBe('set-auth-token');
    expect(reply.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('rejects a duplicate email with 422 and bad input with better-auth codes', async () => {
    const duplicate = await call(backend, 'POST', '/api/auth/sign-up/email', {
      body: { email: alice.email, password: PASSWORD, name: 'Again' },
    });
    expect(duplicate.status).toBe(422);
    expect(duplicate.body).toEqual({
      code: 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL',
      message: 'User already exists. Use another email.',
    });
    const short = await call(backend, 'POST', '/api/auth/sign-up/email', {
      body: { email: uniqueEmail('short'), password: 'short', name: 'Short' },
    });
    expect(short.status).toBe(400);
    expect(short.body).toEqual({ code: 'PASSWORD_TOO_SHORT', message: 'Password too short' });
    const noName = await call(backend, 'POST', '/api/auth/sign-up/email', {
      body: { email: uniqueEmail('noname'), password: PASSWORD },
    });
    expect(noName.status).toBe(400);
    expect(noName.body).toEqual({
      code: 'VALIDATION_ERROR',
      message: '[body.name] Invalid input: expected string, received undefined',
    });
    const badEmail = await call(backend, 'POST', '/api/auth/sign-up/email', {
      body: { email: 'not-an-email', password: PASSWORD, name: 'Bad' },
    });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body).toEqual({
      code: 'VALIDATION_ERROR',
      message: '[body.email] Invalid email address',
    });
  });

  it('sign-in answers {redirect:false, token, user} without a url key; bad credentials 401', async () => {
    const reply = await call(backend, 'POST', '/api/auth/sign-in/email', {
      body: { email: alice.email, password: PASSWORD },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.redirect).toBe(false);
    expect(reply.body.token).toMatch(AUTH_ID);
    expect('url' in reply.body).toBe(false);
    expect(reply.body.user.id).toBe(alice.userId);
    expect(reply.headers.get('set-auth-token')).toContain(`${reply.body.token}.`);
    const wrong = await call(backend, 'POST', '/api/auth/sign-in/email', {
      body: { email: alice.email, password: 'wrong-password-123' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({
      code: 'INVALID_EMAIL_OR_PASSWORD',
      message: 'Invalid email or password',
    });
  });

  it('requires a trusted Origin once a Sec-Fetch-* header is present', async () => {
    const body = { email: alice.email, password: PASSWORD };
    const missing = await call(backend, 'POST', '/api/auth/sign-in/email', {
      body,
      headers: { 'sec-fetch-mode': 'cors' },
    });
    expect(missing.status).toBe(403);
    expect(missing.body).toEqual({
      code: 'MISSING_OR_NULL_ORIGIN',
      message: 'Missing or null Origin',
    });
    const untrusted = await call(backend, 'POST', '/api/auth/sign-in/email', {
      body,
      headers: { 'sec-fetch-mode': 'cors', origin: 'https://evil.example' },
    });
    expect(untrusted.status).toBe(403);
    expect(untrusted.body).toEqual({ code: 'INVALID_ORIGIN', message: 'Invalid origin' });
    const trusted = await call(backend, 'POST', '/api/auth/sign-in/email', {
      body,
      headers: { 'sec-fetch-mode': 'cors', origin: backend.baseUrl },
    });
    expect(trusted.status).toBe(200);
    expect(trusted.headers.get('access-control-allow-origin')).toBe(backend.baseUrl);
    expect(trusted.headers.get('access-control-expose-headers')).toBe('set-auth-token');
    expect(trusted.headers.get('vary')?.startsWith('Origin, ')).toBe(true);
    const signUp = await call(backend, 'POST', '/api/auth/sign-up/email', {
      body: { email: uniqueEmail('fetch'), password: PASSWORD, name: 'Fetch' },
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(signUp.status).toBe(403);
  });

  it('answers malformed sign-in JSON with 500, an empty body and no content type', async () => {
    const reply = await call(backend, 'POST', '/api/auth/sign-in/email', { raw: '{"email": ' });
    expect(reply.status).toBe(500);
    expect(reply.text).toBe('');
    expect(reply.headers.get('content-type')).toBeNull();
  });

  it('has no /session/refresh: 404 with an empty body', async () => {
    const reply = await call(backend, 'POST', '/api/auth/session/refresh', {
      token: alice.token,
      body: {},
    });
    expect(reply.status).toBe(404);
    expect(reply.text).toBe('');
    expect(reply.headers.get('content-type')).toBeNull();
  });

  it('sign-out needs a JSON content type and body: 415, then 500, then 200 twice', async () => {
    const session = await call(backend, 'POST', '/api/auth/sign-in/email', {
      body: { email: alice.email, password: PASSWORD },
    });
    const token: string = session.body.token;
    const signed = session.headers.get('set-auth-token') ?? '';
    const noType = await call(backend, 'POST', '/api/auth/sign-out', { token });
    expect(noType.status).toBe(415);
    expect(noType.body).toEqual({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'Content-Type is required. Allowed types: application/json',
    });
    const empty = await call(backend, 'POST', '/api/auth/sign-out', {
      token,
      headers: { 'content-type': 'application/json' },
      raw: '',
    });
    expect(empty.status).toBe(500);
    expect(empty.text).toBe('');
    // Neither failed attempt signed the session out.
    expect((await call(backend, 'GET', '/api/v1/heroes', { token })).status).toBe(200);
    const ok = await call(backend, 'POST', '/api/auth/sign-out', { token, body: {} });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ success: true });
    const again = await call(backend, 'POST', '/api/auth/sign-out', { token, body: {} });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ success: true });
    expect((await call(backend, 'GET', '/api/auth/get-session', { token })).body).toBeNull();
    expect((await call(backend, 'GET', '/api/v1/heroes', { token })).status).toBe(401);
    expect((await call(backend, 'GET', '/api/v1/heroes', { token: signed })).status).toBe(401);
  });

  it('get-session accepts the raw token and the set-auth-token value as sent', async () => {
    for (const token of [alice.token, alice.setAuthToken]) {
      const reply = await call(backend, 'GET', '/api/auth/get-session', { token });
      expect(reply.status).toBe(200);
      expect(reply.body.user.id).toBe(alice.userId);
      expect(reply.body.session).toMatchObject({
        token: alice.token,
        userId: alice.userId,
        ipAddress: '127.0.0.1',
        userAgent: '',
      });
      expect(reply.body.session.id).toMatch(AUTH_ID);
      expect(reply.headers.get('set-auth-token')).toBeNull();
    }
  });

  it('get-session answers 200 null (never 401) where /api/v1 answers 401', async () => {
    const decoded = decodeURIComponent(alice.setAuthToken);
    const cases: (string | undefined)[] = [undefined, 'garbage-token', decoded];
    for (const token of cases) {
      const session = await call(backend, 'GET', '/api/auth/get-session', token ? { token } : {});
      expect(session.status).toBe(200);
      expect(session.text).toBe('null');
      const api = await call(backend, 'GET', '/api/v1/heroes', token ? { token } : {});
      expect(api.status).toBe(401);
      expect(api.body).toEqual({ error: 'Unauthorized', message: 'Authentication required' });
    }
  });

  it('treats the Bearer scheme case-sensitively', async () => {
    const reply = await call(backend, 'GET', '/api/v1/heroes?limit=1', {
      headers: { authorization: `bearer ${alice.token}` },
    });
    expect(reply.status).toBe(401);
  });

  it('gives rememberMe:false sessions one day', async () => {
    const before = Date.now();
    const reply = await call(backend, 'POST', '/api/auth/sign-in/email', {
      body: { email: alice.email, password: PASSWORD, rememberMe: false },
    });
    expect(reply.status).toBe(200);
    const list = await call(backend, 'GET', '/api/auth/list-sessions', { token: alice.token });
    expect(Array.isArray(list.body)).toBe(true);
    const session = list.body.find((s: { token: string }) => s.token === reply.body.token);
    const lifetime = Date.parse(session.expiresAt) - before;
    expect(lifetime).toBeGreaterThan(DAY - 60_000);
    expect(lifetime).toBeLessThan(DAY + 60_000);
  });

  it('slides a session read more than 24 h after its last update, with a set-auth-token header', async () => {
    const user = await newUser(backend, 'Slider');
    backend.ageSession(user.token, 2 * DAY);
    const slid = await call(backend, 'GET', '/api/auth/get-session', { token: user.token });
    expect(slid.status).toBe(200);
    expect(slid.headers.get('set-auth-token')).toBe(user.setAuthToken);
    const expiresIn = Date.parse(slid.body.session.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(30 * DAY - 60_000);
    expect(Date.parse(slid.body.session.createdAt)).toBeLessThan(Date.now() - DAY);
    const again = await call(backend, 'GET', '/api/auth/get-session', { token: user.token });
    expect(again.headers.get('set-auth-token')).toBeNull();
  });

  it('slides on /api/v1 calls too, without a header', async () => {
    const user = await newUser(backend, 'Apicaller');
    backend.ageSession(user.setAuthToken, 2 * DAY);
    const api = await call(backend, 'GET', '/api/v1/heroes', { token: user.token });
    expect(api.status).toBe(200);
    expect(api.headers.get('set-auth-token')).toBeNull();
    const session = await call(backend, 'GET', '/api/auth/get-session', { token: user.token });
    expect(Date.parse(session.body.session.expiresAt) - Date.now()).toBeGreaterThan(
      30 * DAY - 60_000,
    );
    expect(session.headers.get('set-auth-token')).toBeNull();
  });

  it('expired sessions read as null on get-session and 401 on the API', async () => {
    const user = await newUser(backend, 'Expiring');
    backend.expireSession(user.token);
    expect((await call(backend, 'GET', '/api/auth/get-session', { token: user.token })).text).toBe(
      'null',
    );
    expect((await call(backend, 'GET', '/api/v1/heroes', { token: user.token })).status).toBe(401);
    expect(() => backend.expireSession(user.token)).toThrow(/no session/);
  });

  it('createUser signs up without HTTP and returns a working token and 32-char id', async () => {
    const user = await newUser(backend, 'Helper');
    expect(user.userId).toMatch(AUTH_ID);
    expect(user.setAuthToken.startsWith(`${user.token}.`)).toBe(true);
    const profile = await call(backend, 'GET', '/api/v1/user/profile', {
      token: user.setAuthToken,
    });
    expect(profile.body.data.id).toBe(user.userId);
    expect(await backend.getUser(user.userId)).toMatchObject({ name: 'Helper', image: null });
    expect(await backend.getUser('missing')).toBeNull();
  });
});

describe('better-auth rate limiter (3 per 10 s on sign-in/sign-up)', () => {
  // Quick password hashing: each failed sign-in still hashes (better-auth's timing guard), and
  // four scrypt hashes under load took long enough to time out, or to leave the 10 s window.
  const limiterBackend = () => createFakeBackend({ fastPasswordHashing: true });

  it('answers the 4th attempt with 429, text/plain JSON and X-Retry-After, keyed per path', async () => {
    const backend = limiterBackend();
    const body = { email: uniqueEmail('limited'), password: 'wrong-password-123' };
    for (let i = 0; i < 3; i++) {
      expect((await call(backend, 'POST', '/api/auth/sign-in/email', { body })).status).toBe(401);
    }
    const limited = await call(backend, 'POST', '/api/auth/sign-in/email', { body });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    expect(limited.body).toEqual({ message: 'Too many requests. Please try again later.' });
    expect(Number(limited.headers.get('x-retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('x-retry-after'))).toBeLessThanOrEqual(10);
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(limited.headers.get('date')).not.toBeNull();
    expect((await call(backend, 'GET', '/api/auth/get-session')).status).toBe(200);
    // Another instance does not share the limiter.
    const other = limiterBackend();
    expect((await call(other, 'POST', '/api/auth/sign-in/email', { body })).status).toBe(401);
  });
});

describe('fastPasswordHashing', () => {
  it('still checks passwords on sign-in', async () => {
    const backend = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
    const email = uniqueEmail('fast');
    await backend.createUser({ email, password: PASSWORD, name: 'Fast' });
    const row = await backend.getUser(
      (
        await call(backend, 'POST', '/api/auth/sign-in/email', {
          body: { email, password: PASSWORD },
        })
      ).body.user.id,
    );
    expect(row?.email).toBe(email);
    const ok = await call(backend, 'POST', '/api/auth/sign-in/email', {
      body: { email, password: PASSWORD },
    });
    expect(ok.status).toBe(200);
    const wrong = await call(backend, 'POST', '/api/auth/sign-in/email', {
      body: { email, password: 'wrong-password-123' },
    });
    expect(wrong.status).toBe(401);
  });
});
