/**
 * The per-attempt timeout runs on the injected timers: a request times out when those timers
 * fire it, never because the machine was slow (a test on a loaded machine stays exact).
 */
import { describe, expect, it, vi } from 'vitest';
import { heldTimers } from '../../test/support/held-timers.js';
import { isTimeoutError } from '../errors/index.js';
import { createApiClient } from './api-client.js';

/** A fetch that answers only when `answer()` is called, or fails when its signal aborts. */
function heldFetch() {
  const waiting: Array<() => void> = [];
  let arrived: () => void = () => undefined;
  const seen = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  let sent = 0;
  const fetch = (_input: Request | URL | string, init?: RequestInit): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      sent++;
      const answer = () => resolve(Response.json({ status: 'ok', timestamp: 1 }, { status: 200 }));
      const abort = () => {
        waiting.splice(waiting.indexOf(answer), 1);
        reject(new Error('aborted'));
      };
      if (init?.signal?.aborted) {
        reject(new Error('aborted'));
        return;
      }
      init?.signal?.addEventListener('abort', abort, { once: true });
      waiting.push(answer);
      arrived();
    });
  return { fetch, seen, answer: () => waiting.shift()?.(), sent: () => sent };
}

describe('the per-attempt timeout', () => {
  it('fires from the injected timers: a 1 ms timeout waits until they fire it', async () => {
    const timers = heldTimers();
    const server = heldFetch();
    const api = createApiClient({
      baseUrl: 'http://localhost:3000',
      fetch: server.fetch,
      timers,
      timeoutMs: 1,
      retry: { limit: 0 },
    });
    const settled: string[] = [];
    const ping = api.ping().then(
      () => settled.push('answered'),
      (error: unknown) => settled.push(isTimeoutError(error) ? 'timed out' : String(error)),
    );
    await server.seen;
    expect(timers.pending.map((timer) => timer.ms)).toEqual([1]);
    expect(settled).toEqual([]);
    timers.pending[0]?.fire();
    await ping;
    expect(settled).toEqual(['timed out']);
  });

  it('is cleared when the answer comes first', async () => {
    const timers = heldTimers();
    const server = heldFetch();
    const api = createApiClient({
      baseUrl: 'http://localhost:3000',
      fetch: server.fetch,
      timers,
      timeoutMs: 1,
    });
    const ping = api.ping();
    await server.seen;
    server.answer();
    await expect(ping).resolves.toEqual({ status: 'ok', timestamp: 1 });
    expect(timers.pending).toEqual([]);
  });

  it('retries a GET that timed out, waiting on the same timers, like a 408 or a network error', async () => {
    const timers = heldTimers();
    const server = heldFetch();
    const api = createApiClient({
      baseUrl: 'http://localhost:3000',
      fetch: server.fetch,
      timers,
      timeoutMs: 1,
      retry: { limit: 3, baseDelayMs: 7, jitter: false },
    });
    let settled = 'pending';
    const ping = api.ping().then(
      (answer) => {
        settled = `answered ${answer.status}`;
      },
      (error: unknown) => {
        settled = String(error);
      },
    );
    await server.seen;
    timers.pending[0]?.fire(); // the first attempt times out
    await vi.waitFor(() => expect(timers.pending.map((timer) => timer.ms)).toEqual([7]));
    expect(settled).toBe('pending');
    timers.pending[0]?.fire(); // the backoff ends: a second attempt is sent
    await vi.waitFor(() => expect(timers.pending.map((timer) => timer.ms)).toEqual([1]));
    server.answer();
    await ping;
    expect(settled).toBe('answered ok');
    expect(server.sent()).toBe(2);
    expect(timers.pending).toEqual([]);
  });

  it('gives up with TimeoutError once the retries are used', async () => {
    const timers = heldTimers();
    const server = heldFetch();
    const api = createApiClient({
      baseUrl: 'http://localhost:3000',
      fetch: server.fetch,
      timers,
      timeoutMs: 1,
      retry: { limit: 2, baseDelayMs: 5, jitter: false },
    });
    const ping = api.ping().catch((error: unknown) => error);
    // Each attempt times out, each wait ends: 3 attempts, 2 waits (5, then 10 ms).
    const fired: number[] = [];
    while (fired.length < 5) {
      await vi.waitFor(() => expect(timers.pending, `after ${fired.join()}`).toHaveLength(1));
      const timer = timers.pending[0] as { ms: number; fire: () => void };
      fired.push(timer.ms);
      timer.fire();
    }
    const error = await ping;
    expect(isTimeoutError(error)).toBe(true);
    expect(fired).toEqual([1, 5, 1, 10, 1]);
    expect(server.sent()).toBe(3);
  });

  it('never retries a write that timed out (the server may have applied it)', async () => {
    const timers = heldTimers();
    const server = heldFetch();
    const api = createApiClient({
      baseUrl: 'http://localhost:3000',
      fetch: server.fetch,
      timers,
      timeoutMs: 1,
      retry: { limit: 3, baseDelayMs: 5, jitter: false },
    });
    const create = api.heroes
      .create({ name: 'Luna', age: 7, traits: ['brave'] })
      .catch((error: unknown) => error);
    await server.seen;
    timers.pending[0]?.fire();
    expect(isTimeoutError(await create)).toBe(true);
    expect(server.sent()).toBe(1);
    expect(timers.pending).toEqual([]);
  });

  it('with a host logger (debug records on): still fires from the injected timers only', async () => {
    const timers = heldTimers();
    const server = heldFetch();
    const messages: string[] = [];
    const note = (message: string): void => {
      messages.push(message);
    };
    const api = createApiClient({
      baseUrl: 'http://localhost:3000',
      fetch: server.fetch,
      timers,
      timeoutMs: 1,
      retry: { limit: 0 },
      logger: { debug: note, info: note, warn: note, error: note },
    });
    const ping = api.ping().catch((error: unknown) => error);
    await server.seen;
    expect(messages).toEqual(['request']);
    expect(timers.pending.map((timer) => timer.ms)).toEqual([1]);
    timers.pending[0]?.fire();
    expect(isTimeoutError(await ping)).toBe(true);
    expect(messages).not.toContain('response');
    expect(timers.pending).toEqual([]);
  });
});
