/**
 * Reading a 429. The backend's own limiter sends
 * `Rate limit exceeded for <op>. Resets at <ISO>. Limit: <N> requests per hour.` and no headers;
 * better-auth's limiter sends `X-Retry-After: <seconds>`.
 */

/** What a 429 said about the limit. */
export interface RateLimitInfo {
  readonly limitedOperation: string | undefined;
  readonly limit: number | undefined;
  readonly resetAt: Date;
}

const MESSAGE_PATTERN =
  /Rate limit exceeded for (\S+?)\.\s+Resets at (\S+?)\.\s+Limit:\s*(\d+) requests? per hour/;

const ONE_HOUR_MS = 60 * 60 * 1000;

/**
 * Parses a 429 response.
 * @param message - the body's `message`, if any.
 * @param retryAfterSeconds - the `X-Retry-After` (or `Retry-After`) header, if any.
 * @param now - device time in epoch ms, for relative waits and the 1-hour fallback.
 */
export function parseRateLimit(
  message: string | undefined,
  retryAfterSeconds: string | null,
  now: number,
): RateLimitInfo {
  const match = message ? MESSAGE_PATTERN.exec(message) : null;
  if (match) {
    const resetAt = new Date(match[2] ?? '');
    return {
      limitedOperation: match[1],
      limit: Number(match[3]),
      resetAt: Number.isNaN(resetAt.getTime()) ? new Date(now + ONE_HOUR_MS) : resetAt,
    };
  }
  const raw = retryAfterSeconds?.trim();
  const seconds = raw ? Number(raw) : Number.NaN;
  if (Number.isFinite(seconds) && seconds >= 0) {
    return { limitedOperation: 'auth', limit: undefined, resetAt: new Date(now + seconds * 1000) };
  }
  return { limitedOperation: undefined, limit: undefined, resetAt: new Date(now + ONE_HOUR_MS) };
}
