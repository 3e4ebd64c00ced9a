/**
 * `signal.throwIfAborted()` for every platform: React Native's `AbortSignal` does not have it.
 */
import { abortReason } from './abort-reason.js';

/** Throws the signal's reason (an `AbortError` when it has none) if `signal` is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw signal.reason ?? abortReason('AbortError', 'This operation was aborted');
}
