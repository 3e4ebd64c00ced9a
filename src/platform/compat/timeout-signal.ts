/**
 * `AbortSignal.timeout` for every platform: the native one where it exists, otherwise a
 * controller aborted by a timer with a `TimeoutError` reason.
 */
import { abortReason } from './abort-reason.js';

/** A signal that aborts with a `TimeoutError` after `ms` milliseconds. */
export function timeoutSignal(ms: number): AbortSignal {
  const native = (AbortSignal as { timeout?: (ms: number) => AbortSignal }).timeout;
  if (typeof native === 'function') return native.call(AbortSignal, ms);
  const controller = new AbortController();
  const timer: unknown = setTimeout(() => {
    controller.abort(abortReason('TimeoutError', `The operation timed out after ${ms} ms`));
  }, ms);
  // Like the native one, the timer must not keep a Node process alive.
  (timer as { unref?: () => void }).unref?.();
  return controller.signal;
}
