/**
 * Validation of a `{ merged }` value coming from app code (a custom resolver, or
 * `conflicts.resolve(id, { merged })`): it must be a plain object whose keys are fields of the
 * collection, holding JSON values of each field's type, and must not change the type of a field
 * the reference version (the server's, else the local one) holds a non-null value in.
 */

import { fieldSpec } from '../model/descriptors.js';
import { fitsSpec } from '../model/field-spec.js';
import { frozenCopy, isPlainObject, type JsonValue, jsonKind, jsonProblem } from '../model/json.js';
import type { CollectionName, WireData } from '../model/types.js';

/** The outcome of {@link validateMerged}: a frozen copy, or the problems found. */
export type MergedValidation =
  | { readonly ok: true; readonly merged: WireData }
  | { readonly ok: false; readonly issues: readonly string[] };

/**
 * Checks `value` as the merged fields of a `collection` record.
 * @param reference - the version whose non-null values fix each field's type (normally the
 *   server's; the local one when the server has none).
 */
export function validateMerged(
  collection: CollectionName,
  value: unknown,
  reference: WireData | null,
): MergedValidation {
  if (!isPlainObject(value)) {
    return { ok: false, issues: ['merged must be a plain object of record fields'] };
  }
  const issues: string[] = [];
  for (const [field, item] of Object.entries(value)) {
    const spec = fieldSpec(collection, field);
    if (!spec) {
      issues.push(`unknown field "${field}" for ${collection}`);
      continue;
    }
    const problem = jsonProblem(item);
    if (problem) {
      issues.push(`"${field}" is not JSON: ${problem}`);
      continue;
    }
    const json = item as JsonValue;
    if (!fitsSpec(spec, json)) {
      issues.push(`"${field}" must be ${describe(spec.type)}${spec.nullable ? ' or null' : ''}`);
      continue;
    }
    const before = reference?.[field];
    if (before !== undefined && before !== null && json !== null) {
      if (jsonKind(before) !== jsonKind(json)) {
        issues.push(`"${field}" changes type from ${jsonKind(before)} to ${jsonKind(json)}`);
      }
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, merged: frozenCopy(value as WireData) };
}

function describe(type: string): string {
  switch (type) {
    case 'string[]':
      return 'an array of strings';
    case 'integer':
      return 'an integer';
    case 'object':
      return 'an object';
    case 'json':
      return 'JSON';
    default:
      return `a ${type}`;
  }
}
