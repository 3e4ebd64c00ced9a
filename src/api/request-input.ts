/** Client-side checks of what a caller passes in, before anything is sent. */
import type * as z from 'zod/mini';
import { ValidationError } from '../errors/index.js';
import type { DateInput } from '../schemas/common.js';

/**
 * Validates `value` with `schema` and returns the parsed value (unknown keys dropped).
 * @throws ValidationError naming the first offending field.
 */
export function validateInput<S extends z.ZodMiniType>(
  operation: string,
  schema: S,
  value: unknown,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ValidationError(
    {
      operation,
      field: issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'input',
      message: issue?.message ?? 'is invalid',
    },
    { cause: result.error },
  );
}

/**
 * Normalises a date to `toISOString()` (the only form the backend reads reliably).
 * @throws ValidationError when the value is not a valid date.
 */
export function toIsoString(operation: string, field: string, value: DateInput): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new ValidationError({ operation, field, message: 'is not a valid date' });
  }
  return date.toISOString();
}

/** {@link toIsoString} for optional values. */
export function optionalIsoString(
  operation: string,
  field: string,
  value: DateInput | undefined,
): string | undefined {
  return value === undefined ? undefined : toIsoString(operation, field, value);
}

/**
 * What an id in a path segment may look like: server ids (cuid, better-auth ids, uuids) and
 * the device's local ids. `.`, `..`, slashes and anything else that could change the route
 * are refused.
 */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/** Checks that a path id has a valid form (`ValidationError` otherwise); returns it. */
export function requireId(operation: string, field: string, id: string): string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new ValidationError({ operation, field, message: 'must be a non-empty id' });
  }
  if (!ID_PATTERN.test(id)) {
    throw new ValidationError({
      operation,
      field,
      message: `must be an id (letters, digits, "-" and "_", at most 128), got ${JSON.stringify(id.slice(0, 40))}`,
    });
  }
  return id;
}

/** Query parameter values; `undefined` entries are left out. */
export type QueryValues = Readonly<Record<string, string | number | boolean | undefined>>;

/** Builds a query string, skipping `undefined` values. */
export function buildQuery(values: QueryValues): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) query.set(key, String(value));
  }
  return query;
}

/** `'true'` when the flag is set, else nothing (the server only tests for `'true'`). */
export function flag(value: boolean | undefined): 'true' | undefined {
  return value === true ? 'true' : undefined;
}
