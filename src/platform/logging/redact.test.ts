import { describe, expect, it } from 'vitest';
import { isSensitiveKey, REDACTED, redact, redactString, redactValue } from './redact.js';

const TOKEN = 'L6ou7Lfp6wb5D0LucJnD7GM4CFZgUF0W.TpN79WC4IY7lzYnCWaEj%2FCGAuoowGFCksyiAGGZmIFQ%3D';

describe('isSensitiveKey', () => {
  it.each([
    'Authorization',
    'authorization',
    'proxy-authorization',
    'cookie',
    'Set-Cookie',
    'set-auth-token',
    'token',
    'accessToken',
    'refresh_token',
    'sessionToken',
    'idToken',
    'password',
    'newPassword',
    'client_secret',
    'apiKey',
    'x-api-key',
  ])('%s is sensitive', (key) => {
    expect(isSensitiveKey(key)).toBe(true);
  });

  it.each(['email', 'name', 'userId', 'tokenCount', 'status', 'expiresAt', 'url'])(
    '%s is not sensitive',
    (key) => {
      expect(isSensitiveKey(key)).toBe(false);
    },
  );
});

describe('redact', () => {
  it('removes secrets anywhere in nested fields and keeps everything else', () => {
    const fields = {
      operation: 'auth.signIn',
      request: {
        headers: { Authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: { email: 'alice@example.test', password: 'correct-horse-battery' },
      },
      response: {
        headers: { 'set-auth-token': TOKEN, 'set-cookie': 'a=b; Path=/' },
        body: { token: 'L6ou7Lfp6wb5D0LucJnD7GM4CFZgUF0W', user: { id: 'u1' } },
      },
      list: [{ session: { token: 'abc', id: 's1' } }],
    };
    const out = redact(fields);
    expect(out).toEqual({
      operation: 'auth.signIn',
      request: {
        headers: { Authorization: REDACTED, 'content-type': 'application/json' },
        body: { email: 'alice@example.test', password: REDACTED },
      },
      response: {
        headers: { 'set-auth-token': REDACTED, 'set-cookie': REDACTED },
        body: { token: REDACTED, user: { id: 'u1' } },
      },
      list: [{ session: { token: REDACTED, id: 's1' } }],
    });
    expect(JSON.stringify(out)).not.toContain('L6ou7Lfp6wb5');
    expect(JSON.stringify(out)).not.toContain('correct-horse');
  });

  it('does not mutate its input', () => {
    const fields = { headers: { authorization: 'Bearer x' } };
    redact(fields);
    expect(fields.headers.authorization).toBe('Bearer x');
  });

  it('redacts Headers objects, Maps, Errors with causes and handles cycles', () => {
    const headers = new Headers({ Authorization: `Bearer ${TOKEN}`, accept: 'application/json' });
    const cause = new Error(`upstream said Bearer ${TOKEN}`);
    const error = Object.assign(new Error('boom', { cause }), { token: TOKEN, status: 401 });
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const out = redact({
      headers,
      map: new Map([['password', 'hunter2222']]),
      error,
      cyclic,
      when: new Date(0),
      bytes: new Uint8Array(3),
    });
    expect(out.headers).toEqual({ authorization: REDACTED, accept: 'application/json' });
    expect(out.map).toEqual({ password: REDACTED });
    expect(out.error).toEqual({
      name: 'Error',
      message: 'boom',
      token: REDACTED,
      status: 401,
      cause: { name: 'Error', message: `upstream said Bearer ${REDACTED}` },
    });
    expect(out.cyclic).toEqual({ name: 'loop', self: '[Circular]' });
    expect(out.when).toBe('1970-01-01T00:00:00.000Z');
    expect(out.bytes).toBe('[3 bytes]');
    expect(JSON.stringify(out)).not.toContain('TpN79WC4');
  });

  it('scrubs known secret values from any string, even under harmless keys', () => {
    const out = redact(
      { note: `the value ${TOKEN} leaked`, url: `https://x.test/cb#${TOKEN}` },
      { secrets: [TOKEN] },
    );
    expect(out).toEqual({
      note: `the value ${REDACTED} leaked`,
      url: `https://x.test/cb#${REDACTED}`,
    });
  });

  it('ignores very short "secrets" so ordinary words survive', () => {
    expect(redactString('a short word', { secrets: ['short', ''] })).toBe('a short word');
  });

  it('keeps empty and null sensitive fields as they are (nothing to hide)', () => {
    expect(redact({ token: null, password: '' })).toEqual({ token: null, password: '' });
  });

  it('redacts arbitrary values with redactValue', () => {
    expect(redactValue([`Bearer ${TOKEN}`, 3, null])).toEqual([`Bearer ${REDACTED}`, 3, null]);
  });
});

describe('redactString', () => {
  it.each([
    [`Authorization: Bearer ${TOKEN}`, TOKEN],
    [`sending bearer ${TOKEN} now`, TOKEN],
    ['{"email":"a@b.co","password":"hunter2222"}', 'hunter2222'],
    ['{"token": "abcdefghijk", "user": {}}', 'abcdefghijk'],
    [`GET /callback?token=${TOKEN}&x=1`, TOKEN],
    ['password=hunter2222&email=a', 'hunter2222'],
    ['set-auth-token: abcdefgh.ijk%3D', 'abcdefgh.ijk%3D'],
    ['cookie: session=abcdefghij', 'session=abcdefghij'],
  ])('%s', (input, secret) => {
    const out = redactString(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
  });

  it('leaves ordinary text alone', () => {
    const text = 'signed in as alice@example.test; session expires 2026-12-26T21:09:30.087Z';
    expect(redactString(text)).toBe(text);
  });

  it('keeps the rest of a query string', () => {
    expect(redactString('/x?token=abc&limit=5')).toBe(`/x?token=${REDACTED}&limit=5`);
  });
});
