/**
 * Time seams shared by every layer (session keep-alive, sync scheduling): a wall clock and
 * one-shot timers, both injectable so tests can drive hours in milliseconds. The defaults read
 * the globals at call time, so `vi.useFakeTimers()` applies to objects created before it.
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

/** `Date.now()`, read at call time (so `vi.useFakeTimers()` applies). */
export const systemClock: Clock = Object.freeze({ now: () => Date.now() });

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
