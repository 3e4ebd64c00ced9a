/** Small async helpers of the auth layer. */
import { AbortError, isSdkError, StorageError } from '../errors/index.js';

/**
 * Runs host-provided storage work (the `sessionData` seam); anything it throws that is not
 * already an SDK error becomes a `StorageError` with `message`.
 */
export async function guardStorage<T>(
  operation: string,
  message: string,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isSdkError(error)) throw error;
    throw new StorageError(operation, message, { cause: error });
  }
}

/** Lets one caller stop waiting for a shared promise without cancelling it for the others. */
export function abortable<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  operation: string,
): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new AbortError(operation, { cause: signal.reason }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortError(operation, { cause: signal.reason }));
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
