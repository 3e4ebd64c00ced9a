import { beforeAll, describe, expect, it } from 'vitest';
import { createFakeBackend, type FakeBackend, FakeNetworkError } from '../../src/testing/index.js';
import { call, createHero, newUser } from './harness.js';

describe('fault injection', () => {
  let backend: FakeBackend;
  let token: string;

  beforeAll(async () => {
    backend = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
    ({ token } = await newUser(backend));
  });

  it('failNext answers N requests with a status without reaching the backend', async () => {
    backend.faults.failNext(2, { status: 502 });
    const first = await call(backend, 'POST', '/api/v1/heroes', {
      token,
      body: { name: 'Never', age: 5, traits: ['x'] },
    });
    expect(first.status).toBe(502);
    expect(first.body.error).toBe('InjectedFault');
    expect((await call(backend, 'GET', '/api/v1/ping')).status).toBe(502);
    expect((await call(backend, 'GET', '/api/v1/ping')).status).toBe(200);
    expect([...backend.db.heroes.values()].some((h) => h.name === 'Never')).toBe(false);
  });

  it('failNext with a body and content type (e.g. an HTML 502 page), and default 503', async () => {
    backend.faults.failNext(1, {
      status: 502,
      body: '<html>Bad Gateway</html>',
      contentType: 'text/html',
    });
    const html = await call(backend, 'GET', '/api/v1/heroes', { token });
    expect(html.status).toBe(502);
    expect(html.text).toBe('<html>Bad Gateway</html>');
    expect(html.headers.get('content-type')).toBe('text/html');
    backend.faults.failNext(1);
    expect((await call(backend, 'GET', '/api/v1/heroes', { token })).status).toBe(503);
  });

  it('failNext network rejects with FakeNetworkError and honours method/path matches', async () => {
    backend.faults.failNext(1, {
      network: true,
      match: { method: 'post', path: '/api/v1/heroes' },
    });
    expect((await call(backend, 'GET', '/api/v1/heroes', { token })).status).toBe(200);
    expect((await call(backend, 'POST', '/api/v1/custom-events', { token, body: {} })).status).toBe(
      400,
    );
    await expect(
      call(backend, 'POST', '/api/v1/heroes', {
        token,
        body: { name: 'X', age: 5, traits: ['x'] },
      }),
    ).rejects.toBeInstanceOf(FakeNetworkError);
    backend.faults.failNext(1, { status: 500, match: { path: /^\/api\/v1\/heroes\/c/ } });
    expect((await call(backend, 'GET', '/api/v1/heroes', { token })).status).toBe(200);
    expect((await call(backend, 'GET', '/api/v1/heroes/cnothing', { token })).status).toBe(500);
  });

  it('dropResponse applies the write, then loses the acknowledgement', async () => {
    backend.faults.dropResponse(1, { method: 'POST' });
    const before = backend.db.heroes.size;
    await expect(
      call(backend, 'POST', '/api/v1/heroes', {
        token,
        body: { name: 'Lost ack', age: 5, traits: ['x'] },
      }),
    ).rejects.toBeInstanceOf(FakeNetworkError);
    expect(backend.db.heroes.size).toBe(before + 1);
    expect([...backend.db.heroes.values()].some((h) => h.name === 'Lost ack')).toBe(true);
  });

  it('malformNext returns the given body instead of the real answer', async () => {
    backend.faults.malformNext(1, '{"data": {"heroes": [', { match: { path: '/api/v1/heroes' } });
    const truncated = await call(backend, 'GET', '/api/v1/heroes', { token });
    expect(truncated.status).toBe(200);
    expect(truncated.text).toBe('{"data": {"heroes": [');
    expect(truncated.json).toBeUndefined();
    backend.faults.malformNext(1, '<h1>oops</h1>', { status: 502, contentType: 'text/html' });
    const page = await call(backend, 'GET', '/api/v1/ping');
    expect(page.status).toBe(502);
    expect(page.headers.get('content-type')).toBe('text/html');
  });

  it('delay adds latency, can be removed, and respects AbortSignal', async () => {
    const stop = backend.faults.delay(80, { path: '/api/v1/ping' });
    const started = Date.now();
    expect((await call(backend, 'GET', '/api/v1/ping')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(70); // a lower bound holds on a busy machine
    stop();
    // Which requests wait is told by racing them against a long delay, not by timing them.
    const winner = (racers: Record<string, Promise<unknown>>) =>
      Promise.race(Object.entries(racers).map(([name, racer]) => racer.then(() => name)));
    const long = backend.faults.delay(10_000, { path: '/api/v1/ping' });
    const waiting = new AbortController();
    const delayed = call(backend, 'GET', '/api/v1/ping', { signal: waiting.signal });
    const settled = delayed.catch((error: unknown) => error);
    expect(await winner({ delayed: settled, other: call(backend, 'GET', '/api/v1/health') })).toBe(
      'other',
    );
    waiting.abort();
    expect(await settled).toMatchObject({ name: 'AbortError' });
    const aborted = new AbortController();
    aborted.abort();
    await expect(
      call(backend, 'GET', '/api/v1/ping', { signal: aborted.signal }),
    ).rejects.toMatchObject({
      name: 'AbortError',
    });
    long(); // removed: the ping no longer waits, and wins against a delayed health check
    const held = new AbortController();
    const health = backend.faults.delay(10_000, { path: '/api/v1/health' });
    const slow = call(backend, 'GET', '/api/v1/health', { signal: held.signal }).catch(() => {});
    expect(await winner({ ping: call(backend, 'GET', '/api/v1/ping'), slow })).toBe('ping');
    held.abort();
    await slow;
    health();
  });

  it('clear() removes every fault', async () => {
    backend.faults.failNext(5, { status: 500 });
    backend.faults.dropResponse(5);
    backend.faults.malformNext(5, 'x');
    backend.faults.delay(1_000);
    backend.faults.clear();
    expect((await call(backend, 'GET', '/api/v1/ping')).status).toBe(200);
  });
});

describe('Idempotency-Key mode', () => {
  it('is off by default: a repeated key creates twice', async () => {
    const backend = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
    const { token } = await newUser(backend);
    const headers = { 'idempotency-key': 'm-1' };
    await call(backend, 'POST', '/api/v1/heroes', {
      token,
      headers,
      body: { name: 'A', age: 5, traits: ['x'] },
    });
    await call(backend, 'POST', '/api/v1/heroes', {
      token,
      headers,
      body: { name: 'A', age: 5, traits: ['x'] },
    });
    expect(backend.db.heroes.size).toBe(2);
  });

  it('when on, replays the first response per user and key, also after a dropped response', async () => {
    const backend = createFakeBackend({
      authRateLimit: false,
      fastPasswordHashing: true,
      honourIdempotencyKey: true,
    });
    const [alice, bob] = await Promise.all([newUser(backend), newUser(backend)]);
    const body = { name: 'Once', age: 5, traits: ['x'] };
    backend.faults.dropResponse(1);
    await expect(
      call(backend, 'POST', '/api/v1/heroes', {
        token: alice.token,
        headers: { 'idempotency-key': 'k1' },
        body,
      }),
    ).rejects.toBeInstanceOf(FakeNetworkError);
    const retry = await call(backend, 'POST', '/api/v1/heroes', {
      token: alice.token,
      headers: { 'idempotency-key': 'k1' },
      body,
    });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(backend.db.heroes.size).toBe(1);
    const [concurrentA, concurrentB] = await Promise.all([
      call(backend, 'POST', '/api/v1/heroes', {
        token: alice.token,
        headers: { 'idempotency-key': 'k2' },
        body,
      }),
      call(backend, 'POST', '/api/v1/heroes', {
        token: alice.token,
        headers: { 'idempotency-key': 'k2' },
        body,
      }),
    ]);
    expect(concurrentA.body.data.id).toBe(concurrentB.body.data.id);
    expect(backend.db.heroes.size).toBe(2);
    const bobs = await call(backend, 'POST', '/api/v1/heroes', {
      token: bob.token,
      headers: { 'idempotency-key': 'k1' },
      body,
    });
    expect(bobs.headers.get('idempotent-replayed')).toBeNull();
    expect(backend.db.heroes.size).toBe(3);
    const hero = await createHero(backend, alice.token);
    const del = { token: alice.token, headers: { 'idempotency-key': 'del-1' } };
    expect((await call(backend, 'DELETE', `/api/v1/heroes/${hero.id}`, del)).status).toBe(200);
    const replayedDelete = await call(backend, 'DELETE', `/api/v1/heroes/${hero.id}`, del);
    expect(replayedDelete.status).toBe(200);
    expect(replayedDelete.body.data.id).toBe(hero.id);
    expect(
      (await call(backend, 'GET', '/api/v1/ping', { headers: { 'idempotency-key': 'k1' } })).status,
    ).toBe(200);
  });

  it('does not store 5xx answers, so a retry re-applies', async () => {
    const backend = createFakeBackend({
      authRateLimit: false,
      fastPasswordHashing: true,
      honourIdempotencyKey: true,
    });
    const { token } = await newUser(backend);
    const hero = await createHero(backend, token);
    const opts = { token, headers: { 'idempotency-key': 'p1' } };
    expect(
      (await call(backend, 'PATCH', `/api/v1/heroes/${hero.id}`, { ...opts, raw: '{' })).status,
    ).toBe(500);
    const retried = await call(backend, 'PATCH', `/api/v1/heroes/${hero.id}`, {
      ...opts,
      body: { name: 'Renamed' },
    });
    expect(retried.body.data.name).toBe('Renamed');
  });
});
