/**
 * The storage seam: the only way the local store touches persistent storage.
 *
 * It is a tiny ordered key/value interface (string keys, JSON values) with one atomic write
 * primitive, so a host can implement it over AsyncStorage, MMKV, native SQLite or anything else
 * in an afternoon, then prove it with `runStorageAdapterContract` from
 * `@infinitestories/sdk/testing`.
 *
 * ## Keys
 * Keys are well-formed strings (no lone UTF-16 surrogates), ordered by UTF-16 code units — the
 * order of JavaScript's default `Array.prototype.sort()` and of IndexedDB. The SDK's store lays
 * them out as slash-separated paths and scans by prefix:
 *
 * ```
 * meta/schema-version                  global, not tied to a user
 * u/<userId>/heroes/<localId>          one record
 * u/<userId>/outbox/<seq>              one outbox entry
 * u/<userId>/…                         everything of one user (wiped on sign-out)
 * ```
 *
 * Prefixes used for scans end with `/` so that `u/1/` never matches `u/10/…`. Adapters know
 * nothing of this layout; they only store, order and scan keys.
 *
 * ## Values
 * Values are JSON values. Adapters store a copy (the persistent ones store JSON text; the
 * in-memory one a deeply frozen copy), so a caller mutating an object after `batch()` or after
 * `get()` never changes what is stored. Values read may be frozen: a caller that wants to
 * change one copies it first.
 * Anything `JSON.stringify` would drop or transform (`undefined` properties, `Date`, `NaN`)
 * comes back as JSON would give it back; a value `JSON.stringify` cannot encode (a `BigInt`, a
 * cycle, a bare `undefined`) makes the whole batch fail with a `StorageError`.
 *
 * ## Order and atomicity
 * - Operations take effect in call order: a `get`/`scan` called after `batch()` — even before
 *   that batch's promise settles — sees the batch; of two batches, the later call wins.
 * - `batch()` is all or nothing, and durable when its promise resolves (it survives the app
 *   being killed right after).
 * - Every failure rejects with a `StorageError` (quota exceeded, disk full, closed database,
 *   unserialisable value); a rejected batch left nothing behind.
 */
import type { JsonValue } from '../model/json.js';

export type { JsonValue };

import type { SecureStore } from '../auth/secure-store.js';

/** Store `value` under `key`, replacing any previous value. */
export interface StoragePut {
  readonly type: 'put';
  readonly key: string;
  readonly value: JsonValue;
}

/** Remove `key`. Deleting a missing key is not an error. */
export interface StorageDelete {
  readonly type: 'delete';
  readonly key: string;
}

/** One operation of an atomic {@link StorageAdapter.batch}. */
export type StorageOp = StoragePut | StorageDelete;

/**
 * An ordered string → JSON key/value store with atomic batches. See the module comment for
 * the full contract (key order, copies, call order, durability, errors).
 *
 * @example
 * ```ts
 * await storage.batch([
 *   { type: 'put', key: 'u/42/heroes/h1', value: { name: 'Luna' } },
 *   { type: 'put', key: 'u/42/outbox/0000000001', value: { op: 'create', localId: 'h1' } },
 * ]);
 * const heroes = await storage.scan('u/42/heroes/');
 * ```
 */
export interface StorageAdapter {
  /** The value stored under `key`, or `undefined` when there is none. */
  get(key: string): Promise<JsonValue | undefined>;
  /** The values of `keys`, in the same order (`undefined` for a missing key), read consistently. */
  getMany(keys: readonly string[]): Promise<Array<JsonValue | undefined>>;
  /** Every `[key, value]` whose key starts with `prefix`, sorted by key. `''` scans everything. */
  scan(prefix: string): Promise<Array<[string, JsonValue]>>;
  /**
   * Applies `ops` in order as one atomic unit: when the promise resolves every op is durable;
   * when it rejects (always with a `StorageError`) none of them happened.
   */
  batch(ops: readonly StorageOp[]): Promise<void>;
  /**
   * Optional: atomically deletes every key starting with `prefix` (a user namespace wipe).
   * Callers use the `deletePrefix(adapter, prefix)` helper, which falls back to `scan` +
   * `batch` for adapters that do not implement it.
   */
  deletePrefix?(prefix: string): Promise<void>;
  /**
   * Optional: reads `keys`, passes their values (in order, `undefined` for a missing key) to
   * `plan`, and applies the ops `plan` returns — all as one atomic unit that no other write
   * interleaves with, whether it comes from this adapter, another adapter over the same
   * storage (another tab, another connection) or another process. `plan` is synchronous and
   * called once; when it throws, nothing is written
   * and the promise rejects with that error.
   *
   * Several clients over one storage (browser tabs, an app and its background task) rely on it
   * so that one client's write never overwrites another's. Callers use the
   * `transact(adapter, keys, plan)` helper, which falls back to `getMany` + `batch` (atomic for
   * a single client only) for adapters that do not implement it.
   */
  transact?(
    keys: readonly string[],
    plan: (values: ReadonlyArray<JsonValue | undefined>) => readonly StorageOp[],
  ): Promise<void>;
  /**
   * Optional: the secure store that suits this storage's platform, used by `createClient` when
   * the host passes no `secureStore` (`indexedDBStorage` offers an encrypted IndexedDB one).
   * Called once per client.
   */
  defaultSecureStore?(): SecureStore;
  /**
   * Lets operations already called finish, then releases the underlying resources. Idempotent.
   * Every later call rejects with a `StorageError`.
   */
  close(): Promise<void>;
}
