/**
 * A {@link StorageAdapter} over an async SQLite database ({@link AsyncSqlDatabase}): expo-sqlite
 * or op-sqlite on React Native, wa-sqlite or sql.js on the web. The same table layout as
 * `sqliteStorage`: one `key TEXT PRIMARY KEY, value TEXT` table, JSON text values.
 */
import { StorageError } from '../errors/index.js';
import type { AsyncSqlDatabase } from './async-sql-database.js';
import { assertKey, assertOp, decodeJson, encodeJson } from './json-codec.js';
import { hasLoneSurrogate, prefixUpperBoundCodePoints, sortByKey } from './key-range.js';
import { serialQueue } from './serial-queue.js';
import type { JsonValue, StorageAdapter, StorageOp } from './storage-adapter.js';
import { toStorageError } from './to-storage-error.js';

/** Options of {@link asyncSqliteStorage}. */
export interface AsyncSqliteStorageOptions {
  /** Table name (letters, digits and `_`); created if missing. @default 'kv' */
  readonly table?: string | undefined;
  /** Close the database in `close()`. `false` when the app shares it. @default true */
  readonly closeDatabase?: boolean | undefined;
}

const name = 'asyncSqliteStorage';

/**
 * Storage over an async SQLite database. Operations run one at a time in call order; a batch
 * is one transaction (all or nothing). Keys must be well-formed UTF-16 (no lone surrogates).
 *
 * @example
 * ```ts
 * import * as SQLite from 'expo-sqlite';
 * import { asyncSqliteStorage, expoSqliteDatabase } from '@infinitestories/sdk/react-native';
 * const db = await SQLite.openDatabaseAsync('infinitestories.db');
 * const storage = asyncSqliteStorage(expoSqliteDatabase(db));
 * ```
 */
export function asyncSqliteStorage(
  db: AsyncSqlDatabase,
  options: AsyncSqliteStorageOptions = {},
): StorageAdapter {
  const table = options.table ?? 'kv';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) {
    throw new StorageError(`${name}`, `invalid table name "${table}" (letters, digits and _ only)`);
  }
  const resource = `table "${table}"`;
  const enqueue = serialQueue();
  let closed = false;
  let created: Promise<void> | undefined;

  const step = <T>(operation: string, writes: boolean, work: () => Promise<T>): Promise<T> =>
    enqueue(async () => {
      if (closed) throw new StorageError(operation, `${resource} is closed`);
      try {
        created ??= db.run(
          `CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID`,
          [],
        );
        await created;
        return await work();
      } catch (error) {
        created = undefined;
        throw toStorageError(operation, resource, error, writes);
      }
    });

  const checkKey = (operation: string, key: string): void => {
    assertKey(operation, key);
    if (hasLoneSurrogate(key)) {
      throw new StorageError(operation, `key "${key}" contains a lone UTF-16 surrogate`);
    }
  };

  const range = (prefix: string): { where: string; params: string[] } => {
    const upper = prefixUpperBoundCodePoints(prefix);
    return upper === undefined
      ? { where: 'key >= ?', params: [prefix] }
      : { where: 'key >= ? AND key < ?', params: [prefix, upper] };
  };

  return {
    get(key) {
      const operation = `${name}.get`;
      return step(operation, false, async () => {
        checkKey(operation, key);
        const rows = await db.all(`SELECT value FROM ${table} WHERE key = ?`, [key]);
        const row = rows[0];
        return row === undefined ? undefined : decodeJson(operation, key, row.value);
      });
    },

    getMany(keys) {
      const operation = `${name}.getMany`;
      return step(operation, false, async () => {
        for (const key of keys) checkKey(operation, key);
        if (keys.length === 0) return [];
        const placeholders = keys.map(() => '?').join(', ');
        const rows = await db.all(
          `SELECT key, value FROM ${table} WHERE key IN (${placeholders})`,
          keys,
        );
        const byKey = new Map(rows.map((row) => [String(row.key), row.value]));
        return keys.map((key) =>
          byKey.has(key) ? decodeJson(operation, key, byKey.get(key)) : undefined,
        );
      });
    },

    scan(prefix) {
      const operation = `${name}.scan`;
      return step(operation, false, async () => {
        checkKey(operation, prefix);
        const { where, params } = range(prefix);
        const rows = await db.all(`SELECT key, value FROM ${table} WHERE ${where}`, params);
        return sortByKey(
          rows.map((row): [string, JsonValue] => {
            const key = String(row.key);
            return [key, decodeJson(operation, key, row.value)];
          }),
        );
      });
    },

    batch(ops: readonly StorageOp[]) {
      const operation = `${name}.batch`;
      // Validated and encoded at call time (a caller mutating a value afterwards changes
      // nothing); a bad op rejects the whole batch before anything is written.
      let rows: Array<{ key: string; text: string | null }> = [];
      let invalid: unknown = null;
      try {
        rows = ops.map((op) => {
          assertOp(operation, op);
          checkKey(operation, op.key);
          const text = op.type === 'put' ? encodeJson(operation, op.key, op.value) : null;
          return { key: op.key, text };
        });
      } catch (error) {
        invalid = error ?? new Error('invalid batch');
      }
      return step(operation, true, () => {
        if (invalid !== null) throw invalid;
        return db.transaction(async (tx) => {
          for (const row of rows) {
            if (row.text === null) await tx.run(`DELETE FROM ${table} WHERE key = ?`, [row.key]);
            else
              await tx.run(
                `INSERT INTO ${table} (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
                [row.key, row.text],
              );
          }
        });
      });
    },

    transact(keys, plan) {
      const operation = `${name}.transact`;
      return step(operation, true, () => {
        for (const key of keys) checkKey(operation, key);
        // Reads and writes share the database's write transaction (see AsyncSqlDatabase).
        return db.transaction(async (tx) => {
          const values: Array<JsonValue | undefined> = [];
          for (const key of keys) {
            const rows = await tx.all(`SELECT value FROM ${table} WHERE key = ?`, [key]);
            const row = rows[0];
            values.push(row === undefined ? undefined : decodeJson(operation, key, row.value));
          }
          for (const op of plan(values)) {
            assertOp(operation, op);
            checkKey(operation, op.key);
            if (op.type === 'delete') {
              await tx.run(`DELETE FROM ${table} WHERE key = ?`, [op.key]);
            } else {
              await tx.run(
                `INSERT INTO ${table} (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
                [op.key, encodeJson(operation, op.key, op.value)],
              );
            }
          }
        });
      });
    },

    deletePrefix(prefix) {
      const operation = `${name}.deletePrefix`;
      return step(operation, true, () => {
        checkKey(operation, prefix);
        const { where, params } = range(prefix);
        return db.transaction((tx) => tx.run(`DELETE FROM ${table} WHERE ${where}`, params));
      });
    },

    close() {
      return enqueue(async () => {
        if (closed) return;
        closed = true;
        if (options.closeDatabase === false) return;
        try {
          await db.close();
        } catch (error) {
          throw toStorageError(`${name}.close`, resource, error, false);
        }
      });
    },
  };
}
