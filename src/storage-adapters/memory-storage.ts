import { StorageError } from '../errors/index.js';
import { assertKey, assertOp, decodeJson, encodeJson } from './json-codec.js';
import { sortByKey } from './key-range.js';
import type { JsonValue, StorageAdapter, StorageOp } from './storage-adapter.js';

/** The in-memory adapter: a {@link StorageAdapter} that also deletes by prefix. */
export interface MemoryStorage extends StorageAdapter {
  deletePrefix(prefix: string): Promise<void>;
  transact: NonNullable<StorageAdapter['transact']>;
}

const name = 'memoryStorage';

/**
 * Storage that lives in this process only: the default adapter, and the one for tests.
 * Values are kept as JSON text, so callers can never mutate stored state and every value
 * round-trips exactly as on the persistent adapters. Each call returns an independent store;
 * several clients may share one (as tabs share IndexedDB): their writes never overwrite each
 * other's (see `transact`).
 *
 * `close()` deletes everything it holds. A client never closes the storage it was given, so
 * clients that share one adapter keep working until the app closes it: do that once, after
 * the last of them closed.
 *
 * @example
 * ```ts
 * const client = createClient({ baseUrl, storage: memoryStorage() });
 * ```
 */
export function memoryStorage(): MemoryStorage {
  const data = new Map<string, string>();
  let closed = false;

  const ensureOpen = (operation: string): void => {
    if (closed) {
      throw new StorageError(operation, 'the storage is closed; open a new adapter');
    }
  };

  const scanSync = (operation: string, prefix: string): Array<[string, JsonValue]> => {
    const entries: Array<[string, JsonValue]> = [];
    for (const [key, text] of data) {
      if (key.startsWith(prefix)) entries.push([key, decodeJson(operation, key, text)]);
    }
    return sortByKey(entries);
  };

  const applySync = (operation: string, ops: readonly StorageOp[]): void => {
    // Encode everything before touching the map: a bad value leaves nothing behind.
    const encoded: Array<string | undefined> = ops.map((op) => {
      assertOp(operation, op);
      return op.type === 'put' ? encodeJson(operation, op.key, op.value) : undefined;
    });
    ops.forEach((op, index) => {
      const text = encoded[index];
      if (text === undefined) data.delete(op.key);
      else data.set(op.key, text);
    });
  };

  return {
    async get(key) {
      const operation = `${name}.get`;
      ensureOpen(operation);
      assertKey(operation, key);
      const text = data.get(key);
      return text === undefined ? undefined : decodeJson(operation, key, text);
    },

    async getMany(keys) {
      const operation = `${name}.getMany`;
      ensureOpen(operation);
      return keys.map((key) => {
        assertKey(operation, key);
        const text = data.get(key);
        return text === undefined ? undefined : decodeJson(operation, key, text);
      });
    },

    async scan(prefix) {
      const operation = `${name}.scan`;
      ensureOpen(operation);
      assertKey(operation, prefix);
      return scanSync(operation, prefix);
    },

    async batch(ops: readonly StorageOp[]) {
      const operation = `${name}.batch`;
      ensureOpen(operation);
      applySync(operation, ops);
    },

    async transact(keys, plan) {
      const operation = `${name}.transact`;
      ensureOpen(operation);
      // Read, plan and write in one synchronous step: nothing can run in between.
      const values = keys.map((key) => {
        assertKey(operation, key);
        const text = data.get(key);
        return text === undefined ? undefined : decodeJson(operation, key, text);
      });
      applySync(operation, plan(values));
    },

    async deletePrefix(prefix) {
      const operation = `${name}.deletePrefix`;
      ensureOpen(operation);
      assertKey(operation, prefix);
      for (const key of data.keys()) {
        if (key.startsWith(prefix)) data.delete(key);
      }
    },

    async close() {
      closed = true;
      data.clear();
    },
  };
}
