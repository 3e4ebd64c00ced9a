/**
 * Building blocks shared by every wire schema: timestamps, ids, pagination and the `{ data,
 * message? }` envelope.
 *
 * Response schemas are exact about types and nullability but tolerant of extra keys: zod's default
 * object mode strips keys it does not know, so a server that adds a field never breaks a client.
 */

import * as z from 'zod/mini';
import { en as english } from 'zod/v4/locales';
import type { JsonValue } from '../model/json.js';

// zod's tree-shakable entry ships no messages; give its issues the English ones that zod's full
// entry would install, unless the app has configured a locale of its own.
if (z.config().localeError === undefined) z.config(english());

/** `YYYY-MM-DDTHH:mm:ss.sssZ`: UTC, exactly three fraction digits. */
export const ISO_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A server timestamp, kept as its ISO string (sorts correctly as a string). */
export const isoTimestampSchema = z
  .string()
  .check(z.regex(ISO_TIMESTAMP_PATTERN, 'expected an ISO timestamp YYYY-MM-DDTHH:mm:ss.sssZ'));

/** A nullable server timestamp. */
export const nullableIsoTimestampSchema = z.nullable(isoTimestampSchema);

/** cuid v1 as the backend generates it for app rows: 25 characters, starting with `c`. */
export const CUID_PATTERN = /^c[0-9a-z]{24}$/;

/** A server-generated app-row id (hero, story, custom event, visual profile, session…). */
export const cuidSchema = z
  .string()
  .check(z.regex(CUID_PATTERN, 'expected a cuid (25 chars, starts with c)'));

/** better-auth ids (user, session, account): 32 alphanumeric characters, not cuids. */
export const USER_ID_PATTERN = /^[A-Za-z0-9]{32}$/;

/** A better-auth user id. */
export const userIdSchema = z
  .string()
  .check(z.regex(USER_ID_PATTERN, 'expected a user id (32 alphanumeric chars)'));

/** A non-negative integer (counts, offsets). */
export const countSchema = z.int().check(z.nonnegative());

/**
 * Any JSON value (opaque `Json` columns), typed as the SDK's {@link JsonValue}: what a record
 * holds is read, not changed in place.
 */
export const jsonValueSchema: z.ZodMiniType<JsonValue> = z.json();

/** A JSON array of strings (Prisma `Json` columns such as `traits`). */
export const stringArraySchema = z.array(z.string());

/** The `pagination` object of every list response. */
export const paginationSchema = z.object({
  total: countSchema,
  limit: countSchema,
  offset: countSchema,
  hasMore: z.boolean(),
});

/** Pagination of a list response. */
export type Pagination = z.infer<typeof paginationSchema>;

/** Wraps a data schema in the success envelope `{ data, message? }`. */
export function envelopeSchema<T extends z.ZodMiniType>(data: T) {
  return z.object({ data, message: z.optional(z.string()) });
}

/** `{ data: { id }, message }`: what every DELETE of a row answers. */
export const deletedIdSchema = z.object({ id: cuidSchema });

/** Data of a DELETE response. */
export type DeletedId = z.infer<typeof deletedIdSchema>;

/** A date the caller may give as a `Date` or any string `new Date()` understands. */
export const dateInputSchema = z.union([z.date(), z.string()]);

/** Input accepted wherever a timestamp is sent; always sent as `toISOString()`. */
export type DateInput = Date | string;
