/**
 * The per-attempt timeout runs on the injected timers: a request times out when those timers
 * fire it, never because the machine was slow (a test on a loaded machine stays exact).
 */
import { describe, expect, it } from 'vitest';
import { isTimeoutError } from '../errors/index.js';
import type { Timers } from '../platform/clock.js';
import { createApiClient } from './api-client.js';

/** Timers that fire only when the test says so. */
function heldTimers(): Timers & { pending: Array<{ ms: number; fire: () => void }> } {
  const pending: Array<{ ms: number; fire: () => void }> = [];
  return {
    pending,
    setTimeout(callback, ms) {
      const handle = { ms, fire: callback };
      pending.push(handle);
      return handle;
    },
    clearTimeout(handle) {
      const index = pending.indexOf(handle as (typeof pending)[number]);
      if (index >= 0) pending.splice(index, 1);
    },
  };
}

/** A fetch that answers only when `answer()` is called, or fails when its signal aborts. */
function heldFetch() {
  const waiting: Array<() => void> = [];
  let arrived: () => void = () => undefined;
  const seen = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const fetch = (_input: Request | URL | string, init?: RequestInit): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      waiting.push(() => resolve(Response.json({ status: 'ok', timestamp: 1 }, { status: 200 })));
      arrived();
    });
  return { fetch, seen, answer: () => waiting.shift()?.() };
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
