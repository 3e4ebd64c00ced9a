// Runner-independent assertions for the contract suites: they throw plain Errors with messages
// that show what was expected, so any test runner (or a bare browser page) reports them.

import { isStorageError } from '../errors/index.js';

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
