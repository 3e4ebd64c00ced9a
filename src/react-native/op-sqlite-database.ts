/** op-sqlite (`@op-engineering/op-sqlite` 9+) behind the SDK's {@link AsyncSqlDatabase}. */
import type {
  AsyncSqlDatabase,
  AsyncSqlExecutor,
  SqlValue,
} from '../storage-adapters/async-sql-database.js';

/** What op-sqlite's `execute` resolves with (the fields the SDK reads). */
export interface OpSqliteQueryResultLike {
  readonly rows: ReadonlyArray<Record<string, unknown>>;
}

/** The statement method of op-sqlite's `DB` and of its `Transaction`. */
export interface OpSqliteExecutorLike {
  execute(query: string, params?: SqlValue[]): Promise<OpSqliteQueryResultLike>;
}

/** The part of op-sqlite's `DB` the SDK uses (`open({ name })`). */
export interface OpSqliteDatabaseLike extends OpSqliteExecutorLike {
  /** Commits when `fn` resolves, rolls back when it throws. */
  transaction(fn: (tx: OpSqliteExecutorLike) => Promise<void>): Promise<void>;
  close(): void;
}

function executor(db: OpSqliteExecutorLike): AsyncSqlExecutor {
  return {
    all: async (sql, params) => (await db.execute(sql, [...params])).rows,
    run: async (sql, params) => {
      await db.execute(sql, [...params]);
    },
  };
}

/**
 * Wraps an op-sqlite database for `asyncSqliteStorage`.
 *
 * @example
 * ```ts
 * import { open } from '@op-engineering/op-sqlite';
 * const storage = asyncSqliteStorage(opSqliteDatabase(open({ name: 'infinitestories.db' })));
 * ```
 */
export function opSqliteDatabase(db: OpSqliteDatabaseLike): AsyncSqlDatabase {
  return {
    ...executor(db),
    transaction: (work) => db.transaction((tx) => work(executor(tx))),
    close: async () => db.close(),
  };
}
