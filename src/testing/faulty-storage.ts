/**
 * A {@link StorageAdapter} wrapper that injects storage failures, for tests of what an app (or
 * an adapter) does when a write fails: a full disk, a closed database.
 */
import { StorageError } from '../errors/index.js';
import type { StorageAdapter, StorageOp } from '../storage-adapters/storage-adapter.js';

/** A storage adapter whose next write can be made to fail. */
export interface FaultyStorage extends StorageAdapter {
  /**
   * Makes the next write — a `batch()`, or a `transact()` (the store writes through it when the
   * wrapped adapter has one) — reject with a `StorageError` (its `cause` is `cause`) without
   * applying any of its ops, as a full disk would. One-shot.
   */
  failNextBatch(cause?: unknown): void;
}

/**
 * Wraps `inner` so a test can make its next write fail; every other call goes to `inner`, with
 * the optional methods `inner` has (`transact`, `deletePrefix`, `defaultSecureStore`).
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
  const failIfInjected = (operation: string): void => {
    if (!injected) return;
    const { cause } = injected;
    injected = undefined;
    throw new StorageError(operation, 'injected failure; nothing was written', { cause });
  };
  const deletePrefix = inner.deletePrefix?.bind(inner);
  const transact = inner.transact?.bind(inner);
  const defaultSecureStore = inner.defaultSecureStore?.bind(inner);
  return {
    get: (key) => inner.get(key),
    getMany: (keys) => inner.getMany(keys),
    scan: (prefix) => inner.scan(prefix),
    async batch(ops: readonly StorageOp[]) {
      failIfInjected('faultyStorage.batch');
      await inner.batch(ops);
    },
    ...(transact
      ? {
          async transact(keys, plan) {
            failIfInjected('faultyStorage.transact');
            await transact(keys, plan);
          },
        }
      : {}),
    ...(deletePrefix ? { deletePrefix } : {}),
    ...(defaultSecureStore ? { defaultSecureStore } : {}),
    close: () => inner.close(),
    failNextBatch(cause?: unknown) {
      injected = { cause: cause ?? new Error('failNextBatch') };
    },
  };
}
