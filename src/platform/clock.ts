/**
 * Time seams shared by every layer (session keep-alive, sync scheduling, request retries): a
 * wall clock, a monotonic clock for deadlines and durations, and one-shot timers, all injectable
 * so tests can drive hours in milliseconds. The defaults read the globals at call time, so
 * `vi.useFakeTimers()` applies to objects created before it. Nothing else in the SDK calls
 * `Date.now`, `performance.now` or `setTimeout` itself.
 */

/** A wall clock in epoch milliseconds. */
export interface Clock {
  now(): number;
}

/** Opaque handle returned by {@link Timers.setTimeout}. */
export type TimerHandle = unknown;

/** One-shot timers. The defaults call the global `setTimeout`/`clearTimeout` at call time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/**
 * A monotonic clock in milliseconds from an arbitrary origin: never goes back when the device's
 * wall clock is changed, so deadlines and durations measured on it hold.
 */
export interface MonotonicClock {
  now(): number;
}

/** `Date.now()`, read at call time (so `vi.useFakeTimers()` applies). */
export const systemClock: Clock = Object.freeze({ now: () => Date.now() });

/** `performance.now()`, read at call time (so `vi.useFakeTimers()` applies). */
export const systemMonotonicClock: MonotonicClock = Object.freeze({
  now: () => globalThis.performance.now(),
});

/**
 * The global timers, looked up at call time (so `vi.useFakeTimers()` applies). Node timers are
 * `unref`ed: a pending session check never keeps a process alive.
 */
export const systemTimers: Timers = Object.freeze({
  setTimeout(callback: () => void, ms: number): TimerHandle {
    const handle: unknown = globalThis.setTimeout(callback, ms);
    if (typeof handle === 'object' && handle !== null && 'unref' in handle) {
      const unref = (handle as { unref?: unknown }).unref;
      if (typeof unref === 'function') unref.call(handle);
    }
    return handle;
  },
  clearTimeout(handle: TimerHandle): void {
    globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]);
  },
});

/**
 * The global timers, looked up at call time, left `ref`ed: for waits a caller is awaiting (a
 * request's retry backoff, a poll between status reads), which must keep a Node process alive
 * until they end.
 */
export const foregroundTimers: Timers = Object.freeze({
  setTimeout: (callback: () => void, ms: number): TimerHandle =>
    globalThis.setTimeout(callback, ms),
  clearTimeout(handle: TimerHandle): void {
    globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]);
  },
});
