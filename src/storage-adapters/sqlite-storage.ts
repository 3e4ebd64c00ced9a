import { StorageError } from '../errors/index.js';
import { assertKey, assertOp, decodeJson, encodeJson } from './json-codec.js';
import { hasLoneSurrogate, prefixUpperBoundCodePoints, sortByKey } from './key-range.js';
import { withScopedTransact } from './scoped-transact.js';
import { dataVersionReader, type ScopedSqlTransact, sqliteScopes } from './sqlite-scopes.js';
import type { JsonValue, StorageAdapter, StorageOp } from './storage-adapter.js';
import { type TextScan, type TextScanning, textScanKey } from './text-scan.js';
import { toStorageError } from './to-storage-error.js';

/** The part of a prepared statement {@link sqliteStorage} uses (better-sqlite3's `Statement`). */
export interface SqliteStatementLike {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  /**
   * Optional (better-sqlite3 has it): `raw(true)` makes `get`/`all` return each row as an
   * array of its columns instead of an object. Scans use it when present (fewer objects per
   * row read).
   */
  raw?(toggle?: boolean): unknown;
  /**
   * Optional (better-sqlite3 has it): `pluck(true)` makes `get` return the first column's value
   * alone. The `PRAGMA data_version` read of every coordinated write uses it when present.
   */
  pluck?(toggle?: boolean): unknown;
}

/**
 * The part of a synchronous SQLite connection {@link sqliteStorage} uses. A better-sqlite3
 * (v12) `Database` fits as is; another driver fits with a few lines of glue.
 */
export interface SqliteDatabaseLike {
  prepare(source: string): SqliteStatementLike;
  /** Wraps `fn` so that calling the result runs it in one transaction (rolled back if it throws). */
  transaction(fn: () => void): () => void;
  exec(source: string): unknown;
  close(): unknown;
}

/** Options of {@link sqliteStorage}. */
export interface SqliteStorageOptions {
  /**
   * The table holding the data (created if missing). Letters, digits and `_` only.
   * @default 'infinitestories_kv'
   */
  table?: string;
  /**
   * Switch the database to write-ahead logging (`PRAGMA journal_mode = WAL`): much faster
   * commits, readers never block the writer. Pass `false` to leave the journal mode as the
   * host set it. (In-memory databases ignore it.)
   * @default true
   */
  wal?: boolean;
  /**
   * The `synchronous` setting the adapter sets when it switches to WAL (with `wal: false` it
   * sets it only when given). `'NORMAL'`: a resolved batch survives the process being killed,
   * the last commits can be lost on a power cut (with WAL the database stays consistent);
   * `'FULL'`: every commit reaches the disk before the batch resolves (slower).
   * @default 'NORMAL'
   */
  synchronous?: 'NORMAL' | 'FULL' | 'EXTRA';
  /**
   * Whether the adapter's `close()` also closes the database. Pass `false` when the host keeps
   * using the connection.
   * @default true
   */
  closeDatabase?: boolean;
}

const name = 'sqliteStorage';
const tableName = /^[A-Za-z_][A-Za-z0-9_]*$/;
const synchronousLevels: ReadonlySet<string> = new Set(['NORMAL', 'FULL', 'EXTRA']);

/** Reads `keys` in one transaction (one consistent snapshot). */
function readInTransaction(
  db: SqliteDatabaseLike,
  keys: readonly string[],
  read: (key: string) => JsonValue | undefined,
): Array<JsonValue | undefined> {
  let values: Array<JsonValue | undefined> = [];
  db.transaction(() => {
    values = keys.map(read);
  })();
  return values;
}

function closedError(operation: string, resource: string): StorageError {
  return new StorageError(operation, `the storage is closed (${resource}); open a new adapter`);
}

/** A key SQLite can store and give back as it was (no lone UTF-16 surrogate). */
function checkKey(operation: string, key: string): void {
  assertKey(operation, key);
  if (hasLoneSurrogate(key)) {
    throw new StorageError(operation, `key "${key}" contains a lone UTF-16 surrogate`);
  }
}

/**
 * Storage in a SQLite database the host opens and passes in (better-sqlite3 v12 in Node and
 * Electron). The SDK does not depend on better-sqlite3: anything shaped like
 * {@link SqliteDatabaseLike} works.
 *
 * - One table `(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID`; values are JSON text.
 * - A `batch()` is one transaction, committed before the promise resolves: a resolved batch
 *   survives the process being killed. Whether it also survives a power cut is the
 *   `synchronous` setting, which the adapter sets on the connection when it switches to WAL:
 *   `NORMAL` by default (fast; the last commits can be lost on power loss), `FULL` with
 *   `{ synchronous: 'FULL' }` (every commit reaches the disk). The setting belongs to the
 *   connection, so it holds from the first session of a new file on.
 * - Scans are range reads on the primary key (`key >= ? AND key < ?`).
 * - Keys must be well-formed strings: a key with a lone surrogate is refused, because SQLite
 *   would store it as U+FFFD and merge it with another key.
 *
 * Creating the adapter creates the table (and switches to WAL) synchronously; a failure
 * throws a `StorageError`.
 *
 * @example
 * ```ts
 * import Database from 'better-sqlite3';
 * import { sqliteStorage } from '@infinitestories/sdk/sqlite';
 * const client = createClient({ baseUrl, storage: sqliteStorage(new Database('app.db')) });
 * ```
 */
export function sqliteStorage(
  db: SqliteDatabaseLike,
  options: SqliteStorageOptions = {},
): StorageAdapter {
  const table = options.table ?? 'infinitestories_kv';
  const resource = `SQLite table "${table}"`;
  if (!tableName.test(table)) {
    throw new StorageError(name, `invalid table name "${table}": use letters, digits and _ only`);
  }
  const s = openTable(db, table, options, resource);
  let closed = false;

  /** Runs a synchronous step, mapping closed state and driver errors to StorageError. */
  const step = <T>(operation: string, writes: boolean, fn: () => T): T => {
    if (closed) throw closedError(operation, resource);
    try {
      return fn();
    } catch (error) {
      throw toStorageError(operation, resource, error, writes);
    }
  };

  const readOne = (operation: string, key: string): JsonValue | undefined => {
    const row = s.get.get(key) as { value: unknown } | undefined;
    return row === undefined ? undefined : decodeJson(operation, key, row.value);
  };

  const applyOps = (operation: string, ops: readonly StorageOp[]) => {
    // Values are encoded inside the transaction: if one fails, the rows already written
    // are rolled back with it.
    for (const op of ops) {
      assertOp(operation, op);
      checkKey(operation, op.key);
      if (op.type === 'put') s.put.run(op.key, encodeJson(operation, op.key, op.value));
      else s.delete.run(op.key);
    }
  };

  const applyBatch = (operation: string, ops: readonly StorageOp[]) => {
    db.transaction(() => applyOps(operation, ops))();
  };

  /** The rows of a prefix scan as the driver returned them, in key order, values undecoded. */
  const scanRows = (operation: string, prefix: string): Array<[string, unknown]> => {
    checkKey(operation, prefix);
    return step(operation, false, () => readRows(s, prefix));
  };

  const storage: StorageAdapter = {
    async get(key) {
      const operation = `${name}.get`;
      checkKey(operation, key);
      return step(operation, false, () => readOne(operation, key));
    },

    async getMany(keys) {
      const operation = `${name}.getMany`;
      for (const key of keys) checkKey(operation, key);
      return step(operation, false, () =>
        keys.length <= 1
          ? keys.map((key) => readOne(operation, key))
          : readInTransaction(db, keys, (key) => readOne(operation, key)),
      );
    },

    async scan(prefix: string) {
      const operation = `${name}.scan`;
      return decodeRows(operation, scanRows(operation, prefix));
    },

    async batch(ops) {
      const operation = `${name}.batch`;
      step(operation, true, () => applyBatch(operation, ops));
    },

    async transact(keys, plan) {
      const operation = `${name}.transact`;
      for (const key of keys) checkKey(operation, key);
      step(operation, true, () =>
        transactSync(
          db,
          (key) => readOne(operation, key),
          (ops) => applyOps(operation, ops),
          keys,
          plan,
        ),
      );
    },

    async deletePrefix(prefix) {
      const operation = `${name}.deletePrefix`;
      checkKey(operation, prefix);
      const upper = prefixUpperBoundCodePoints(prefix);
      step(operation, true, () =>
        upper === undefined ? s.deleteFrom.run(prefix) : s.deleteRange.run(prefix, upper),
      );
    },

    async close() {
      if (closed) return;
      closed = true;
      if (options.closeDatabase === false) return;
      try {
        db.close();
      } catch (error) {
        throw toStorageError(`${name}.close`, resource, error, false);
      }
    },
  };
  withTextScan(storage, scanRows);
  const scoped = scopedSqlTransact(db, resource, () => closed, readOne, applyOps);
  return withScopedTransact(storage, sqliteScopes(db, s.version, storage, scoped));
}

/**
 * The scoped write transaction of `sqliteStorage` (see sqlite-scopes.ts), as one function made
 * per adapter: a write makes no closure of its own on this path. Errors map as the adapter's
 * other operations map them (closed storage, driver errors to `StorageError`).
 */
function scopedSqlTransact(
  db: SqliteDatabaseLike,
  resource: string,
  closed: () => boolean,
  read: (operation: string, key: string) => JsonValue | undefined,
  write: (operation: string, ops: readonly StorageOp[]) => void,
): ScopedSqlTransact {
  const operation = `${name}.transact`;
  const readChecked = (key: string) => {
    checkKey(operation, key);
    return read(operation, key);
  };
  return (scope, keys, plan, end) => {
    if (closed()) throw closedError(operation, resource);
    try {
      db.exec('BEGIN IMMEDIATE');
      try {
        const known = scope();
        write(operation, plan(keys(known).map(readChecked), known, end));
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    } catch (error) {
      throw toStorageError(operation, resource, error, true);
    }
  };
}

/** Gives the store the rows of a scan as stored, decoded on their collection's first use. */
function withTextScan(
  storage: StorageAdapter,
  scanRows: (operation: string, prefix: string) => Array<[string, unknown]>,
): void {
  const textScan: TextScan = async (prefix) => scanRows(`${name}.scan`, prefix);
  Object.assign(storage, { [textScanKey]: textScan } satisfies TextScanning);
}

/**
 * Reads, plans and writes in one `BEGIN IMMEDIATE` transaction: it takes the write lock before
 * reading, so another connection (or process) cannot commit between the read and the write;
 * it waits up to the driver's busy timeout for the lock.
 */
function transactSync(
  db: SqliteDatabaseLike,
  read: (key: string) => JsonValue | undefined,
  write: (ops: readonly StorageOp[]) => void,
  keys: readonly string[],
  plan: (values: ReadonlyArray<JsonValue | undefined>) => readonly StorageOp[],
): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    write(plan(keys.map(read)));
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

/** Sets the journal mode and `synchronous`, creates the table, prepares the statements. */
function openTable(
  db: SqliteDatabaseLike,
  table: string,
  options: SqliteStorageOptions,
  resource: string,
): Statements {
  const synchronous = options.synchronous ?? (options.wal === false ? undefined : 'NORMAL');
  if (synchronous !== undefined && !synchronousLevels.has(synchronous)) {
    throw new StorageError(name, `invalid synchronous setting "${String(synchronous)}"`);
  }
  try {
    if (options.wal !== false) db.exec('PRAGMA journal_mode = WAL');
    if (synchronous !== undefined) db.exec(`PRAGMA synchronous = ${synchronous}`);
    return prepareStatements(db, `"${table}"`);
  } catch (error) {
    throw toStorageError(name, resource, error, false);
  }
}

/** A prefix scan's rows, `[key, stored value]`, in UTF-16 key order. */
function readRows(s: Statements, prefix: string): Array<[string, unknown]> {
  const upper = prefixUpperBoundCodePoints(prefix);
  const rows = upper === undefined ? s.scanFrom.all(prefix) : s.scanRange.all(prefix, upper);
  // SQLite orders by UTF-8 bytes (code points); the contract orders by UTF-16 code units.
  return sortByKey(
    s.rawScans
      ? (rows as Array<[string, unknown]>)
      : (rows as Array<{ key: string; value: unknown }>).map((row): [string, unknown] => [
          row.key,
          row.value,
        ]),
  );
}

/**
 * Decodes `[key, text]` rows in place into `[key, value]` pairs: one `JSON.parse` per row and
 * no other object. A row that is not JSON text fails as `decodeJson` says.
 */
function decodeRows(operation: string, rows: Array<[string, unknown]>): Array<[string, JsonValue]> {
  let i = 0;
  try {
    for (; i < rows.length; i++) {
      const row = rows[i] as [string, unknown];
      const text = row[1];
      if (typeof text !== 'string') break;
      row[1] = JSON.parse(text) as JsonValue;
    }
  } catch {
    // Reported below, with the key.
  }
  if (i < rows.length) {
    const row = rows[i] as [string, unknown];
    decodeJson(operation, row[0], row[1]);
  }
  return rows as Array<[string, JsonValue]>;
}

type Statements = ReturnType<typeof prepareStatements>;

/** Creates the table if needed and prepares every statement once. */
function prepareStatements(db: SqliteDatabaseLike, t: string) {
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${t} (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID`,
  );
  const scanRange = db.prepare(
    `SELECT key, value FROM ${t} WHERE key >= ? AND key < ? ORDER BY key`,
  );
  const scanFrom = db.prepare(`SELECT key, value FROM ${t} WHERE key >= ? ORDER BY key`);
  const rawScans = typeof scanRange.raw === 'function' && typeof scanFrom.raw === 'function';
  if (rawScans) {
    scanRange.raw?.(true);
    scanFrom.raw?.(true);
  }
  return {
    rawScans,
    scanRange,
    scanFrom,
    get: db.prepare(`SELECT value FROM ${t} WHERE key = ?`),
    put: db.prepare(
      `INSERT INTO ${t} (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    ),
    delete: db.prepare(`DELETE FROM ${t} WHERE key = ?`),
    version: dataVersionReader(db.prepare('PRAGMA data_version')),
    deleteRange: db.prepare(`DELETE FROM ${t} WHERE key >= ? AND key < ?`),
    deleteFrom: db.prepare(`DELETE FROM ${t} WHERE key >= ?`),
  };
}
