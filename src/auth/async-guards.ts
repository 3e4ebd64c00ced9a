/** Small async helpers of the auth layer. */
import { isSdkError, StorageError } from '../errors/index.js';

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
export { raceAbort as abortable } from '../platform/abort.js';
