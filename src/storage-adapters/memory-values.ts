/**
 * An internal capability of `memoryStorage`: it keeps values as frozen objects in this
 * process, never as text. Its size means nothing on disk, and reading a value back costs no
 * decoding, so the store writes a record row there with the record's data as the app sees it
 * (view keys included: see row-codec.ts), which a reopen adopts as it is instead of copying it.
 *
 * The capability sits under a symbol, not enumerable, so a wrapper built by copying an
 * adapter's properties (`{ ...adapter, batch }`) does not inherit it: such a wrapper gets rows
 * as any adapter does.
 *
 * Values the SDK built from a server's JSON can also be handed over without a copy: see
 * {@link freezePlainJson}.
 */
import type { StorageAdapter } from './storage-adapter.js';

const OBJECT_VALUES = Symbol.for('@infinitestories/sdk.objectValues');

/** Marks `adapter` as keeping its values as objects (see the module comment). */
export function withObjectValues<T extends StorageAdapter>(adapter: T): T {
  Object.defineProperty(adapter, OBJECT_VALUES, { value: true, enumerable: false });
  return adapter;
}

/** Whether `adapter` keeps its values as objects (see the module comment). */
export function keepsObjectValues(adapter: StorageAdapter): boolean {
  return (adapter as { readonly [OBJECT_VALUES]?: boolean })[OBJECT_VALUES] === true;
}

/** Objects checked by {@link freezePlainJson}: deeply frozen, exactly what JSON gives back. */
const plainJson = new WeakSet<object>();

/** Nesting checked below a marked value (memoryStorage's copy allows 100 from the row). */
const MAX_DEPTH = 64;

/**
 * Freezes `value` and everything reachable from it, and marks it when it is exactly what JSON
 * would give back for it (the test of memoryStorage's copy: plain objects and arrays without
 * holes, `__proto__` or `toJSON` keys, strings, booleans, null, finite numbers other than `-0`).
 * memoryStorage keeps a marked value as it is instead of copying it: frozen, it cannot change.
 * Returns whether `value` was marked.
 *
 * Only for values whose objects hold plain data properties, as `JSON.parse` and zod build them
 * (rows from the server): the walk reads enumerable keys and cannot see accessors or symbol keys.
 */
export function freezePlainJson(value: object): boolean {
  const plain = freezeWalk(value, 0);
  if (plain) plainJson.add(value);
  return plain;
}

/** Whether `value` was marked by {@link freezePlainJson}. */
export function isPlainJson(value: object): boolean {
  return plainJson.has(value);
}

/** Whether a JSON primitive is one JSON gives back as it is. */
function plainPrimitive(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    default:
      return value === null;
  }
}

/** Freezes `value` deeply (all of it, even after a non-plain part); true when it is plain. */
function freezeWalk(value: object, depth: number): boolean {
  Object.freeze(value);
  let plain = depth <= MAX_DEPTH;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype || Object.hasOwn(value, 'toJSON'))
      plain = false;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null) {
        if (!freezeWalk(item, depth + 1)) plain = false;
      } else if (!plainPrimitive(item) || !(i in value)) plain = false;
    }
    return plain;
  }
  const proto = Object.getPrototypeOf(value);
  // A null-prototype object is not what JSON gives back (the copy has Object.prototype).
  if (proto !== Object.prototype || 'toJSON' in value) plain = false;
  for (const key in value) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (typeof item === 'object' && item !== null) {
      if (!freezeWalk(item, depth + 1)) plain = false;
    } else if (!plainPrimitive(item)) plain = false;
    if (key === '__proto__') plain = false;
  }
  return plain;
}
