import type { UseStore } from 'idb-keyval';
import { foregroundTimers, type Timers } from '../platform/clock.js';

/** A lazily opened IndexedDB connection to one object store (idb-keyval's `UseStore` shape). */
export interface IndexedDBConnection {
  /** Runs `callback` on the object store inside a new transaction of `mode`. */
  readonly use: UseStore;
  /**
   * Runs `callback` on the object store inside a version-change transaction (the database's
   * version goes up by one): the database starts it only once every other connection to it
   * has closed (each connection of this module closes when asked, and reopens on its next
   * call), and no other transaction overlaps it. Settles with `callback`'s promise, after the
   * transaction ended. Rejects with a {@link VersionChangeBlockedError} when it could not
   * start within the bound (another connection did not close); `callback` then never runs.
   */
  exclusive<T>(callback: (store: IDBObjectStore) => Promise<T>): Promise<T>;
  /** Closes the connection if it is open. The next `use` would open it again. */
  close(): Promise<void>;
}

/** Options of {@link indexedDBConnection}. */
export interface IndexedDBConnectionOptions {
  /** How long a call waits for a version change another connection blocks. @default 5000 */
  readonly blockedTimeoutMs?: number | undefined;
  /** Timers for that wait. @default the global timers */
  readonly timers?: Timers | undefined;
}

/** The default of {@link IndexedDBConnectionOptions.blockedTimeoutMs}. */
export const DEFAULT_BLOCKED_TIMEOUT_MS = 5000;

/**
 * A version change of the database could not start, or an open could not finish, within the
 * bound: another connection to the database did not close when asked to (`versionchange`).
 */
export class VersionChangeBlockedError extends Error {
  override readonly name = 'VersionChangeBlockedError';
}

/**
 * Opens `dbName` on first use, like idb-keyval's `createStore`, with these differences that
 * matter to a long-lived app:
 * - when the database exists without `storeName` (another store of the SDK or of the app
 *   created it), the store is added by a version upgrade instead of failing;
 * - when another tab upgrades or deletes the database, the connection closes at once so it
 *   never blocks that tab, and the next call reopens it;
 * - no call waits forever for a connection that does not close on `versionchange` (an app's
 *   own connection to the database, say): a version change that cannot start within
 *   `blockedTimeoutMs` fails, and is aborted, doing nothing, when the database finally starts
 *   it; an open that follows a version change and waits that long behind it fails too (the
 *   open goes on, and serves the calls after it once it succeeds);
 * - the connection can be closed.
 */
export function indexedDBConnection(
  dbName: string,
  storeName: string,
  options: IndexedDBConnectionOptions = {},
): IndexedDBConnection {
  const timers = options.timers ?? foregroundTimers;
  const limitMs = options.blockedTimeoutMs ?? DEFAULT_BLOCKED_TIMEOUT_MS;
  let connection: Promise<IDBDatabase> | undefined;
  /**
   * Set from a version change (of this connection or another) until a connection opens
   * again: meanwhile an open may queue behind a version change that some connection blocks,
   * so calls wait for the open at most `limitMs`.
   */
  let unsettled = false;

  const blocked = (what: string): VersionChangeBlockedError =>
    new VersionChangeBlockedError(
      `${what} within ${limitMs} ms: another connection to the database did not close when asked to (on "versionchange"); close it, or make it close on "versionchange", then retry`,
    );

  /**
   * `promise`, or a rejection with `blocked(what)` once `limitMs` passed; `late` gets the value
   * if it arrives after that.
   */
  const within = <T>(promise: Promise<T>, what: string, late?: (value: T) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      let expired = false;
      const timer = timers.setTimeout(() => {
        expired = true;
        reject(blocked(what));
      }, limitMs);
      promise.then(
        (value) => {
          timers.clearTimeout(timer);
          if (expired) late?.(value);
          else resolve(value);
        },
        (error: unknown) => {
          timers.clearTimeout(timer);
          reject(error);
        },
      );
    });

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
          // A connection that does not close may block this upgrade: bounded. Adding the
          // store later is harmless; a connection opened too late is closed.
          within(open(next), 'the object store could not be added', (late) => late.close()).then(
            resolve,
            reject,
          );
          return;
        }
        resolve(db);
      };
      request.onerror = () => reject(request.error);
    });

  const openConnection = (): Promise<IDBDatabase> => {
    const current = open().then((db) => {
      const forget = () => {
        if (connection === current) connection = undefined;
      };
      db.onversionchange = () => {
        unsettled = true;
        db.close();
        forget();
      };
      db.onclose = forget;
      unsettled = false;
      return db;
    });
    current.catch(() => {
      if (connection === current) connection = undefined;
    });
    connection = current;
    return current;
  };

  const connect = (): Promise<IDBDatabase> => {
    const current = connection ?? openConnection();
    return unsettled ? within(current, 'the database did not open') : current;
  };

  const upgrade = <T>(
    version: number,
    callback: (store: IDBObjectStore) => Promise<T>,
  ): Promise<T> =>
    new Promise((resolve, reject) => {
      unsettled = true;
      const request = indexedDB.open(dbName, version);
      let result: Promise<T> | undefined;
      /** Set when the caller stopped waiting: the upgrade must then change nothing. */
      let abandoned = false;
      const timer = timers.setTimeout(() => {
        abandoned = true;
        reject(blocked('the version change could not start'));
      }, limitMs);
      request.onupgradeneeded = () => {
        timers.clearTimeout(timer);
        const transaction = request.transaction as IDBTransaction;
        if (abandoned) {
          transaction.abort(); // the version stays, nothing is written
          return;
        }
        const db = request.result;
        if (!db.objectStoreNames.contains(storeName)) db.createObjectStore(storeName);
        result = callback(transaction.objectStore(storeName));
        result.catch(() => {}); // settled below
      };
      request.onsuccess = () => {
        timers.clearTimeout(timer);
        request.result.close();
        if (abandoned) return;
        if (result) result.then(resolve, reject);
        else reject(Object.assign(new Error('upgraded meanwhile'), { name: 'VersionError' }));
      };
      // An aborted upgrade (`callback` failed, or abandoned): its own error says why.
      request.onerror = () => {
        timers.clearTimeout(timer);
        if (abandoned) return;
        (result ?? Promise.reject(request.error)).then(() => reject(request.error), reject);
      };
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
      // An open still waiting (behind a blocked version change) closes once it opened.
      current?.then(
        (db) => db.close(),
        () => {},
      );
    },
  };
}
