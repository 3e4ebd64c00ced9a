import type { UseStore } from 'idb-keyval';

/** A lazily opened IndexedDB connection to one object store (idb-keyval's `UseStore` shape). */
export interface IndexedDBConnection {
  /** Runs `callback` on the object store inside a new transaction of `mode`. */
  readonly use: UseStore;
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

  return {
    use: (mode, callback) =>
      connect().then((db) => callback(db.transaction(storeName, mode).objectStore(storeName))),
    async close() {
      const current = connection;
      connection = undefined;
      if (!current) return;
      const db = await current.catch(() => undefined);
      db?.close();
    },
  };
}
