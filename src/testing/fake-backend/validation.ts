import type * as z from 'zod';

/** `formatZodErrors` of the backend's `withAuthAndValidation`: `path: msg; path2: msg`. */
export function formatZodIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`)
    .join('; ');
}

/**
 * Parses a date the way the backend (running with `TZ=UTC`) does with `new Date(value)`: a
 * date-time without `Z` or offset is read as UTC. `null` when invalid (epoch numbers included,
 * since `new Date("1795727421559")` is invalid).
 */
export function parseServerDate(value: string): Date | null {
  const localDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
  const date = new Date(localDateTime.test(value) ? `${value}Z` : value);
  return Number.isNaN(date.getTime()) ? null : date;
}
