import type { UseStore } from 'idb-keyval';

/** A lazily opened IndexedDB connection to one object store (idb-keyval's `UseStore` shape). */
export interface IndexedDBConnection {
  /** Runs `callback` on the object store inside a new transaction of `mode`. */
  readonly use: UseStore;
  /**
   * Runs `callback` on the object store inside a version-change transaction (the database's
   * version goes up by one): the database starts it only once every other connection to it
   * has closed (each connection of this module closes when asked, and reopens on its next
   * call), and no other transaction overlaps it. Settles with `callback`'s promise, after the
   * transaction ended.
   */
  exclusive<T>(callback: (store: IDBObjectStore) => Promise<T>): Promise<T>;
  /** Closes the connection if it is open. The next `use` would open it again. */
  close(): Promise<void>;
}

/**
 * Opens `dbName` on first use, like idb-keyval's `createStore`, with three differences that
 * matter to a long-lived app:
 * - when the database exists without `storeName` (another store of the SDK or of the app
 *   created it), the store is added by a version upgrade instead of failing;
 * - when another tab upgrades or deletes the database, the connection closes at once so it
 *   never blocks that tab, and the next call reopens it;
 * - the connection can be closed.
 */
export function indexedDBConnection(dbName: string, storeName: string): IndexedDBConnection {
  let connection: Promise<IDBDatabase> | undefined;

  const open = (version?: number): Promise<IDBDatabase> =>
    new Promise((resolve, reject) => {
      const request =
        version === undefined ? indexedDB.open(dbName) : indexedDB.open(dbName, version);
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(storeName)) {
          request.result.createObjectStore(storeName);
        }
      };
      request.onsuccess = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(storeName)) {
          const next = db.version + 1;
          db.close();
          open(next).then(resolve, reject);
          return;
        }
        resolve(db);
      };
      request.onerror = () => reject(request.error);
    });

  const connect = (): Promise<IDBDatabase> => {
    if (connection) return connection;
    const current = open().then((db) => {
      const forget = () => {
        if (connection === current) connection = undefined;
      };
      db.onversionchange = () => {
        db.close();
        forget();
      };
      db.onclose = forget;
      return db;
    });
    current.catch(() => {
      if (connection === current) connection = undefined;
    });
    connection = current;
    return current;
  };

  /** One version-change transaction at `version` running `callback` (see `exclusive`). */
  const upgrade = <T>(
    version: number,
    callback: (store: IDBObjectStore) => Promise<T>,
  ): Promise<T> =>
    new Promise((resolve, reject) => {
      const request = indexedDB.open(dbName, version);
      let result: Promise<T> | undefined;
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(storeName)) db.createObjectStore(storeName);
        const transaction = request.transaction as IDBTransaction;
        result = callback(transaction.objectStore(storeName));
        result.catch(() => {}); // settled below
      };
      request.onsuccess = () => {
        request.result.close();
        if (result) result.then(resolve, reject);
        else reject(Object.assign(new Error('upgraded meanwhile'), { name: 'VersionError' }));
      };
      // An aborted upgrade (`callback` failed): its own error says why.
      request.onerror = () =>
        (result ?? Promise.reject(request.error)).then(() => reject(request.error), reject);
    });

  const exclusive = async <T>(callback: (store: IDBObjectStore) => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      const { version } = await connect();
      try {
        return await upgrade(version + 1, callback);
      } catch (error) {
        // Another tab upgraded between the read of the version and the open: once more.
        const raced = (error as { readonly name?: unknown } | null)?.name === 'VersionError';
        if (!raced || attempt >= 5) throw error;
      }
    }
  };

  return {
    use: (mode, callback) =>
      connect().then((db) => callback(db.transaction(storeName, mode).objectStore(storeName))),
    exclusive,
    async close() {
      const current = connection;
      connection = undefined;
      if (!current) return;
      const db = await current.catch(() => undefined);
      db?.close();
    },
  };
}
