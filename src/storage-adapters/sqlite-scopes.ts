/**
 * The scopes of a SQLite handle (see scoped-transact.ts): how `sqliteStorage` knows that no
 * other connection committed since it last read the change record.
 */
import type { ScopedTransact } from './scoped-transact.js';
import type { SqliteDatabaseLike, SqliteStatementLike } from './sqlite-storage.js';
import type { JsonValue, StorageAdapter, StorageOp } from './storage-adapter.js';

/** A `BEGIN IMMEDIATE` transaction reading the keys `keys()` gives inside it. */
export type ScopedSqlTransact = (
  keys: () => readonly string[],
  plan: (values: ReadonlyArray<JsonValue | undefined>) => readonly StorageOp[],
) => void;

/**
 * The scopes of a SQLite handle (see scoped-transact.ts): a scope lasts while no other
 * connection commits (`PRAGMA data_version`, read inside the transaction) and no `alone` or
 * `end` runs over the same handle. `transactIn` runs one `BEGIN IMMEDIATE` transaction.
 */
export function sqliteScopes(
  db: SqliteDatabaseLike,
  version: SqliteStatementLike,
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
  const keysIn = (keys: (scope: unknown) => readonly string[]): readonly string[] => {
    const { data_version } = version.get() as { data_version?: unknown };
    if (ended.n !== endedAt || data_version !== knownVersion) {
      endedAt = ended.n;
      knownVersion = data_version;
      scope = {};
    }
    return keys(scope);
  };
  return {
    isolated: true,
    // Not `async`: the transaction is synchronous, and a write settles on a promise made once.
    run(keys, plan) {
      try {
        transactIn(
          () => keysIn(keys),
          (values) => plan(values, scope, end),
        );
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
