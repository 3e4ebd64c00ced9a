/**
 * Abort helpers shared by every layer: the one abortable sleep and the one way to stop waiting
 * for a promise when a signal aborts. Both reject with the SDK's `AbortError` naming the
 * operation, with the signal's reason as `cause`.
 */
import { AbortError } from '../errors/index.js';
import type { Timers } from './clock.js';

/** Waits `ms` on `timers`; rejects with {@link AbortError} as soon as `signal` aborts. */
export function sleep(
  timers: Timers,
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
 * `promise`, or an {@link AbortError} for `operation` as soon as `signal` aborts. The work behind
 * `promise` is not stopped (it may be shared): one caller stops waiting, the others go on.
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

/**
 * Aborts `controller` when `signal` aborts, until `until` settles (then the listener is removed,
 * so a long-lived signal does not collect one listener per call).
 */
export function abortWhile(
  signal: AbortSignal | undefined,
  controller: AbortController,
  until: Promise<unknown>,
): void {
  if (!signal) return;
  const abort = (): void => controller.abort(signal.reason);
  signal.addEventListener('abort', abort, { once: true });
  const forget = (): void => signal.removeEventListener('abort', abort);
  until.then(forget, forget);
}
