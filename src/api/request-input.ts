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

/** Checks that a path id is a non-empty string. */
export function requireId(operation: string, field: string, id: string): string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new ValidationError({ operation, field, message: 'must be a non-empty id' });
  }
  return encodeURIComponent(id);
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
