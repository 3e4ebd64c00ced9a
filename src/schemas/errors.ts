/** Error bodies the backend sends. */
import * as z from 'zod/mini';

/**
 * The API routes' error body `{ error: "<Code>", message, details? }`. The batch routes send
 * only `{ error: "<message>" }`, so `message` is optional.
 */
export const apiErrorBodySchema = z.object({
  error: z.string(),
  message: z.optional(z.string()),
  details: z.optional(z.unknown()),
});

/** An API error body. */
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

/** better-auth's error body `{ code, message }`. */
export const betterAuthErrorBodySchema = z.object({
  code: z.string(),
  message: z.optional(z.string()),
});

/** A better-auth error body. */
export type BetterAuthErrorBody = z.infer<typeof betterAuthErrorBodySchema>;

/** better-auth's rate-limit body `{ message }` (sent as `text/plain`, with `X-Retry-After`). */
export const messageOnlyErrorBodySchema = z.object({ message: z.string() });
