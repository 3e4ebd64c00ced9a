/** ListeningSession: `/analytics/sessions`. */
import * as z from 'zod/mini';
import {
  cuidSchema,
  dateInputSchema,
  isoTimestampSchema,
  nullableIsoTimestampSchema,
  paginationSchema,
  userIdSchema,
} from './common.js';

/** A listening session row. */
export const listeningSessionSchema = z.object({
  id: cuidSchema,
  userId: userIdSchema,
  storyId: z.string(),
  startedAt: isoTimestampSchema,
  endedAt: nullableIsoTimestampSchema,
  /** Whole seconds, capped by the server at `ceil(1.5 × audioDuration)`. */
  duration: z.nullable(z.int()),
  completed: z.boolean(),
  createdAt: isoTimestampSchema,
  updatedAt: isoTimestampSchema,
});

/** A listening session. */
export type ListeningSession = z.infer<typeof listeningSessionSchema>;

/** Data of `GET /analytics/sessions` (ordered by `startedAt desc`). */
export const listeningSessionListSchema = z.object({
  sessions: z.array(listeningSessionSchema),
  pagination: paginationSchema,
});

/** One page of `analytics.listSessions()`: `{ sessions, pagination }`. */
export type ListeningSessionList = z.infer<typeof listeningSessionListSchema>;

/**
 * Body of `POST /analytics/sessions`. Dates may be `Date`s or ISO strings (sent as
 * `toISOString()`); `endedAt` must be later than `startedAt`; `duration` is in seconds, ≥ 0.
 * Creating a session also increments the story's `playCount` (do not also call `/play`).
 */
export const createListeningSessionInputSchema = z.object({
  storyId: z.string().check(z.minLength(1)),
  startedAt: z.optional(dateInputSchema),
  endedAt: z.optional(dateInputSchema),
  duration: z.optional(z.number().check(z.nonnegative())),
  completed: z.optional(z.boolean()),
});

/** Input of `analytics.createSession()`. */
export type CreateListeningSessionInput = {
  storyId: string;
  startedAt?: string | Date | undefined;
  endedAt?: string | Date | undefined;
  duration?: number | undefined;
  completed?: boolean | undefined;
};
