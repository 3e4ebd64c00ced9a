import type { ApiUsageRow, FakeDatabase, GenerationOperation } from './state.js';

/** Every operation the backend's DB limiter knows; `ai_assistant` is only ever reported. */
export type RateLimitedOperation = GenerationOperation | 'ai_assistant';

/** The limiter's defaults per rolling hour. */
export const DEFAULT_RATE_LIMITS: Readonly<Record<RateLimitedOperation, number>> = {
  story_generation: 5,
  audio_generation: 10,
  avatar_generation: 3,
  illustration_generation: 20,
  ai_assistant: 30,
};

/** The order in which `/user/usage` lists `rateLimits`. */
export const RATE_LIMITED_OPERATIONS: readonly RateLimitedOperation[] = [
  'story_generation',
  'audio_generation',
  'avatar_generation',
  'illustration_generation',
  'ai_assistant',
];

const WINDOW_MS = 60 * 60 * 1000;

/** The model name each operation records on its ApiUsage rows. */
const MODELS: Readonly<Record<RateLimitedOperation, string>> = {
  story_generation: 'gpt-4o',
  audio_generation: 'gpt-4o-mini-tts',
  avatar_generation: 'gpt-image-1',
  illustration_generation: 'gpt-image-1',
  ai_assistant: 'gpt-4o-mini',
};

/** The result of a limiter check (`checkRateLimit`). */
export interface RateLimitCheck {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetAt: Date;
}

/** Optional cost details of a usage row. */
export interface UsageDetails {
  model?: string;
  tokensUsed?: number;
  estimatedCost?: number;
  requestDuration?: number;
}

/** The backend's database-backed generation limiter: usage rows of the last hour, per user. */
export interface GenerationRateLimiter {
  check(userId: string, operation: RateLimitedOperation): RateLimitCheck;
  record(
    userId: string,
    operation: GenerationOperation,
    success: boolean,
    errorMessage?: string,
    details?: UsageDetails,
  ): void;
}

/**
 * The limiter: counts a user's ApiUsage rows for an operation in the last hour (successes and
 * failures alike); `resetAt` is always now + 1 h, as on the real backend.
 */
export function createGenerationRateLimiter(
  db: FakeDatabase,
  now: () => Date,
  newId: () => string,
  limits: Readonly<Record<RateLimitedOperation, number>>,
): GenerationRateLimiter {
  return {
    check(userId, operation) {
      const current = now().getTime();
      const windowStart = current - WINDOW_MS;
      let count = 0;
      for (const row of db.apiUsage) {
        if (
          row.userId === userId &&
          row.operation === operation &&
          row.createdAt.getTime() >= windowStart
        ) {
          count++;
        }
      }
      const limit = limits[operation];
      return {
        allowed: count < limit,
        limit,
        remaining: Math.max(0, limit - count),
        resetAt: new Date(current + WINDOW_MS),
      };
    },
    record(userId, operation, success, errorMessage, details) {
      const row: ApiUsageRow = {
        id: newId(),
        userId,
        operation,
        model: details?.model ?? MODELS[operation],
        tokensUsed: details?.tokensUsed ?? null,
        estimatedCost: details?.estimatedCost ?? null,
        requestDuration: details?.requestDuration ?? null,
        success,
        errorMessage: errorMessage ?? null,
        createdAt: now(),
      };
      db.apiUsage.push(row);
    },
  };
}

/** The exact message of the limiter's 429 (`enforceRateLimit`). */
export function rateLimitMessage(operation: string, check: RateLimitCheck): string {
  return `Rate limit exceeded for ${operation}. Resets at ${check.resetAt.toISOString()}. Limit: ${check.limit} requests per hour.`;
}
