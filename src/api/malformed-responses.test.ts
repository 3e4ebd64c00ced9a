/**
 * The five malformed answers the issue names (wrong field type, missing envelope, HTML 502 page,
 * empty body, truncated JSON), and a few more: each is a ContractError naming the endpoint and
 * the field, and nothing crashes or leaks `undefined`.
 */
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  envelope,
  HERO_ID,
  heroListItem,
  pagination,
  storyDetail,
} from '../../test/support/client-samples.js';
import { BASE_URL, useMswServer } from '../../test/support/msw-server.js';
import { ContractError, isContractError } from '../errors/index.js';
import { createApiClient } from './api-client.js';

const { server, requests } = useMswServer();

const api = () => createApiClient({ baseUrl: BASE_URL, retry: { limit: 1, baseDelayMs: 1 } });

async function contractError(promise: Promise<unknown>): Promise<ContractError> {
  const outcome = await promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error(`expected a ContractError, got ${JSON.stringify(outcome.value)}`);
  expect(isContractError(outcome.error)).toBe(true);
  return outcome.error as ContractError;
}

const html502 =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';

describe('malformed responses become ContractError', () => {
  it('wrong field type: names the endpoint and the exact field', async () => {
    server.use(
      http.get(`${BASE_URL}/api/v1/heroes`, () =>
        HttpResponse.json(
          envelope({
            heroes: [heroListItem(), heroListItem({ age: 'six' })],
            pagination: pagination(2),
          }),
        ),
      ),
    );
    const error = await contractError(api().heroes.list());
    expect(error.operation).toBe('heroes.list');
    expect(error.path).toBe('data.heroes.1.age');
    expect(error.status).toBe(200);
    expect(error.message).toContain('heroes.list');
    expect(error.message).toContain('data.heroes.1.age');
    expect(error.issues[0]?.message).toMatch(/expected number/);
  });

  it('missing envelope: the list without {data} fails at `data`', async () => {
    server.use(
      http.get(`${BASE_URL}/api/v1/heroes`, () =>
        HttpResponse.json({ heroes: [heroListItem()], pagination: pagination(1) }),
      ),
    );
    const error = await contractError(api().heroes.list());
    expect(error.path).toBe('data');
    expect(error.url).toBe(`${BASE_URL}/api/v1/heroes`);
  });

  it('HTML 502 page: retried as a GET, then ContractError with the status', async () => {
    server.use(
      http.get(
        `${BASE_URL}/api/v1/stories/:id`,
        () => new HttpResponse(html502, { status: 502, headers: { 'content-type': 'text/html' } }),
      ),
    );
    const error = await contractError(api().stories.get('cmwy1quqc001psu7dp7blhqyj'));
    expect(error.status).toBe(502);
    expect(error.operation).toBe('stories.get');
    expect(error.path).toBe('');
    expect(error.issues[0]?.message).toContain('text/html');
    expect(requests).toHaveLength(2);
  });

  it('HTML 502 page on a POST: not retried, same ContractError', async () => {
    server.use(
      http.post(
        `${BASE_URL}/api/v1/custom-events`,
        () => new HttpResponse(html502, { status: 502, headers: { 'content-type': 'text/html' } }),
      ),
    );
    const error = await contractError(
      api().customEvents.create({ title: 'Lost tooth', promptSeed: 'The hero loses a tooth' }),
    );
    expect(error.status).toBe(502);
    expect(requests).toHaveLength(1);
  });

  it('empty body on 200', async () => {
    server.use(
      http.get(`${BASE_URL}/api/v1/user/profile`, () => new HttpResponse('', { status: 200 })),
    );
    const error = await contractError(api().user.profile());
    expect(error.operation).toBe('user.profile');
    expect(error.issues[0]?.message).toContain('empty body');
  });

  it('truncated JSON on 200', async () => {
    const full = JSON.stringify(envelope(storyDetail()));
    server.use(
      http.get(
        `${BASE_URL}/api/v1/stories/:id`,
        () =>
          new HttpResponse(full.slice(0, full.length / 2), {
            headers: { 'content-type': 'application/json' },
          }),
      ),
    );
    const error = await contractError(api().stories.get('cmwy1quqc001psu7dp7blhqyj'));
    expect(error.path).toBe('');
    expect(error.issues[0]?.message).toContain('not JSON');
  });

  it('a `null` body, a wrong timestamp form and a bad id are all caught', async () => {
    server.use(
      http.get(`${BASE_URL}/api/v1/heroes/:id`, ({ params }) => {
        if (params.id === 'c1') return HttpResponse.json(null);
        if (params.id === 'c2') {
          return HttpResponse.json(envelope({ ...heroListItem(), updatedAt: '2026-11-26 21:10' }));
        }
        return HttpResponse.json(envelope({ ...heroListItem(), id: 42 }));
      }),
    );
    expect((await contractError(api().heroes.get('c1'))).path).toBe('');
    expect((await contractError(api().heroes.get('c2'))).path).toBe('data.updatedAt');
    expect((await contractError(api().heroes.get('c3'))).path).toBe('data.id');
  });

  it('a missing required nullable field is an error, never undefined', async () => {
    const { avatarUrl: _dropped, ...withoutAvatar } = heroListItem();
    server.use(
      http.get(`${BASE_URL}/api/v1/heroes/:id`, () => HttpResponse.json(envelope(withoutAvatar))),
    );
    const error = await contractError(api().heroes.get(HERO_ID));
    expect(error.path).toBe('data.avatarUrl');
  });

  it('tolerates extra keys the server may add, and drops them', async () => {
    server.use(
      http.get(`${BASE_URL}/api/v1/heroes/:id`, () =>
        HttpResponse.json(envelope({ ...heroListItem(), brandNewField: 1 })),
      ),
    );
    const hero = await api().heroes.get(HERO_ID);
    expect(hero.id).toBe(HERO_ID);
    expect('brandNewField' in hero).toBe(false);
  });

  it('a huge issue list is capped and the error stays readable', async () => {
    const heroes = Array.from({ length: 60 }, () => heroListItem({ age: 'x' }));
    server.use(
      http.get(`${BASE_URL}/api/v1/heroes`, () =>
        HttpResponse.json(envelope({ heroes, pagination: pagination(60) })),
      ),
    );
    const error = await contractError(api().heroes.list());
    expect(error.issues.length).toBeLessThanOrEqual(20);
    expect(error).toBeInstanceOf(ContractError);
  });
});
