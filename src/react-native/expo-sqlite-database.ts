/** expo-sqlite's async API (SDK 51+) behind the SDK's {@link AsyncSqlDatabase}. */
import type {
  AsyncSqlDatabase,
  AsyncSqlExecutor,
  SqlValue,
} from '../storage-adapters/async-sql-database.js';

/** The statement methods of expo-sqlite's `SQLiteDatabase` (and of its transaction object). */
export interface ExpoSqliteExecutorLike {
  getAllAsync<T>(source: string, params: SqlValue[]): Promise<T[]>;
  runAsync(source: string, params: SqlValue[]): Promise<unknown>;
}

/** The part of expo-sqlite's `SQLiteDatabase` the SDK uses (`openDatabaseAsync(name)`). */
export interface ExpoSqliteDatabaseLike extends ExpoSqliteExecutorLike {
  withExclusiveTransactionAsync(
    task: (txn: ExpoSqliteExecutorLike) => Promise<void>,
  ): Promise<void>;
  closeAsync(): Promise<void>;
}

function executor(db: ExpoSqliteExecutorLike): AsyncSqlExecutor {
  return {
    all: (sql, params) => db.getAllAsync<Record<string, unknown>>(sql, [...params]),
    run: async (sql, params) => {
      await db.runAsync(sql, [...params]);
    },
  };
}

/**
 * Wraps an expo-sqlite database for `asyncSqliteStorage`. Batches run in
 * `withExclusiveTransactionAsync`, so no other statement of the app interleaves with them.
 *
 * @example
 * ```ts
 * const db = await SQLite.openDatabaseAsync('infinitestories.db');
 * const storage = asyncSqliteStorage(expoSqliteDatabase(db));
 * ```
 */
export function expoSqliteDatabase(db: ExpoSqliteDatabaseLike): AsyncSqlDatabase {
  return {
    ...executor(db),
    transaction: (work) => db.withExclusiveTransactionAsync((txn) => work(executor(txn))),
    close: () => db.closeAsync(),
  };
}
