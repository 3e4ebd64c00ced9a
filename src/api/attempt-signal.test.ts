/**
 * The abort wiring of each request attempt: the caller's signal and the timeout end a request
 * and the read of its body, even when fetch ignores the signal once the headers arrived; a
 * caller's signal shared by many requests gets one listener, not one per request.
 */
import { describe, expect, it, vi } from 'vitest';
import { heldTimers } from '../../test/support/held-timers.js';
import { AbortError, TimeoutError } from '../errors/index.js';
import { createApiClient } from './api-client.js';
import type { ApiClientOptions } from './options.js';

const PONG = { status: 'ok', timestamp: 1 };

/** A fetch whose answers wait until `answer()`; it honours the signal until then. */
function heldFetch() {
  const waiting: Array<() => void> = [];
  const fetch = (_input: Request | URL | string, init?: RequestInit): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      const answer = () => resolve(Response.json(PONG));
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true });
      waiting.push(answer);
    });
  return { fetch, waiting, answer: () => waiting.shift()?.() };
}

/** A fetch whose body starts and never ends, and which ignores the signal once it answered. */
function stalledBodyFetch() {
  let answered = false;
  const fetch = async (): Promise<Response> => {
    answered = true;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"status":'));
      },
    });
    return new Response(body, { headers: { 'content-type': 'application/json' } });
  };
  return { fetch, answered: () => answered };
}

const api = (options: Partial<ApiClientOptions>) =>
  createApiClient({ baseUrl: 'http://api.test', retry: { limit: 0 }, ...options });

describe('the attempt signal', () => {
  it('gives a caller signal one listener for any number of requests, and its abort ends each', async () => {
    const server = heldFetch();
    const client = api({ fetch: server.fetch, timers: heldTimers() });
    const caller = new AbortController();
    const added = vi.spyOn(caller.signal, 'addEventListener');
    const calls = [1, 2, 3, 4].map(() =>
      client.ping({ signal: caller.signal }).catch((e: unknown) => e),
    );
    await vi.waitFor(() => expect(server.waiting).toHaveLength(4));
    expect(added).toHaveBeenCalledTimes(1);
    caller.abort(new Error('screen closed'));
    for (const error of await Promise.all(calls)) {
      expect(error).toBeInstanceOf(AbortError);
      expect((error as AbortError).cause).toEqual(new Error('screen closed'));
    }
  });

  it('still ends a later request under the same caller signal', async () => {
    const server = heldFetch();
    const client = api({ fetch: server.fetch, timers: heldTimers() });
    const caller = new AbortController();
    const first = client.ping({ signal: caller.signal });
    await vi.waitFor(() => expect(server.waiting).toHaveLength(1));
    server.answer();
    await expect(first).resolves.toEqual(PONG);
    const second = client.ping({ signal: caller.signal }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(server.waiting).toHaveLength(1));
    caller.abort();
    expect(await second).toBeInstanceOf(AbortError);
    const third = await client.ping({ signal: caller.signal }).catch((e: unknown) => e);
    expect(third).toBeInstanceOf(AbortError);
  });

  it('times out a body that stalls, when fetch ignores the signal after the headers', async () => {
    const server = stalledBodyFetch();
    const timers = heldTimers();
    const call = api({ fetch: server.fetch, timers, timeoutMs: 30 })
      .ping()
      .catch((e: unknown) => e);
    await vi.waitFor(() => expect(server.answered()).toBe(true));
    await vi.waitFor(() => expect(timers.pending).toHaveLength(1));
    timers.pending[0]?.fire();
    expect(await call).toBeInstanceOf(TimeoutError);
  });

  it('ends a stalled body read when the caller aborts', async () => {
    const server = stalledBodyFetch();
    const caller = new AbortController();
    const call = api({ fetch: server.fetch, timers: heldTimers() })
      .ping({ signal: caller.signal })
      .catch((e: unknown) => e);
    await vi.waitFor(() => expect(server.answered()).toBe(true));
    caller.abort();
    expect(await call).toBeInstanceOf(AbortError);
  });
});
