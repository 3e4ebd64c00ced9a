/**
 * The reasons the platform puts on aborted signals (`AbortError`, `TimeoutError`), built where
 * `DOMException` is missing (Hermes) as plain errors with the same `name`, which is all the SDK
 * and its callers look at.
 */

/** A `DOMException` named `name`, or an `Error` with that `name` where there is none. */
export function abortReason(name: 'AbortError' | 'TimeoutError', message: string): Error {
  const DomException = (globalThis as { DOMException?: typeof DOMException }).DOMException;
  if (typeof DomException === 'function') return new DomException(message, name);
  const error = new Error(message);
  error.name = name;
  return error;
}
