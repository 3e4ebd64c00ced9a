// Runner-independent assertions for the contract suites: they throw plain Errors with messages
// that show what was expected, so any test runner (or a bare browser page) reports them.

import { isStorageError } from '../errors/index.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';

export async function rejectsWithStorageError(
  promise: Promise<unknown>,
  what: string,
): Promise<void> {
  try {
    await promise;
  } catch (error) {
    check(
      isStorageError(error),
      `${what}: expected a StorageError, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
    return;
  }
  throw new Error(`${what}: expected a StorageError, but the call resolved`);
}

export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export function equal(actual: unknown, expected: unknown, what: string): void {
  check(same(actual, expected), `${what}: expected ${show(expected)}, got ${show(actual)}`);
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => same(item, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra);
  return (
    keys.length === Object.keys(rb).length &&
    keys.every((key) => Object.hasOwn(rb, key) && same(ra[key], rb[key]))
  );
}

function show(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (v === undefined ? '<undefined>' : v));
  const shown = text === undefined ? String(value) : text;
  return shown.length > 300 ? `${shown.slice(0, 300)}… (${shown.length} chars)` : shown;
}

/** JSON values of every kind, with awkward strings and keys. */
export function jsonSamples(): JsonValue[] {
  return [
    null,
    true,
    false,
    0,
    -1.5,
    1e300,
    Number.MAX_SAFE_INTEGER,
    '',
    'plain text',
    'quotes " \\ \n\t \u0000 \u2028 \u00e9 \u{1f600}',
    [],
    [1, 'two', null, [3, [4]], { five: 5 }],
    {},
    { name: 'Luna', age: 7, traits: ['brave', 'kind'], nested: { deep: [{ a: null }] } },
    { 'key with spaces': 1, '': 'empty key', __proto__x: 'proto-ish' },
  ];
}

/** `items` in a different, deterministic order. */
export function shuffled<T>(items: readonly T[]): T[] {
  // Deterministic: reverse, then interleave halves. Enough to defeat insertion-order luck.
  const reversed = [...items].reverse();
  const half = Math.ceil(reversed.length / 2);
  const out: T[] = [];
  for (let i = 0; i < half; i++) {
    out.push(reversed[i] as T);
    if (i + half < reversed.length) out.push(reversed[i + half] as T);
  }
  return out;
}
