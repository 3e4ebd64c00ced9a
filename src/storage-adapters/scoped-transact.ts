/**
 * An optional capability of the SDK's own adapters (IndexedDB, SQLite, memory), internal to it:
 * transactions that know their **scope**, a span in which no other client can change anything
 * without first ending the scope. A writer that checked a key once in a scope (the sign-out
 * gate of a coordinated client) need not read it again in the same scope, as long as every
 * change to that key that must be seen goes through {@link ScopedTransact.alone}.
 *
 * - IndexedDB: a scope is one connection. `alone` runs in a version-change transaction, which
 *   the database starts only after every other connection to it has closed (the adapter
 *   closes its connection when asked, and opens a new one, a new scope, on its next call), and
 *   which no other transaction overlaps.
 * - SQLite: a scope lasts while no other connection commits (`PRAGMA data_version`, read inside
 *   the transaction) and no `alone` (or `end`) runs over the same database handle.
 * - Memory: a scope lasts until the next `alone` or `end` (each transaction is one synchronous
 *   step).
 *
 * The capability sits under a symbol, not enumerable, so a wrapper built by copying an
 * adapter's properties (`{ ...adapter, batch }`) does not inherit it and keeps its own
 * `transact` in the path: without the capability, callers read the key in every transaction.
 */
import type { JsonValue, StorageAdapter, StorageOp } from './storage-adapter.js';

/** The symbol under which an adapter offers {@link ScopedTransact}. */
const SCOPED = Symbol.for('@infinitestories/sdk.scopedTransact');

/**
 * What a scoped write does with the values it read: the writes to make. `end()` ends the scope
 * (of every client) once the transaction is over.
 */
export type ScopedPlan = (
  values: ReadonlyArray<JsonValue | undefined>,
  scope: unknown,
  end: () => void,
) => readonly StorageOp[];

/** See the module comment. */
export interface ScopedTransact {
  /**
   * Whether a scope also ends whenever another connection commits anything (SQLite, memory:
   * then a value read in a scope is still the stored one later in it, unless a transaction of
   * this process wrote it; such transactions call `end`). IndexedDB: `false`.
   */
  readonly isolated: boolean;
  /**
   * A read-modify-write like `transact`, whose keys are chosen once the transaction is open:
   * `keys(scope)` gets the scope the transaction runs in (compare scopes with `===`). `end()`,
   * called by `plan`, ends the scope (of every client) once the transaction is over; only
   * where `isolated`.
   */
  run(keys: (scope: unknown) => readonly string[], plan: ScopedPlan): Promise<void>;
  /** A read-modify-write that ends every scope open before it, of every client. */
  alone(
    keys: readonly string[],
    plan: (values: ReadonlyArray<JsonValue | undefined>) => readonly StorageOp[],
  ): Promise<void>;
}

/** `adapter` with `scoped` attached under the capability's symbol (not enumerable). */
export function withScopedTransact<T extends StorageAdapter>(
  adapter: T,
  scoped: ScopedTransact,
): T {
  Object.defineProperty(adapter, SCOPED, { value: scoped, enumerable: false });
  return adapter;
}

/** The adapter's {@link ScopedTransact}, if it offers one. */
export function scopedTransactOf(adapter: StorageAdapter): ScopedTransact | undefined {
  return (adapter as { readonly [SCOPED]?: ScopedTransact })[SCOPED];
}
