import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { envelope, HERO_ID, hero, STORY_ID } from '../../test/support/client-samples.js';
import { BASE_URL, useMswServer } from '../../test/support/msw-server.js';
import { ValidationError } from '../errors/index.js';
import { createApiClient } from './api-client.js';
import { resolveApiClientOptions } from './options.js';
import { Transport } from './transport.js';

const { server, requests } = useMswServer();
const api = () => createApiClient({ baseUrl: BASE_URL });

async function validationError(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('input is checked before anything is sent', () => {
  it.each([
    ['age below 3', { name: 'Tiny', age: 2, traits: ['small'] }, 'age'],
    ['age not an integer', { name: 'Tiny', age: 3.5, traits: ['small'] }, 'age'],
    ['no traits', { name: 'Tiny', age: 5, traits: [] }, 'traits'],
    [
      '21 traits',
      { name: 'Tiny', age: 5, traits: Array.from({ length: 21 }, () => 't') },
      'traits',
    ],
    ['a trait over 100 chars', { name: 'Tiny', age: 5, traits: ['x'.repeat(101)] }, 'traits.0'],
    ['empty name', { name: '', age: 5, traits: ['t'] }, 'name'],
    [
      'hairColor over 50',
      { name: 'T', age: 5, traits: ['t'], hairColor: 'x'.repeat(51) },
      'hairColor',
    ],
    [
      '11 abilities',
      { name: 'T', age: 5, traits: ['t'], specialAbilities: Array(11).fill('a') },
      'specialAbilities',
    ],
    [
      'appearance over 500',
      { name: 'T', age: 5, traits: ['t'], appearance: 'x'.repeat(501) },
      'appearance',
    ],
  ])('heroes.create refuses %s', async (_label, input, field) => {
    const error = await validationError(api().heroes.create(input as never));
    expect(error.field).toBe(field);
    expect(error.operation).toBe('heroes.create');
    expect(requests).toHaveLength(0);
  });

  it('heroes.update refuses values the server would silently ignore', async () => {
    expect((await validationError(api().heroes.update(HERO_ID, { name: '' }))).field).toBe('name');
    expect((await validationError(api().heroes.update(HERO_ID, { hairColor: '' }))).field).toBe(
      'hairColor',
    );
    expect((await validationError(api().stories.update(STORY_ID, { title: '' }))).field).toBe(
      'title',
    );
    expect(requests).toHaveLength(0);
  });

  it('custom events follow the server limits', async () => {
    const long = await validationError(
      api().customEvents.create({ title: 'x'.repeat(201), promptSeed: 'seed' }),
    );
    expect(long.field).toBe('title');
    const missing = await validationError(api().customEvents.create({ title: 'T' } as never));
    expect(missing.field).toBe('promptSeed');
    const patch = await validationError(
      api().customEvents.update('c1', { ageRange: 'x'.repeat(21) }),
    );
    expect(patch.field).toBe('ageRange');
  });

  it('refuses an unreadable date instead of sending it', async () => {
    const error = await validationError(api().heroes.list({ updatedAfter: 'not-a-date' }));
    expect(error).toMatchObject({ operation: 'heroes.list', field: 'updatedAfter' });
    expect(requests).toHaveLength(0);
  });

  it('refuses empty ids, "." and "..", and ids without a valid form; sends nothing', async () => {
    for (const id of ['', '.', '..', 'a/b?c', '../users', 'a b', 'x'.repeat(129)]) {
      expect((await validationError(api().heroes.get(id))).field).toBe('heroId');
      expect((await validationError(api().stories.delete(id))).field).toBe('storyId');
    }
    expect(requests).toHaveLength(0);
    server.use(
      http.get(`${BASE_URL}/api/v1/heroes/:id`, () => HttpResponse.json(envelope(hero()))),
    );
    await api().heroes.get('cm0abcdefghijklmnopqrstuv');
    expect(requests[0]?.url.pathname).toBe('/api/v1/heroes/cm0abcdefghijklmnopqrstuv');
  });

  it('refuses a listening session that ends before it starts', async () => {
    const error = await validationError(
      api().analytics.createSession({
        storyId: STORY_ID,
        startedAt: '2026-11-26T21:00:00.000Z',
        endedAt: '2026-11-26T20:00:00.000Z',
      }),
    );
    expect(error.field).toBe('endedAt');
  });

  it('refuses batches over 100 items and names the bad item field', async () => {
    const heroes = Array.from({ length: 101 }, (_, i) => ({
      id: `l${i}`,
      name: 'H',
      age: 5,
      traits: ['t'],
    }));
    const tooMany = await validationError(api().batch.importHeroes(heroes));
    expect(tooMany).toMatchObject({ operation: 'batch.importHeroes', field: 'heroes' });
    const stories = Array.from({ length: 101 }, (_, i) => ({
      id: `s${i}`,
      heroId: HERO_ID,
      title: 't',
      content: 'c',
    }));
    expect((await validationError(api().batch.importStories(stories))).field).toBe('stories');
    const badItem = await validationError(
      api().batch.importHeroes([{ id: 'l1', name: 'H', traits: [] } as never]),
    );
    expect(badItem.field).toBe('heroes.0.age');
    expect((await validationError(api().batch.importStories('nope' as never))).message).toContain(
      'must be an array',
    );
    expect(requests).toHaveLength(0);
  });
});

describe('Idempotency-Key', () => {
  it('is sent on creates only when enabled and given', async () => {
    server.use(
      http.post(`${BASE_URL}/api/v1/heroes`, () =>
        HttpResponse.json(envelope(hero()), { status: 201 }),
      ),
    );
    const input = { name: 'Luna', age: 6, traits: ['brave'] };
    const enabled = createApiClient({ baseUrl: BASE_URL, idempotencyKeys: true });
    await enabled.heroes.create(input, { idempotencyKey: 'mutation-1' });
    await enabled.heroes.create(input);
    await api().heroes.create(input, { idempotencyKey: 'mutation-2' });
    expect(requests.map((r) => r.headers.get('idempotency-key'))).toEqual([
      'mutation-1',
      null,
      null,
    ]);
  });
});

describe('client options', () => {
  it.each([
    ['not a URL', { baseUrl: 'api.example.com' }, 'baseUrl'],
    ['not http', { baseUrl: 'ftp://api.example.com' }, 'baseUrl'],
    ['a negative timeout', { baseUrl: BASE_URL, timeoutMs: -1 }, 'timeoutMs'],
    [
      'a NaN retry delay',
      { baseUrl: BASE_URL, retry: { baseDelayMs: Number.NaN } },
      'retry.baseDelayMs',
    ],
  ])('refuses %s', (_label, options, field) => {
    expect(() => createApiClient(options)).toThrow(ValidationError);
    try {
      createApiClient(options);
    } catch (error) {
      expect((error as ValidationError).field).toBe(field);
    }
  });

  it('keeps a base path and drops trailing slashes', async () => {
    server.use(
      http.get(`${BASE_URL}/backend/api/v1/ping`, () =>
        HttpResponse.json({ status: 'ok', timestamp: 1 }),
      ),
    );
    const client = createApiClient({ baseUrl: `${BASE_URL}/backend//` });
    expect(client.baseUrl).toBe(`${BASE_URL}/backend`);
    await expect(client.ping()).resolves.toEqual({ status: 'ok', timestamp: 1 });
  });

  it('sends through an injected fetch', async () => {
    const seen: string[] = [];
    const client = createApiClient({
      baseUrl: 'http://injected.test',
      fetch: async (input) => {
        seen.push(input instanceof Request ? input.url : String(input));
        return Response.json({ status: 'ok', timestamp: 2 });
      },
    });
    await expect(client.ping()).resolves.toEqual({ status: 'ok', timestamp: 2 });
    expect(seen).toEqual(['http://injected.test/api/v1/ping']);
  });

  it('hands a write to fetch as its JSON text beside the URL (no Request body to copy)', async () => {
    const seen: Array<{ input: unknown; body: unknown; headers: Headers; signal: unknown }> = [];
    const client = createApiClient({
      baseUrl: 'http://injected.test',
      auth: { getAuthorization: () => 'Bearer t', onUnauthorized: async () => 'fail' },
      fetch: async (input, init) => {
        seen.push({
          input,
          body: init?.body,
          headers: new Headers(init?.headers),
          signal: init?.signal,
        });
        return Response.json(envelope(hero()), { status: 201 });
      },
    });
    await client.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
    expect(seen).toHaveLength(1);
    const [sent] = seen;
    expect(sent?.input).toBe('http://injected.test/api/v1/heroes');
    expect(sent?.body).toBe('{"name":"Luna","age":7,"traits":["brave"]}');
    expect(sent?.signal).toBeInstanceOf(AbortSignal);
    expect(Object.fromEntries(sent?.headers ?? [])).toEqual({
      accept: 'application/json',
      authorization: 'Bearer t',
      'content-type': 'application/json',
    });
  });

  it('refuses a body that cannot be written as JSON, before anything is sent', async () => {
    let sent = 0;
    const transport = new Transport(
      resolveApiClientOptions({
        baseUrl: 'http://injected.test',
        fetch: async () => {
          sent++;
          return Response.json({});
        },
      }),
    );
    const cyclic: Record<string, unknown> = { name: 'Luna' };
    cyclic.self = cyclic;
    const call = {
      operation: 'test.cyclic',
      method: 'POST' as const,
      path: 'api/v1/x',
      body: cyclic,
    };
    const error = await validationError(transport.send({ ...call, response: z.unknown() }));
    expect(error).toMatchObject({ operation: 'test.cyclic', field: 'body' });
    expect(sent).toBe(0);
  });
});

describe('fetch answers from another realm', () => {
  it('sends a write once when fetch answers with a Response that is not this realm’s', async () => {
    // A fetch from a package (undici's own, a polyfill, another frame) answers with a Response
    // its caller's `instanceof Response` does not recognise.
    const calls: unknown[] = [];
    const client = createApiClient({
      baseUrl: 'http://injected.test',
      fetch: async (input) => {
        calls.push(input);
        const real = Response.json(envelope(hero()), { status: 201 });
        const foreign = {
          status: real.status,
          ok: real.ok,
          headers: real.headers,
          body: real.body,
          text: () => real.text(),
        };
        return foreign as unknown as Response;
      },
    });
    await expect(
      client.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] }),
    ).resolves.toMatchObject({ id: HERO_ID });
    expect(calls).toEqual(['http://injected.test/api/v1/heroes']);
  });
});
