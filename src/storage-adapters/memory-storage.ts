import { StorageError } from '../errors/index.js';
import { assertKey, assertOp, encodeJson } from './json-codec.js';
import { sortByKey } from './key-range.js';
import { isPlainJson, withObjectValues } from './memory-values.js';
import { withScopedTransact } from './scoped-transact.js';
import type { JsonValue, StorageAdapter, StorageOp } from './storage-adapter.js';

/** The in-memory adapter: a {@link StorageAdapter} that also deletes by prefix. */
export interface MemoryStorage extends StorageAdapter {
  deletePrefix(prefix: string): Promise<void>;
  transact: NonNullable<StorageAdapter['transact']>;
}

const name = 'memoryStorage';

/**
 * Storage that lives in this process only: the default adapter, and the one for tests.
 * Each value is kept as a deeply frozen copy, made at write time, of what JSON would give back
 * (`JSON.parse(JSON.stringify(v))`; a part the SDK already checked and froze as exactly that is
 * kept as it is), so every value round-trips exactly as on the persistent adapters, reads hand
 * out the stored objects without parsing or copying them, and no caller can mutate stored
 * state through an input it kept or an output it got (writing to one throws a `TypeError` in
 * strict mode code). Each call returns an independent store;
 * several clients may share one (as tabs share IndexedDB): their writes never overwrite each
 * other's (see `transact`).
 *
 * `close()` deletes everything it holds. A client never closes the storage it was given, so
 * clients that share one adapter keep working until the app closes it: do that once, after
 * the last of them closed.
 *
 * @example
 * ```ts
 * const client = createClient({ baseUrl, storage: memoryStorage() });
 * ```
 */
export function memoryStorage(): MemoryStorage {
  const data = new Map<string, JsonValue>();
  let closed = false;
  /** The current scope (see scoped-transact.ts): replaced by `alone` and by `end`. */
  let scope: object = {};

  const ensureOpen = (operation: string): void => {
    if (closed) {
      throw new StorageError(operation, 'the storage is closed; open a new adapter');
    }
  };

  const applySync = (operation: string, ops: readonly StorageOp[]): void => {
    // Copy everything before touching the map: a bad value leaves nothing behind.
    const copies: Array<JsonValue | undefined> = ops.map((op) => {
      assertOp(operation, op);
      return op.type === 'put' ? frozenJsonCopy(operation, op.key, op.value) : undefined;
    });
    ops.forEach((op, index) => {
      const copy = copies[index];
      if (copy === undefined) data.delete(op.key);
      else data.set(op.key, copy);
    });
  };

  /** Reads, plans and writes in one synchronous step: nothing can run in between. */
  const transactSync = (
    operation: string,
    keys: readonly string[],
    plan: (values: ReadonlyArray<JsonValue | undefined>) => readonly StorageOp[],
  ): void => {
    ensureOpen(operation);
    const values = keys.map((key) => {
      assertKey(operation, key);
      return data.get(key);
    });
    applySync(operation, plan(values));
  };

  const storage: MemoryStorage = {
    async get(key) {
      const operation = `${name}.get`;
      ensureOpen(operation);
      assertKey(operation, key);
      return data.get(key);
    },

    async getMany(keys) {
      const operation = `${name}.getMany`;
      ensureOpen(operation);
      return keys.map((key) => {
        assertKey(operation, key);
        return data.get(key);
      });
    },

    async scan(prefix) {
      const operation = `${name}.scan`;
      ensureOpen(operation);
      assertKey(operation, prefix);
      const entries: Array<[string, JsonValue]> = [];
      // forEach, not for…of: no [key, value] pair per entry of the whole map.
      data.forEach((value, key) => {
        if (key.startsWith(prefix)) entries.push([key, value]);
      });
      return sortByKey(entries);
    },

    async batch(ops: readonly StorageOp[]) {
      const operation = `${name}.batch`;
      ensureOpen(operation);
      applySync(operation, ops);
    },

    async transact(keys, plan) {
      transactSync(`${name}.transact`, keys, plan);
    },

    async deletePrefix(prefix) {
      const operation = `${name}.deletePrefix`;
      ensureOpen(operation);
      assertKey(operation, prefix);
      for (const key of data.keys()) {
        if (key.startsWith(prefix)) data.delete(key);
      }
    },

    async close() {
      closed = true;
      data.clear();
    },
  };
  const end = (): void => {
    scope = {};
  };
  return withScopedTransact(withObjectValues(storage), {
    isolated: true,
    async run(keys, plan) {
      const current = scope;
      transactSync(`${name}.transact`, keys(current), (values) => plan(values, current, end));
    },
    async alone(keys, plan) {
      ensureOpen(`${name}.transact`);
      scope = {};
      transactSync(`${name}.transact`, keys, plan);
    },
  });
}

/** What JSON would give back for `value`, deeply frozen (`StorageError` when not encodable). */
function frozenJsonCopy(operation: string, key: string, value: JsonValue): JsonValue {
  const copy = plainCopy(value, 0);
  if (copy !== NOT_PLAIN) return copy;
  const parsed = JSON.parse(encodeJson(operation, key, value)) as JsonValue;
  freeze(parsed);
  return parsed;
}

const NOT_PLAIN = Symbol('not plain JSON');
/** Deeper values go through JSON, which also reports cycles. */
const MAX_DEPTH = 100;

/**
 * A frozen copy of `value` when copying gives what JSON would (plain objects and arrays,
 * finite numbers, strings, booleans, null); `NOT_PLAIN` for anything JSON transforms or drops
 * (`undefined`, `-0`, `NaN`, `toJSON`, class instances, holes, `__proto__` keys, deep nesting).
 */
function plainCopy(value: unknown, depth: number): JsonValue | typeof NOT_PLAIN {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0) ? value : NOT_PLAIN;
    case 'object':
      break;
    default:
      return NOT_PLAIN;
  }
  if (value === null) return null;
  // Checked and frozen by the SDK (see memory-values.ts): the copy would equal it.
  if (Object.isFrozen(value) && isPlainJson(value)) return value as JsonValue;
  if (depth > MAX_DEPTH) return NOT_PLAIN;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return NOT_PLAIN;
    const out: JsonValue[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = i in value ? plainCopy(value[i], depth + 1) : NOT_PLAIN;
      if (item === NOT_PLAIN) return NOT_PLAIN;
      out[i] = item;
    }
    return Object.freeze(out);
  }
  const proto = Object.getPrototypeOf(value);
  if ((proto !== Object.prototype && proto !== null) || 'toJSON' in value) return NOT_PLAIN;
  const out: Record<string, JsonValue> = {};
  for (const name of Object.keys(value)) {
    if (name === '__proto__') return NOT_PLAIN;
    const item = plainCopy((value as Record<string, unknown>)[name], depth + 1);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    out[name] = item;
  }
  return Object.freeze(out);
}

function freeze(value: JsonValue): void {
  if (typeof value !== 'object' || value === null) return;
  Object.freeze(value);
  if (Array.isArray(value)) for (const item of value) freeze(item);
  else
    for (const name in value)
      freeze((value as { readonly [key: string]: JsonValue })[name] as JsonValue);
}
