/**
 * Retry timing: `delay = min(2^attempt × base + random(0…base), max)`, which
 * with the defaults (base 1 s, max 30 s) gives about 1–2, 2–3, 4–5 and 8–9 s.
 */
import type { AbortError } from '../errors/index.js';
import { sleep as platformSleep } from '../platform/abort.js';
import { foregroundTimers, type Timers } from '../platform/clock.js';

/** How failed safe requests are retried. */
export interface RetryPolicy {
  /**
   * Retries after the first attempt (so `limit + 1` attempts at most). `0` disables retries.
   * @default 3
   */
  readonly limit: number;
  /** Base delay in ms; attempt `n` (0-based) waits about `2^n × baseDelayMs`. @default 1000 */
  readonly baseDelayMs: number;
  /** Upper bound of any single delay, in ms. @default 30000 */
  readonly maxDelayMs: number;
  /** Add a random `0…baseDelayMs` to each delay so clients do not retry in lockstep. @default true */
  readonly jitter: boolean;
}

/** The defaults: 3 retries, 1 s base, 30 s cap, with jitter. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  limit: 3,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  jitter: true,
});

/**
 * The delay before retry number `attempt` (0 for the first retry).
 * @param random - a source of `[0, 1)` numbers (default `Math.random`).
 */
export function computeBackoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exponential = 2 ** attempt * policy.baseDelayMs;
  const jitter = policy.jitter ? random() * policy.baseDelayMs : 0;
  return Math.max(0, Math.min(exponential + jitter, policy.maxDelayMs));
}

/**
 * Waits `ms` milliseconds on `timers` (by default timers that keep a Node process alive while
 * it waits); rejects with {@link AbortError} as soon as `signal` aborts.
 */
export function sleep(
  ms: number,
  operation: string,
  signal?: AbortSignal,
  timers: Timers = foregroundTimers,
): Promise<void> {
  return platformSleep(timers, ms, operation, signal);
}
