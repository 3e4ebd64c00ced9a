import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { envelope, HERO_ID, hero } from '../../test/support/client-samples.js';
import { BASE_URL, useMswServer } from '../../test/support/msw-server.js';
import {
  AuthError,
  ContractError,
  HttpError,
  isHttpError,
  NetworkError,
  RateLimitError,
} from '../errors/index.js';
import { createApiClient } from './api-client.js';

const { server, requests } = useMswServer();
const NOW = Date.parse('2026-11-26T21:10:32.000Z');

function client() {
  return createApiClient({
    baseUrl: BASE_URL,
    retry: { limit: 0 },
    now: () => NOW,
  });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('error mapping of non-2xx answers', () => {
  it('maps a validation 400 to HttpError with code, message and details', async () => {
    server.use(
      http.patch(`${BASE_URL}/api/v1/heroes/:id/visual-profile`, () =>
        HttpResponse.json(
          {
            error: 'ValidationError',
            message: 'Invalid request body',
            details: { formErrors: [], fieldErrors: { age: ['Invalid input'] } },
          },
          { status: 400 },
        ),
      ),
    );
    const error = await failure(
      client().heroes.visualProfile.update('cmwy1qq6z001dsu7dv35uz34h', { age: 6 }),
    );
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({
      name: 'HttpError',
      status: 400,
      code: 'ValidationError',
      serverMessage: 'Invalid request body',
      details: { formErrors: [], fieldErrors: { age: ['Invalid input'] } },
      operation: 'heroes.visualProfile.update',
      method: 'PATCH',
      url: `${BASE_URL}/api/v1/heroes/cmwy1qq6z001dsu7dv35uz34h/visual-profile`,
    });
    expect((error as Error).message).toContain('heroes.visualProfile.update failed with 400');
  });

  it.each([
    [403, 'Forbidden', 'You do not have access to this hero'],
    [404, 'NotFound', 'Hero not found'],
    [409, 'Conflict', 'Visual profile already exists for this hero. Use PATCH to update.'],
    [500, 'InternalServerError', 'An unexpected error occurred'],
  ])('maps %i %s to HttpError', async (status, code, message) => {
    server.use(
      http.get(`${BASE_URL}/api/v1/heroes/:id`, () =>
        HttpResponse.json({ error: code, message }, { status }),
      ),
    );
    const error = await failure(client().heroes.get('cmwy1qq6z001dsu7dv35uz34h'));
    expect(isHttpError(error)).toBe(true);
    expect(error).toMatchObject({ status, code, serverMessage: message });
  });

  it('maps better-auth {code, message} bodies to HttpError with the code', async () => {
    server.use(
      http.get(`${BASE_URL}/api/v1/user/profile`, () =>
        HttpResponse.json(
          { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Content-Type is required.' },
          { status: 415 },
        ),
      ),
    );
    const error = await failure(client().user.profile());
    expect(error).toMatchObject({
      name: 'HttpError',
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      serverMessage: 'Content-Type is required.',
    });
  });

  it('maps the batch routes {error: "<message>"} bodies to HttpError', async () => {
    server.use(
      http.post(`${BASE_URL}/api/batch`, () =>
        HttpResponse.json({ error: 'Invalid request: heroes must be an array' }, { status: 400 }),
      ),
    );
    const error = await failure(client().batch.importHeroes([]));
    expect(error).toMatchObject({
      name: 'HttpError',
      status: 400,
      serverMessage: 'Invalid request: heroes must be an array',
    });
  });

  it('maps the HTML 404 page of an unknown path to HttpError 404 without a code', async () => {
    server.use(
      http.get(
        `${BASE_URL}/api/v1/heroes/:id`,
        () =>
          new HttpResponse(
            '<!DOCTYPE html><html><title>404: This page could not be found.</title>',
            {
              status: 404,
              headers: { 'content-type': 'text/html; charset=utf-8' },
            },
          ),
      ),
    );
    const error = await failure(client().heroes.get('cmwy1qq6z001dsu7dv35uz34h'));
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 404, code: undefined, serverMessage: undefined });
  });

  it('maps an empty-bodied error (better-auth 500) to HttpError without a code', async () => {
    server.use(
      http.post(
        `${BASE_URL}/api/v1/stories/:id/play`,
        () => new HttpResponse(null, { status: 500 }),
      ),
    );
    const error = await failure(client().stories.play('cmwy1quqc001psu7dp7blhqyj'));
    expect(error).toMatchObject({ name: 'HttpError', status: 500, code: undefined });
  });

  it('maps a JSON error answer that is not an error body to ContractError', async () => {
    server.use(
      http.delete(`${BASE_URL}/api/v1/heroes/:id`, () =>
        HttpResponse.json({ oops: true }, { status: 500 }),
      ),
    );
    const error = await failure(client().heroes.delete('cmwy1qq6z001dsu7dv35uz34h'));
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({ status: 500, path: 'error', operation: 'heroes.delete' });
  });

  it('maps a fetch TypeError (connection refused) to NetworkError', async () => {
    server.use(http.post(`${BASE_URL}/api/v1/heroes`, () => HttpResponse.error()));
    const error = await failure(
      client().heroes.create({ name: 'Luna', age: 6, traits: ['brave'] }),
    );
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ operation: 'heroes.create', method: 'POST' });
    expect((error as NetworkError).cause).toBeInstanceOf(TypeError);
  });
});

describe('429 rate limits', () => {
  it('parses operation, limit and resetAt from the backend message', async () => {
    server.use(
      http.post(`${BASE_URL}/api/v1/stories`, () =>
        HttpResponse.json(
          {
            error: 'RateLimitExceeded',
            message:
              'Rate limit exceeded for story_generation. Resets at 2026-11-26T22:10:32.256Z. Limit: 5 requests per hour.',
          },
          { status: 429 },
        ),
      ),
    );
    const error = await failure(
      client().stories.generate({ heroId: 'cmwy1qydy001wsu7dfpuoqlp5', language: 'en' }),
    );
    expect(error).toBeInstanceOf(RateLimitError);
    const rate = error as RateLimitError;
    expect(rate.limitedOperation).toBe('story_generation');
    expect(rate.limit).toBe(5);
    expect(rate.resetAt.toISOString()).toBe('2026-11-26T22:10:32.256Z');
    expect(rate.status).toBe(429);
    expect(rate.operation).toBe('stories.generate');
    expect(requests).toHaveLength(1);
  });

  it('falls back to now + 1 h when the message cannot be read', async () => {
    server.use(
      http.get(`${BASE_URL}/api/v1/user/usage`, () =>
        HttpResponse.json({ code: 'RATE_LIMIT', message: 'OpenAI is busy' }, { status: 429 }),
      ),
    );
    const error = (await failure(client().user.usage())) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.resetAt.getTime()).toBe(NOW + 3_600_000);
    expect(error.limitedOperation).toBeUndefined();
    expect(error.limit).toBeUndefined();
  });

  it('reads better-auth text/plain 429 with X-Retry-After', async () => {
    server.use(
      http.get(
        `${BASE_URL}/api/v1/user/profile`,
        () =>
          new HttpResponse('{"message":"Too many requests. Please try again later."}', {
            status: 429,
            headers: { 'content-type': 'text/plain;charset=UTF-8', 'x-retry-after': '10' },
          }),
      ),
    );
    const error = (await failure(client().user.profile())) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.limitedOperation).toBe('auth');
    expect(error.resetAt.getTime()).toBe(NOW + 10_000);
  });
});

describe('401 and the auth hook', () => {
  const unauthorized = () =>
    HttpResponse.json(
      { error: 'Unauthorized', message: 'Authentication required' },
      { status: 401 },
    );

  it('throws AuthError NOT_SIGNED_IN without an auth hook', async () => {
    server.use(http.get(`${BASE_URL}/api/v1/heroes`, unauthorized));
    const error = await failure(client().heroes.list());
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'NOT_SIGNED_IN', status: 401, operation: 'heroes.list' });
    expect(requests[0]?.headers.has('authorization')).toBe(false);
  });

  it('throws NOT_SIGNED_IN without consulting the hook when it has no token', async () => {
    server.use(http.get(`${BASE_URL}/api/v1/heroes`, unauthorized));
    let consulted = 0;
    const api = createApiClient({
      baseUrl: BASE_URL,
      auth: {
        getAuthorization: () => null,
        onUnauthorized: async () => {
          consulted++;
          return 'retry';
        },
      },
    });
    const error = await failure(api.heroes.list());
    expect(error).toMatchObject({ name: 'AuthError', code: 'NOT_SIGNED_IN' });
    expect(consulted).toBe(0);
    expect(requests).toHaveLength(1);
  });

  it("throws SESSION_EXPIRED when the hook answers 'fail'", async () => {
    server.use(http.get(`${BASE_URL}/api/v1/heroes`, unauthorized));
    const calls: Array<{ operation: string; url: string; repeated?: boolean }> = [];
    const api = createApiClient({
      baseUrl: BASE_URL,
      auth: {
        getAuthorization: () => 'Bearer dead-token',
        onUnauthorized: async (context) => {
          calls.push(context);
          return 'fail';
        },
      },
    });
    const error = await failure(api.heroes.list({ limit: 5 }));
    expect(error).toMatchObject({ name: 'AuthError', code: 'SESSION_EXPIRED', status: 401 });
    expect(calls).toEqual([
      { operation: 'heroes.list', url: `${BASE_URL}/api/v1/heroes?limit=5`, repeated: false },
    ]);
    expect(requests).toHaveLength(1);
  });

  it("re-sends once with a fresh Authorization when the hook answers 'retry'", async () => {
    const tokens = ['Bearer old', 'Bearer fresh'];
    server.use(
      http.post(`${BASE_URL}/api/v1/heroes`, ({ request }) =>
        request.headers.get('authorization') === 'Bearer fresh'
          ? HttpResponse.json(envelope(hero(), 'Hero created successfully'), { status: 201 })
          : unauthorized(),
      ),
    );
    let consulted = 0;
    const api = createApiClient({
      baseUrl: BASE_URL,
      auth: {
        getAuthorization: async () => tokens.shift() ?? null,
        onUnauthorized: async () => {
          consulted++;
          return 'retry';
        },
      },
    });
    // Even a POST is re-sent: a 401 means the server never processed it.
    const created = await api.heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    expect(created.id).toBe(HERO_ID);
    expect(consulted).toBe(1);
    expect(requests.map((r) => r.headers.get('authorization'))).toEqual([
      'Bearer old',
      'Bearer fresh',
    ]);
  });

  it('gives up with SESSION_EXPIRED when the re-sent request gets 401 again, telling the hook', async () => {
    server.use(http.get(`${BASE_URL}/api/v1/user/profile`, unauthorized));
    const repeatedFlags: Array<boolean | undefined> = [];
    const api = createApiClient({
      baseUrl: BASE_URL,
      auth: {
        getAuthorization: () => 'Bearer tok',
        onUnauthorized: async (context) => {
          repeatedFlags.push(context.repeated);
          return 'retry';
        },
      },
    });
    const error = await failure(api.user.profile());
    expect(error).toMatchObject({ name: 'AuthError', code: 'SESSION_EXPIRED' });
    // The second 401 is reported as repeated (so the AuthManager really checks the session),
    // and the request is not sent a third time even though the hook still says 'retry'.
    expect(repeatedFlags).toEqual([false, true]);
    expect(requests).toHaveLength(2);
  });

  it('does not send Authorization to health and ping', async () => {
    server.use(
      http.get(`${BASE_URL}/api/v1/ping`, () =>
        HttpResponse.json({ status: 'ok', timestamp: 1795727421261 }),
      ),
    );
    const api = createApiClient({
      baseUrl: BASE_URL,
      auth: { getAuthorization: () => 'Bearer tok', onUnauthorized: async () => 'fail' },
    });
    await expect(api.ping()).resolves.toEqual({ status: 'ok', timestamp: 1795727421261 });
    expect(requests[0]?.headers.has('authorization')).toBe(false);
  });

  it('wraps a failing auth hook in AuthError AUTH_HOOK_FAILED and sends nothing', async () => {
    const broken = createApiClient({
      baseUrl: BASE_URL,
      auth: {
        getAuthorization: () => {
          throw new Error('keychain locked');
        },
        onUnauthorized: async () => 'fail',
      },
    });
    const error = await failure(broken.heroes.list());
    expect(error).toMatchObject({ name: 'AuthError', code: 'AUTH_HOOK_FAILED' });
    expect((error as AuthError).cause).toEqual(new Error('keychain locked'));
    expect(requests).toHaveLength(0);
  });

  it('lets SDK errors from the auth hook through unchanged', async () => {
    server.use(http.get(`${BASE_URL}/api/v1/heroes`, unauthorized));
    const offline = new NetworkError({ operation: 'auth.getSession', method: 'GET', url: 'x' });
    const api = createApiClient({
      baseUrl: BASE_URL,
      auth: {
        getAuthorization: () => 'Bearer tok',
        onUnauthorized: async () => {
          throw offline;
        },
      },
    });
    await expect(api.heroes.list()).rejects.toBe(offline);
  });
});
