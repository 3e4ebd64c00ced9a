/** `GET /api/v1/health` and `GET /api/v1/ping`; neither needs auth. */
import * as z from 'zod/mini';
import { isoTimestampSchema } from './common.js';

/** Data of `GET /health` (a 503 `ServiceUnavailable` is an error, not data). */
export const healthSchema = z.object({
  status: z.literal('healthy'),
  timestamp: isoTimestampSchema,
  database: z.string(),
  version: z.string(),
});

/** Result of `health()`. */
export type Health = z.infer<typeof healthSchema>;

/** Body of `GET /ping`: no envelope, `timestamp` in epoch milliseconds. */
export const pingSchema = z.object({
  status: z.literal('ok'),
  timestamp: z.int(),
});

/** Result of `ping()`. */
export type Ping = z.infer<typeof pingSchema>;
