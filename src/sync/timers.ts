/**
 * Time seams of the sync engine: one-shot timers and a wall clock, injectable so tests drive
 * hours of retries in milliseconds. The defaults look the globals up at call time, so
 * `vi.useFakeTimers()` applies to an engine created before it was called.
 */
import { AbortError } from '../errors/index.js';
import { systemTimers, type Timers } from '../platform/clock.js';

/** One-shot timers (the shared seam of `platform/clock.ts`). */
export type SyncTimers = Timers;

/**
 * The global `setTimeout` / `clearTimeout`, read at call time. Node timers are `unref`ed: a
 * scheduled sync never keeps a process alive.
 */
export const systemSyncTimers: SyncTimers = systemTimers;

/** `Date.now()`, read at call time. */
export const systemNow = (): number => Date.now();

/** A single re-armable timer slot: arming it again replaces the previous deadline. */
export class TimerSlot {
  #handle: unknown = null;
  #dueAt: number | null = null;

  constructor(
    private readonly timers: SyncTimers,
    private readonly now: () => number,
  ) {}

  /** When the armed timer fires (epoch ms), or `null` when disarmed. */
  get dueAt(): number | null {
    return this.#dueAt;
  }

  /** Arms the slot to call `callback` in `ms` (replacing any armed timer). */
  arm(ms: number, callback: () => void): void {
    this.clear();
    const delay = Math.max(0, ms);
    this.#dueAt = this.now() + delay;
    this.#handle = this.timers.setTimeout(() => {
      this.#handle = null;
      this.#dueAt = null;
      callback();
    }, delay);
  }

  /** Arms the slot only when it is disarmed or would fire later than `ms` from now. */
  armEarlier(ms: number, callback: () => void): void {
    const at = this.now() + Math.max(0, ms);
    if (this.#dueAt !== null && this.#dueAt <= at) return;
    this.arm(ms, callback);
  }

  clear(): void {
    if (this.#handle !== null) this.timers.clearTimeout(this.#handle);
    this.#handle = null;
    this.#dueAt = null;
  }
}

/** Waits `ms` on `timers`; rejects with {@link AbortError} as soon as `signal` aborts. */
export function delay(
  timers: SyncTimers,
  ms: number,
  operation: string,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortError(operation, { cause: signal.reason }));
      return;
    }
    const onAbort = (): void => {
      timers.clearTimeout(handle);
      reject(new AbortError(operation, { cause: signal?.reason }));
    };
    const handle = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * `promise`, or an {@link AbortError} for `operation` as soon as `signal` aborts (the work
 * behind `promise` is not stopped: it may be shared).
 */
export function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  operation: string,
): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new AbortError(operation, { cause: signal.reason }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new AbortError(operation, { cause: signal.reason }));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
