/**
 * A {@link StorageAdapter} wrapper that injects storage failures, for tests of what an app (or
 * an adapter) does when a write fails: a full disk, a closed database.
 */
import { StorageError } from '../errors/index.js';
import type { StorageAdapter, StorageOp } from '../storage-adapters/storage-adapter.js';

/** A storage adapter whose next batch can be made to fail. */
export interface FaultyStorage extends StorageAdapter {
  /**
   * Makes the next `batch()` reject with a `StorageError` (its `cause` is `cause`) without
   * applying any of its ops, as a full disk would. One-shot.
   */
  failNextBatch(cause?: unknown): void;
}

/**
 * Wraps `inner` so a test can make its next batch fail; every other call goes to `inner`.
 *
 * @example
 * ```ts
 * const storage = faultyStorage(memoryStorage());
 * const client = createClient({ baseUrl, storage });
 * storage.failNextBatch(new Error('disk full'));
 * await expect(client.heroes.create(input)).rejects.toSatisfy(isStorageError);
 * ```
 */
export function faultyStorage(inner: StorageAdapter): FaultyStorage {
  let injected: { cause: unknown } | undefined;
  const deletePrefix = inner.deletePrefix?.bind(inner);
  return {
    get: (key) => inner.get(key),
    getMany: (keys) => inner.getMany(keys),
    scan: (prefix) => inner.scan(prefix),
    async batch(ops: readonly StorageOp[]) {
      if (injected) {
        const { cause } = injected;
        injected = undefined;
        throw new StorageError('faultyStorage.batch', 'injected failure; nothing was written', {
          cause,
        });
      }
      await inner.batch(ops);
    },
    ...(deletePrefix ? { deletePrefix } : {}),
    close: () => inner.close(),
    failNextBatch(cause?: unknown) {
      injected = { cause: cause ?? new Error('failNextBatch') };
    },
  };
}
