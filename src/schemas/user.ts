/** The user profile and usage routes. */
import * as z from 'zod/mini';
import {
  countSchema,
  isoTimestampSchema,
  nullableIsoTimestampSchema,
  userIdSchema,
} from './common.js';

/** The User row (better-auth user plus the backend's usage counters). */
export const userSchema = z.object({
  id: userIdSchema,
  email: z.string(),
  emailVerified: z.boolean(),
  name: z.nullable(z.string()),
  image: z.nullable(z.string()),
  createdAt: isoTimestampSchema,
  updatedAt: isoTimestampSchema,
  totalStoriesGenerated: countSchema,
  totalAudioGenerated: countSchema,
  totalIllustrationsGenerated: countSchema,
  lastStoryGeneratedAt: nullableIsoTimestampSchema,
});

/** A user as `PATCH /user/profile` returns it. */
export type User = z.infer<typeof userSchema>;

/** `GET /user/profile`: the User row plus `_count`. */
export const userProfileSchema = z.extend(userSchema, {
  _count: z.object({ heroes: countSchema, customEvents: countSchema, stories: countSchema }),
});

/** Result of `user.profile()`. */
export type UserProfile = z.infer<typeof userProfileSchema>;

/** Body of `PATCH /user/profile`: only `name` is applied by the server. */
export const updateProfileInputSchema = z.object({ name: z.string().check(z.minLength(1)) });

/** Input of `user.updateProfile()`. */
export type UpdateProfileInput = {
  name: string;
};

/** The operations `/user/usage` reports rate limits for. */
export const usageOperationSchema = z.enum([
  'story_generation',
  'audio_generation',
  'avatar_generation',
  'illustration_generation',
  'ai_assistant',
]);

/** A rate-limited operation. */
export type UsageOperation = z.infer<typeof usageOperationSchema>;

/** One operation's rate-limit state. `resetAt` is always "now + 1 h" on this backend. */
export const rateLimitStateSchema = z.object({
  remaining: z.int(),
  limit: z.int(),
  resetAt: isoTimestampSchema,
});

/** One operation's rate-limit state. */
export type RateLimitState = z.infer<typeof rateLimitStateSchema>;

/** Data of `GET /user/usage`. */
export const userUsageSchema = z.object({
  period: z.object({ startDate: isoTimestampSchema, endDate: isoTimestampSchema }),
  summary: z.object({
    totalRequests: countSchema,
    successfulRequests: countSchema,
    failedRequests: countSchema,
    /** Percent, 0–100. */
    successRate: z.number(),
    /** USD, 2 decimals. */
    totalCost: z.number(),
    totalTokens: z.number(),
  }),
  byOperation: z.array(
    z.object({
      operation: z.string(),
      totalRequests: countSchema,
      successfulRequests: countSchema,
      failedRequests: countSchema,
      totalCost: z.number(),
      totalTokens: z.number(),
      /** Milliseconds. */
      averageDuration: z.number(),
    }),
  ),
  rateLimits: z.object({
    story_generation: rateLimitStateSchema,
    audio_generation: rateLimitStateSchema,
    avatar_generation: rateLimitStateSchema,
    illustration_generation: rateLimitStateSchema,
    ai_assistant: rateLimitStateSchema,
  }),
  userStats: z.object({
    totalStoriesGenerated: countSchema,
    totalAudioGenerated: countSchema,
    totalIllustrationsGenerated: countSchema,
    lastStoryGeneratedAt: nullableIsoTimestampSchema,
  }),
});

/** Result of `user.usage()`. */
export type UserUsage = z.infer<typeof userUsageSchema>;

/** Data of `DELETE /user/account`. */
export const accountDeletedSchema = z.object({ deleted: z.literal(true) });

/** Result of `user.deleteAccount()`. */
export type AccountDeleted = z.infer<typeof accountDeletedSchema>;
