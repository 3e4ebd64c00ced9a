/**
 * JSON values and the helpers every layer shares: deep equality, stable text, value kinds,
 * validation of untrusted values (a resolver's output) and frozen copies. Pure; no imports.
 */

/** A JSON value: what record fields hold and what a storage adapter stores. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

type JsonObject = { readonly [key: string]: JsonValue };

/** The JSON kind of a value, as conflict validation distinguishes them. */
export type JsonKind = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

/** The kind of a JSON value. */
export function jsonKind(value: JsonValue): JsonKind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as 'boolean' | 'number' | 'string' | 'object';
}

/**
 * Deep equality of two JSON values: object key order is ignored and only own keys count (what
 * `JSON.stringify` would write), so an inherited name such as `toString` is never a match.
 * `undefined` equals only itself. Walks keys without allocating (store and sync call it per
 * field on hot paths).
 */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  const ao = a as JsonObject;
  const bo = b as JsonObject;
  let count = 0;
  for (const key in ao) {
    if (!Object.hasOwn(ao, key)) continue;
    if (!Object.hasOwn(bo, key) || !jsonEqual(ao[key], bo[key])) return false;
    count++;
  }
  for (const key in bo) if (Object.hasOwn(bo, key)) count--;
  return count === 0;
}

/** JSON with object keys sorted at every level, so equal values give equal text. */
export function stableJson(value: JsonValue | undefined): string {
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((item) => stableJson(item)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const object = value as JsonObject;
    const keys = Object.keys(object).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${stableJson(object[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** True for an object literal (`{}` or `Object.create(null)`), not an array, class instance or promise. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Why `value` is not a JSON value (`undefined`, a function, a non-finite number, a `Date`, a
 * cycle…), or `null` when it is one.
 */
export function jsonProblem(value: unknown, ancestors: Set<object> = new Set()): string | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `${value} is not a JSON number`;
    case 'object': {
      if (value === null) return null;
      if (ancestors.has(value)) return 'it contains a cycle';
      if (!Array.isArray(value) && !isPlainObject(value)) return 'it contains a non-plain object';
      ancestors.add(value);
      const items = Array.isArray(value) ? value : Object.values(value);
      for (const item of items) {
        const problem = jsonProblem(item, ancestors);
        if (problem) return problem;
      }
      ancestors.delete(value);
      return null;
    }
    default:
      return `${typeof value} is not a JSON value`;
  }
}

/** A deep, frozen copy of a JSON value (so callbacks can neither mutate our inputs nor theirs ours). */
export function frozenCopy<T extends JsonValue>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return Object.freeze(value.map((item) => frozenCopy(item))) as T;
  const out: Record<string, JsonValue> = {};
  for (const [key, item] of Object.entries(value as JsonObject)) out[key] = frozenCopy(item);
  return Object.freeze(out) as T;
}
