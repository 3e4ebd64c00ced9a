import { describe, expect, it } from 'vitest';
import { AbortError } from '../errors/index.js';
import { computeBackoffDelay, DEFAULT_RETRY_POLICY, sleep } from './backoff.js';
import { parseRateLimit } from './rate-limit.js';

describe('computeBackoffDelay', () => {
  it('gives about 1–2, 2–3, 4–5 and 8–9 s with the defaults', () => {
    const low = [0, 1, 2, 3].map((n) => computeBackoffDelay(n, DEFAULT_RETRY_POLICY, () => 0));
    const high = [0, 1, 2, 3].map((n) => computeBackoffDelay(n, DEFAULT_RETRY_POLICY, () => 0.999));
    expect(low).toEqual([1000, 2000, 4000, 8000]);
    expect(high.map(Math.round)).toEqual([1999, 2999, 4999, 8999]);
  });

  it('is capped at maxDelayMs and has no jitter when disabled', () => {
    expect(computeBackoffDelay(10, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(30_000);
    const policy = { ...DEFAULT_RETRY_POLICY, jitter: false };
    expect(computeBackoffDelay(1, policy, () => 0.9)).toBe(2000);
  });
});

describe('sleep', () => {
  it('resolves after the delay', async () => {
    await expect(sleep(1, 'op')).resolves.toBeUndefined();
  });

  it('rejects at once with AbortError for an aborted signal', async () => {
    await expect(sleep(10_000, 'op', AbortSignal.abort('why'))).rejects.toMatchObject({
      name: 'AbortError',
      operation: 'op',
      cause: 'why',
    });
  });

  it('rejects with AbortError when aborted while waiting', async () => {
    const controller = new AbortController();
    const waiting = sleep(10_000, 'op', controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
  });
});

describe('parseRateLimit', () => {
  const now = Date.parse('2026-11-26T21:00:00.000Z');

  it('reads every operation the backend limits', () => {
    for (const [op, limit] of [
      ['story_generation', 5],
      ['audio_generation', 10],
      ['avatar_generation', 3],
      ['illustration_generation', 20],
    ] as const) {
      const info = parseRateLimit(
        `Rate limit exceeded for ${op}. Resets at 2026-11-26T22:00:00.123Z. Limit: ${limit} requests per hour.`,
        null,
        now,
      );
      expect(info).toEqual({
        limitedOperation: op,
        limit,
        resetAt: new Date('2026-11-26T22:00:00.123Z'),
      });
    }
  });

  it('falls back to now + 1 h when the reset time is unreadable', () => {
    const info = parseRateLimit(
      'Rate limit exceeded for story_generation. Resets at soon. Limit: 5 requests per hour.',
      null,
      now,
    );
    expect(info.limitedOperation).toBe('story_generation');
    expect(info.resetAt.getTime()).toBe(now + 3_600_000);
  });

  it('uses X-Retry-After seconds, ignoring empty or negative values', () => {
    expect(parseRateLimit('Too many requests.', '3', now).resetAt.getTime()).toBe(now + 3_000);
    expect(parseRateLimit(undefined, '', now).resetAt.getTime()).toBe(now + 3_600_000);
    expect(parseRateLimit(undefined, '-1', now).limitedOperation).toBeUndefined();
  });
});
