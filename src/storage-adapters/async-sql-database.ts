/**
 * The tiny async SQL interface `asyncSqliteStorage` runs on. Bindings for expo-sqlite and
 * op-sqlite ship in `@infinitestories/sdk/react-native`; anything else (wa-sqlite, sql.js, a
 * worker) fits in a dozen lines.
 */

/** A value bound to a `?` placeholder. */
export type SqlValue = string | number | null;

/** Runs statements. */
export interface AsyncSqlExecutor {
  /** Runs a query and resolves with its rows as `{ column: value }` objects. */
  all(sql: string, params: readonly SqlValue[]): Promise<ReadonlyArray<Record<string, unknown>>>;
  /** Runs a statement that returns no rows. */
  run(sql: string, params: readonly SqlValue[]): Promise<void>;
}

/**
 * An async SQLite database.
 *
 * @example
 * ```ts
 * // sql.js (synchronous) behind the interface
 * const executor = {
 *   all: async (sql, params) => { const s = db.prepare(sql); s.bind(params); const rows = []; while (s.step()) rows.push(s.getAsObject()); s.free(); return rows; },
 *   run: async (sql, params) => { db.run(sql, params); },
 * };
 * const database = { ...executor, transaction: async (work) => { db.run('BEGIN'); try { await work(executor); db.run('COMMIT'); } catch (e) { db.run('ROLLBACK'); throw e; } }, close: async () => db.close() };
 * ```
 */
export interface AsyncSqlDatabase extends AsyncSqlExecutor {
  /**
   * Runs `work` in one write transaction that no other statement interleaves with: commits
   * when `work` resolves, rolls back (and rejects) when it throws.
   */
  transaction(work: (tx: AsyncSqlExecutor) => Promise<void>): Promise<void>;
  /** Closes the database. */
  close(): Promise<void>;
}
