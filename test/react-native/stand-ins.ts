/**
 * In-memory stand-ins of the React Native modules, with the signatures of their published
 * APIs: expo-sqlite and op-sqlite over a real SQLite (better-sqlite3), AsyncStorage,
 * expo-secure-store and react-native-keychain over Maps (with the real modules' key rules),
 * NetInfo and AppState as event sources.
 */
import Database from 'better-sqlite3';
import type {
  AppStateLike,
  AsyncStorageLike,
  ExpoFileSystemLike,
  ExpoSecureStoreLike,
  ExpoSqliteDatabaseLike,
  ExpoSqliteExecutorLike,
  KeychainLike,
  NetInfoLike,
  NetInfoStateLike,
  OpSqliteDatabaseLike,
  OpSqliteExecutorLike,
  SqlValue,
} from '../../src/react-native.js';

type Db = InstanceType<typeof Database>;

function rowsOf(db: Db, sql: string, params: readonly SqlValue[]): Record<string, unknown>[] {
  const statement = db.prepare(sql);
  if (statement.reader) return statement.all(...params) as Record<string, unknown>[];
  statement.run(...params);
  return [];
}

/** Runs transactions one at a time, like the real modules' exclusive transactions. */
function exclusive(db: Db) {
  let tail: Promise<unknown> = Promise.resolve();
  return (task: () => Promise<void>): Promise<void> => {
    const run = tail.then(async () => {
      db.exec('BEGIN IMMEDIATE');
      try {
        await task();
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    });
    tail = run.catch(() => undefined);
    return run;
  };
}

/** expo-sqlite's `SQLiteDatabase` (async API) over better-sqlite3. */
export function expoSqliteStandIn(path: string): ExpoSqliteDatabaseLike {
  const db = new Database(path);
  const executor: ExpoSqliteExecutorLike = {
    getAllAsync: async <T>(sql: string, params: SqlValue[]) => rowsOf(db, sql, params) as T[],
    runAsync: async (sql, params) => {
      const result = db.prepare(sql).run(...params);
      return { lastInsertRowId: Number(result.lastInsertRowid), changes: result.changes };
    },
  };
  const transaction = exclusive(db);
  return {
    ...executor,
    withExclusiveTransactionAsync: (task) => transaction(() => task(executor)),
    closeAsync: async () => {
      db.close();
    },
  };
}

/** op-sqlite's `DB` over better-sqlite3. */
export function opSqliteStandIn(path: string): OpSqliteDatabaseLike {
  const db = new Database(path);
  const executor: OpSqliteExecutorLike = {
    execute: async (sql, params = []) => ({ rows: rowsOf(db, sql, params), rowsAffected: 0 }),
  };
  const transaction = exclusive(db);
  return {
    ...executor,
    transaction: (fn) => transaction(() => fn(executor)),
    close: () => db.close(),
  };
}

/** AsyncStorage over a Map (shared by every adapter opened on it), with injectable failures. */
export function asyncStorageStandIn(items = new Map<string, string>()) {
  const faults = { multiRemove: 0 };
  const storage: AsyncStorageLike = {
    getItem: async (key) => items.get(key) ?? null,
    setItem: async (key, value) => {
      items.set(key, value);
    },
    removeItem: async (key) => {
      items.delete(key);
    },
    multiGet: async (keys) => keys.map((key) => [key, items.get(key) ?? null] as const),
    multiSet: async (pairs) => {
      for (const [key, value] of pairs) items.set(key, value);
    },
    multiRemove: async (keys) => {
      if (faults.multiRemove > 0) {
        faults.multiRemove--;
        throw new Error('disk I/O error');
      }
      for (const key of keys) items.delete(key);
    },
    getAllKeys: async () => [...items.keys()],
  };
  return { storage, items, faults };
}

/** expo-secure-store over a Map; refuses keys the real module refuses. */
export function expoSecureStoreStandIn(): ExpoSecureStoreLike & { items: Map<string, string> } {
  const items = new Map<string, string>();
  const check = (key: string) => {
    if (!/^[\w.-]+$/.test(key)) throw new Error(`Invalid key provided to SecureStore: ${key}`);
  };
  return {
    items,
    getItemAsync: async (key) => {
      check(key);
      return items.get(key) ?? null;
    },
    setItemAsync: async (key, value) => {
      check(key);
      items.set(key, value);
    },
    deleteItemAsync: async (key) => {
      check(key);
      items.delete(key);
    },
  };
}

/** react-native-keychain's generic passwords over a Map keyed by service. */
export function keychainStandIn(): KeychainLike {
  const items = new Map<string, { username: string; password: string }>();
  const serviceOf = (options?: { service?: string }) => options?.service ?? 'default';
  return {
    getGenericPassword: async (options) => items.get(serviceOf(options)) ?? false,
    setGenericPassword: async (username, password, options) => {
      items.set(serviceOf(options), { username, password });
      return { service: serviceOf(options), storage: 'KC' };
    },
    resetGenericPassword: async (options) => items.delete(serviceOf(options)),
  };
}

/** NetInfo with `emit(state)` to play connectivity changes. */
export function netInfoStandIn() {
  const listeners = new Set<(state: NetInfoStateLike) => void>();
  const netInfo: NetInfoLike = {
    addEventListener(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const emit = (state: NetInfoStateLike) => {
    for (const listener of [...listeners]) listener(state);
  };
  return { netInfo, emit, listenerCount: () => listeners.size };
}

/** AppState with `emit(state)`. */
export function appStateStandIn(initial: string) {
  const listeners = new Set<(state: string) => void>();
  const appState: AppStateLike & { currentState: string } = {
    currentState: initial,
    addEventListener(_type, listener) {
      listeners.add(listener);
      return { remove: () => listeners.delete(listener) };
    },
  };
  const emit = (state: string) => {
    appState.currentState = state;
    for (const listener of [...listeners]) listener(state);
  };
  return { appState, emit, listenerCount: () => listeners.size };
}

/**
 * expo-file-system's string API over a Map of `file://` URIs: base64 and utf8 encodings,
 * directories, moves that fail for a missing source, and `idempotent` deletes.
 */
export function expoFileSystemStandIn(files = new Map<string, Uint8Array>()) {
  const directories = new Set<string>();
  const exists = (uri: string) => files.has(uri) || directories.has(uri);
  const fs: ExpoFileSystemLike & { files: Map<string, Uint8Array> } = {
    files,
    documentDirectory: 'file:///data/user/0/app/files/',
    async getInfoAsync(uri) {
      return { exists: exists(uri) };
    },
    async readAsStringAsync(uri, options) {
      const bytes = files.get(uri);
      if (!bytes) throw new Error(`File '${uri}' could not be read.`);
      const buffer = Buffer.from(bytes);
      return options?.encoding === 'base64' ? buffer.toString('base64') : buffer.toString('utf8');
    },
    async writeAsStringAsync(uri, contents, options) {
      const parent = uri.slice(0, uri.lastIndexOf('/') + 1);
      if (!directories.has(parent)) throw new Error(`Directory '${parent}' does not exist.`);
      const encoding = options?.encoding === 'base64' ? 'base64' : 'utf8';
      files.set(uri, new Uint8Array(Buffer.from(contents, encoding)));
    },
    async deleteAsync(uri, options) {
      if (!exists(uri) && !options?.idempotent) throw new Error(`File '${uri}' does not exist.`);
      files.delete(uri);
      directories.delete(uri);
    },
    async moveAsync({ from, to }) {
      const bytes = files.get(from);
      if (!bytes) throw new Error(`File '${from}' could not be moved.`);
      files.delete(from);
      files.set(to, bytes);
    },
    async makeDirectoryAsync(uri) {
      directories.add(uri.endsWith('/') ? uri : `${uri}/`);
    },
    async readDirectoryAsync(uri) {
      const dir = uri.endsWith('/') ? uri : `${uri}/`;
      if (!directories.has(dir)) throw new Error(`Directory '${uri}' does not exist.`);
      return [...files.keys()]
        .filter((name) => name.startsWith(dir) && !name.slice(dir.length).includes('/'))
        .map((name) => name.slice(dir.length));
    },
  };
  return Object.assign(fs, { directories });
}
