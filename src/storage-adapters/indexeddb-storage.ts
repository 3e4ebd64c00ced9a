import { promisifyRequest } from 'idb-keyval';
import { ConfigurationError, StorageError } from '../errors/index.js';
import type { Timers } from '../platform/clock.js';
import { DEFAULT_BLOCKED_TIMEOUT_MS, indexedDBConnection } from './indexeddb-connection.js';
import {
  type IndexedDBSecureStoreOptions,
  indexedDBSecureStore,
} from './indexeddb-secure-store.js';
import { assertKey, assertOp, decodeJson, encodeJson } from './json-codec.js';
import { prefixUpperBound } from './key-range.js';
import { withScopedTransact } from './scoped-transact.js';
import type { JsonValue, StorageAdapter, StorageOp } from './storage-adapter.js';
import { toStorageError } from './to-storage-error.js';

/** Options of {@link indexedDBStorage}. */
export interface IndexedDBStorageOptions {
  /**
   * The IndexedDB database name. If the database exists without `storeName`, the store is
   * added with a version upgrade (which waits until other connections to it close).
   * @default 'infinitestories'
   */
  dbName?: string;
  /**
   * The object store inside the database.
   * @default 'kv'
   */
  storeName?: string;
  /**
   * The secure store `createClient` uses when it is given no `secureStore`: the session token
   * encrypted in IndexedDB (see `indexedDBSecureStore`), so a reload keeps the user signed in.
   * `false` leaves the SDK's in-memory default (sign in again after every reload).
   * @default {} — `indexedDBSecureStore({ dbName: '<dbName>-secure' })`
   */
  secureStore?: IndexedDBSecureStoreOptions | false;
  /**
   * How long a call waits for a version change of the database that another connection
   * blocks, then fails with `StorageError`. A sign-out with `coordination` runs a version
   * change, which the database starts only once every other connection to it has closed;
   * a connection that does not close on `versionchange` (one your app opened itself, say)
   * would otherwise hold it, and every call behind it, forever. When the database starts the
   * abandoned version change later (that connection closed), it is aborted and changes
   * nothing; calls work again from then on.
   * @default 5000
   */
  blockedTimeoutMs?: number;
  /** The timers of that wait. @default the global timers */
  timers?: Timers;
}

const name = 'indexedDBStorage';

/**
 * Storage in the browser's IndexedDB (through idb-keyval), for web apps, PWAs and Capacitor.
 *
 * - Values are stored as JSON text under string keys in one object store.
 * - A `batch()` is one `readwrite` transaction: all its puts and deletes commit together, or
 *   the transaction is aborted and none of them happened. It resolves on the transaction's
 *   `complete` event, with the browser's default durability (in Chromium: survives the app
 *   and the browser crashing, not necessarily a power cut).
 * - Scans are key-range reads on the object store (`getAllKeys` + `getAll`), never cursors.
 * - When another tab upgrades or deletes the database, this connection closes itself so it
 *   never blocks that tab, and the next call opens it again.
 * - No call waits more than `blockedTimeoutMs` for a version change that another connection
 *   blocks by not closing on `versionchange`: it fails with `StorageError` instead.
 *
 * The database opens on first use. Each call returns an independent adapter (its own
 * connection); two adapters with the same `dbName` share the data.
 *
 * @example
 * ```ts
 * import { indexedDBStorage } from '@infinitestories/sdk/indexeddb';
 * const client = createClient({ baseUrl, storage: indexedDBStorage({ dbName: 'my-app' }) });
 * ```
 */
export function indexedDBStorage(options: IndexedDBStorageOptions = {}): StorageAdapter {
  const dbName = options.dbName ?? 'infinitestories';
  const storeName = options.storeName ?? 'kv';
  const resource = `IndexedDB "${dbName}" / "${storeName}"`;
  const connection = indexedDBConnection(dbName, storeName, {
    blockedTimeoutMs: blockedTimeoutOf(options),
    timers: options.timers,
  });
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;

  /**
   * Runs `callback` in a transaction (of `mode`, or the version-change transaction of
   * `connection.exclusive`), tracking it so close() can wait for it.
   */
  const run = <T>(
    operation: string,
    mode: IDBTransactionMode | 'exclusive',
    callback: (store: IDBObjectStore) => T | PromiseLike<T>,
  ): Promise<T> => {
    if (closed) {
      return Promise.reject(
        new StorageError(operation, `the storage is closed (${resource}); open a new adapter`),
      );
    }
    if (typeof indexedDB === 'undefined' || typeof IDBKeyRange === 'undefined') {
      return Promise.reject(
        new StorageError(
          operation,
          `IndexedDB is not available on this platform (${resource}); pass another storage adapter (memoryStorage, sqliteStorage…)`,
        ),
      );
    }
    const inside = (store: IDBObjectStore) => {
      // close() waits for transactions to finish, not only for their results, so the
      // connection really closes at once (and never delays a deleteDatabase()).
      track(transactionDone(store.transaction));
      return callback(store);
    };
    const promise = (
      mode === 'exclusive'
        ? connection.exclusive(async (store) => inside(store))
        : connection.use(mode, inside)
    ).catch((error: unknown) => {
      throw toStorageError(operation, resource, error, mode !== 'readonly');
    });
    track(promise);
    return promise;
  };

  const track = (promise: Promise<unknown>): void => {
    inFlight.add(promise);
    const forget = () => inFlight.delete(promise);
    promise.then(forget, forget);
  };

  const secure = options.secureStore ?? {};
  const storage: StorageAdapter = {
    ...(secure === false
      ? {}
      : {
          defaultSecureStore: () => indexedDBSecureStore({ dbName: `${dbName}-secure`, ...secure }),
        }),
    async get(key) {
      const operation = `${name}.get`;
      assertKey(operation, key);
      const text = await run(operation, 'readonly', (store) =>
        promisifyRequest<unknown>(store.get(key)),
      );
      return text === undefined ? undefined : decodeJson(operation, key, text);
    },

    async getMany(keys) {
      const operation = `${name}.getMany`;
      for (const key of keys) assertKey(operation, key);
      if (keys.length === 0) return run(operation, 'readonly', () => []);
      const texts = await run(operation, 'readonly', (store) =>
        Promise.all(keys.map((key) => promisifyRequest<unknown>(store.get(key)))),
      );
      return texts.map((text, index) =>
        text === undefined ? undefined : decodeJson(operation, keys[index] ?? '', text),
      );
    },

    async scan(prefix) {
      const operation = `${name}.scan`;
      assertKey(operation, prefix);
      const range = prefixRange(prefix);
      const [keys, texts] = await run(operation, 'readonly', (store) =>
        Promise.all([
          promisifyRequest(store.getAllKeys(range)),
          promisifyRequest<unknown[]>(store.getAll(range)),
        ]),
      );
      return keys.map((key, index): [string, JsonValue] => {
        const k = String(key);
        return [k, decodeJson(operation, k, texts[index])];
      });
    },

    batch(ops: readonly StorageOp[]) {
      const operation = `${name}.batch`;
      return run(
        operation,
        'readwrite',
        (store) =>
          new Promise<void>((resolve, reject) => {
            const tx = store.transaction;
            tx.oncomplete = () => resolve();
            tx.onabort = () => reject(tx.error ?? new StorageError(operation, 'aborted'));
            try {
              // Values are encoded inside the transaction: if one fails, the puts already
              // issued are rolled back by the abort.
              for (const op of ops) {
                assertOp(operation, op);
                if (op.type === 'put') store.put(encodeJson(operation, op.key, op.value), op.key);
                else store.delete(op.key);
              }
            } catch (error) {
              tx.onabort = () => reject(error);
              tx.abort();
            }
          }),
      );
    },

    transact(keys, plan) {
      const operation = `${name}.transact`;
      for (const key of keys) assertKey(operation, key);
      return run(operation, 'readwrite', (store) => transactIn(operation, store, keys, plan));
    },

    async deletePrefix(prefix) {
      const operation = `${name}.deletePrefix`;
      assertKey(operation, prefix);
      const range = prefixRange(prefix);
      await run(operation, 'readwrite', (store) => {
        store.delete(range);
        return promisifyRequest(store.transaction);
      });
    },

    async close() {
      if (closed) return;
      closed = true;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await connection.close();
    },
  };
  // A scope is one connection (see scoped-transact.ts).
  return withScopedTransact(storage, {
    isolated: false,
    run(keys, plan) {
      const operation = `${name}.transact`;
      return run(operation, 'readwrite', (store) => {
        const scope = store.transaction.db;
        const read = keys(scope);
        for (const key of read) assertKey(operation, key);
        const end = (): never => {
          throw new StorageError(operation, 'an IndexedDB scope ends only with a version change');
        };
        return transactIn(operation, store, read, (values) => plan(values, scope, end));
      });
    },
    alone(keys, plan) {
      const operation = `${name}.transact`;
      for (const key of keys) assertKey(operation, key);
      return run(operation, 'exclusive', (store) => transactIn(operation, store, keys, plan));
    },
  });
}

/** The checked `blockedTimeoutMs` option. */
function blockedTimeoutOf(options: IndexedDBStorageOptions): number {
  const ms = options.blockedTimeoutMs ?? DEFAULT_BLOCKED_TIMEOUT_MS;
  if (Number.isFinite(ms) && ms > 0) return ms;
  throw new ConfigurationError({
    operation: name,
    option: 'blockedTimeoutMs',
    message: `must be a positive number of milliseconds (got ${String(ms)})`,
  });
}

/**
 * Reads `keys` and writes what `plan` returns inside the one `readwrite` transaction of
 * `store`: IndexedDB runs overlapping `readwrite` transactions one after another, across tabs
 * too, so nothing interleaves. `plan` runs in the last read's success callback (never after a
 * promise hop, which could let the transaction commit early).
 */
function transactIn(
  operation: string,
  store: IDBObjectStore,
  keys: readonly string[],
  plan: (values: ReadonlyArray<JsonValue | undefined>) => readonly StorageOp[],
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const tx = store.transaction;
    let failure: unknown;
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(failure ?? tx.error ?? new StorageError(operation, 'aborted'));
    const values: Array<JsonValue | undefined> = new Array(keys.length);
    let left = keys.length;
    const write = (): void => {
      try {
        for (const op of plan(values)) {
          assertOp(operation, op);
          if (op.type === 'put') store.put(encodeJson(operation, op.key, op.value), op.key);
          else store.delete(op.key);
        }
      } catch (error) {
        failure = error;
        tx.abort();
      }
    };
    if (left === 0) {
      write();
      return;
    }
    keys.forEach((key, index) => {
      const request = store.get(key);
      request.onsuccess = () => {
        try {
          const text: unknown = request.result;
          values[index] = text === undefined ? undefined : decodeJson(operation, key, text);
        } catch (error) {
          failure = error;
          tx.abort();
          return;
        }
        left--;
        if (left === 0) write();
      };
    });
  });
}

/** The key range of every key starting with `prefix` (IndexedDB orders strings by code unit). */
function prefixRange(prefix: string): IDBKeyRange {
  const upper = prefixUpperBound(prefix);
  return upper === undefined
    ? IDBKeyRange.lowerBound(prefix)
    : IDBKeyRange.bound(prefix, upper, false, true);
}

/** Settles when `tx` completes or aborts. */
function transactionDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve) => {
    tx.addEventListener('complete', () => resolve());
    tx.addEventListener('abort', () => resolve());
  });
}
