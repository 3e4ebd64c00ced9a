/**
 * The IndexedDB {@link BlobStore} of `@infinitestories/sdk/indexeddb`. One object store holds,
 * per entry, a metadata record under `m\0<key>` and the bytes under `d\0<key>`; a `put` writes
 * both in one transaction, so an entry is complete or absent. The metadata is read once (a
 * key-range `getAll`, never a cursor) and kept in memory.
 */
import { promisifyRequest } from 'idb-keyval';
import { StorageError } from '../errors/index.js';
import { throwIfAborted } from '../platform/compat/throw-if-aborted.js';
import { indexedDBConnection } from '../storage-adapters/indexeddb-connection.js';
import {
  assertBlobKey,
  type BlobEntry,
  type BlobStore,
  blobEntry,
  bytesToBlob,
  collectBytes,
  type StoredBlob,
  streamOf,
} from './blob-store.js';

/** Options of {@link indexedDBBlobStore}. */
export interface IndexedDBBlobStoreOptions {
  /** The IndexedDB database name. @default 'infinitestories-media' */
  readonly dbName?: string | undefined;
  /** The object store inside the database. @default 'blobs' */
  readonly storeName?: string | undefined;
}

const META = 'm\u0000';
const DATA = 'd\u0000';

/**
 * A {@link BlobStore} in the browser's IndexedDB (web apps, PWAs, Capacitor). A download is
 * assembled in memory and written in one transaction with its metadata.
 *
 * @example
 * ```ts
 * import { indexedDBBlobStore } from '@infinitestories/sdk/indexeddb';
 * const client = createClient({ baseUrl, blobStore: indexedDBBlobStore() });
 * ```
 */
export function indexedDBBlobStore(options: IndexedDBBlobStoreOptions = {}): BlobStore {
  const dbName = options.dbName ?? 'infinitestories-media';
  const storeName = options.storeName ?? 'blobs';
  const connection = indexedDBConnection(dbName, storeName);
  const index = new Map<string, BlobEntry>();
  let loading: Promise<void> | undefined;

  const run = async <T>(
    operation: string,
    mode: IDBTransactionMode,
    callback: (store: IDBObjectStore) => Promise<T>,
  ): Promise<T> => {
    try {
      return await connection.use(mode, callback);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new StorageError(`indexedDBBlobStore.${operation}`, `${reason} (${dbName})`, {
        cause: error,
      });
    }
  };
  const ready = (): Promise<void> => {
    loading ??= run('open', 'readonly', async (store) => {
      const range = IDBKeyRange.bound(META, `${META}\uffff`);
      const values = await promisifyRequest<unknown[]>(store.getAll(range));
      for (const value of values) {
        const entry = value as BlobEntry;
        index.set(entry.key, blobEntry(entry.key, entry.size, entry.contentType, entry.metadata));
      }
    }).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  const matching = (prefix: string | undefined) =>
    [...index.values()].filter((entry) => !prefix || entry.key.startsWith(prefix));

  return {
    async put(key, data, putOptions) {
      assertBlobKey(key);
      await ready();
      const bytes = await collectBytes(data, putOptions.signal);
      throwIfAborted(putOptions.signal);
      const entry = blobEntry(key, bytes.byteLength, putOptions.contentType, putOptions.metadata);
      await run('put', 'readwrite', (store) => {
        store.put(bytes, DATA + key);
        store.put({ ...entry }, META + key);
        return transactionDone(store.transaction);
      });
      index.set(key, entry);
      return entry;
    },
    async get(key) {
      await ready();
      const entry = index.get(key);
      if (!entry) return undefined;
      const load = () =>
        run('get', 'readonly', (store) => promisifyRequest<unknown>(store.get(DATA + key)));
      const readBytes = async (): Promise<Uint8Array> => {
        const value = await load();
        if (!(value instanceof Uint8Array)) {
          throw new StorageError('indexedDBBlobStore.get', `the bytes of "${key}" are missing`);
        }
        return value;
      };
      const stored: StoredBlob = {
        ...entry,
        bytes: readBytes,
        stream: () => {
          let inner: ReadableStream<Uint8Array> | undefined;
          return new ReadableStream<Uint8Array>({
            async pull(controller) {
              inner ??= streamOf(await readBytes());
              const reader = inner.getReader();
              const { done, value } = await reader.read();
              reader.releaseLock();
              if (done) controller.close();
              else controller.enqueue(value);
            },
          });
        },
        blob: async () => bytesToBlob(await readBytes(), entry.contentType),
      };
      return stored;
    },
    async setMetadata(key, metadata) {
      await ready();
      const entry = index.get(key);
      if (!entry) return false;
      const next = blobEntry(key, entry.size, entry.contentType, metadata);
      await run('setMetadata', 'readwrite', (store) => {
        store.put({ ...next }, META + key);
        return transactionDone(store.transaction);
      });
      index.set(key, next);
      return true;
    },
    async delete(keys) {
      await ready();
      const present = keys.filter((key) => index.has(key));
      if (present.length === 0) return;
      await run('delete', 'readwrite', (store) => {
        for (const key of present) {
          store.delete(META + key);
          store.delete(DATA + key);
        }
        return transactionDone(store.transaction);
      });
      for (const key of present) index.delete(key);
    },
    async list(prefix) {
      await ready();
      return matching(prefix);
    },
    async totalSize(prefix) {
      await ready();
      return matching(prefix).reduce((sum, entry) => sum + entry.size, 0);
    },
    async close() {
      await connection.close();
    },
  };
}

function transactionDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.addEventListener('complete', () => resolve());
    tx.addEventListener('abort', () => reject(tx.error ?? new Error('transaction aborted')));
    tx.addEventListener('error', () => reject(tx.error ?? new Error('transaction failed')));
  });
}
