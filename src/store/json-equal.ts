import type { JsonValue } from '../storage-adapters/storage-adapter.js';

/** Deep equality of two JSON values (object key order ignored). */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  const ao = a as { readonly [key: string]: JsonValue };
  const bo = b as { readonly [key: string]: JsonValue };
  let count = 0;
  for (const key in ao) {
    if (!(key in bo) || !jsonEqual(ao[key], bo[key])) return false;
    count++;
  }
  for (const _ in bo) count--;
  return count === 0;
}
