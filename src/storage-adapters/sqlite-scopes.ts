/**
 * The scopes of a SQLite handle (see scoped-transact.ts): how `sqliteStorage` knows that no
 * other connection committed since it last read the change record.
 */
import type { ScopedPlan, ScopedTransact } from './scoped-transact.js';
import type { SqliteDatabaseLike, SqliteStatementLike } from './sqlite-storage.js';
import type { StorageAdapter } from './storage-adapter.js';

/**
 * A `BEGIN IMMEDIATE` transaction that calls `scope()` once it holds the write lock, reads
 * the keys `keys(scope)` gives, and writes what `plan` returns. The functions are made once
 * per adapter, not per write: a write allocates no closure of its own on this path.
 */
export type ScopedSqlTransact = (
  scope: () => unknown,
  keys: (scope: unknown) => readonly string[],
  plan: ScopedPlan,
  end: () => void,
) => void;

/**
 * `PRAGMA data_version` (prepared as `statement`) set to return the number alone when the
 * driver can (better-sqlite3's `pluck`: no row object per read; a few hundred ns less per write).
 */
export function dataVersionReader(statement: SqliteStatementLike): () => unknown {
  if (typeof statement.pluck === 'function') statement.pluck(true);
  return () => {
    const row = statement.get();
    return typeof row === 'object' && row !== null
      ? (row as { data_version?: unknown }).data_version
      : row;
  };
}

/**
 * The scopes of a SQLite handle (see scoped-transact.ts): a scope lasts while no other
 * connection commits (`PRAGMA data_version`, read inside the transaction) and no `alone` or
 * `end` runs over the same handle. `transactIn` runs one `BEGIN IMMEDIATE` transaction.
 */
export function sqliteScopes(
  db: SqliteDatabaseLike,
  version: () => unknown,
  storage: StorageAdapter,
  transactIn: ScopedSqlTransact,
): ScopedTransact {
  const ended = endedScopes(db);
  const end = (): void => {
    ended.n++;
  };
  // The scope is an object kept while neither count moves: a write allocates nothing for it.
  let endedAt = -1;
  let knownVersion: unknown;
  let scope: object = {};
  const current = (): object => {
    const dataVersion = version();
    if (ended.n !== endedAt || dataVersion !== knownVersion) {
      endedAt = ended.n;
      knownVersion = dataVersion;
      scope = {};
    }
    return scope;
  };
  return {
    isolated: true,
    // Not `async`: the transaction is synchronous, and a write settles on a promise made once.
    run(keys, plan) {
      try {
        transactIn(current, keys, plan, end);
      } catch (error) {
        return Promise.reject(error);
      }
      return settled;
    },
    async alone(keys, plan) {
      end();
      await storage.transact?.(keys, plan);
    },
  };
}

/** What every synchronous transaction resolves with. */
const settled: Promise<void> = Promise.resolve();

/** How many scopes ended over each database handle (shared by its adapters). */
const endedByHandle = new WeakMap<object, { n: number }>();

function endedScopes(db: SqliteDatabaseLike): { n: number } {
  const known = endedByHandle.get(db);
  if (known) return known;
  const ended = { n: 0 };
  endedByHandle.set(db, ended);
  return ended;
}
