/**
 * JSON helpers for conflict resolution: deep equality, value kinds, validation of untrusted
 * values (a resolver's output) and frozen copies. Pure; no imports beyond types.
 */
import type { WireData } from '../store/types.js';

/** A JSON value, as record fields hold them. */
export type JsonValue = WireData[string];

/** The JSON kind of a value, as conflict validation distinguishes them. */
export type JsonKind = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

/** The kind of a JSON value. */
export function jsonKind(value: JsonValue): JsonKind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as 'boolean' | 'number' | 'string' | 'object';
}

/** Deep equality of two JSON values (object key order ignored); `undefined` equals only itself. */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  const ao = a as WireData;
  const bo = b as WireData;
  const aKeys = Object.keys(ao);
  if (aKeys.length !== Object.keys(bo).length) return false;
  for (const key of aKeys) {
    if (!Object.hasOwn(bo, key) || !jsonEqual(ao[key], bo[key])) return false;
  }
  return true;
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
  for (const [key, item] of Object.entries(value as WireData)) out[key] = frozenCopy(item);
  return Object.freeze(out) as T;
}
