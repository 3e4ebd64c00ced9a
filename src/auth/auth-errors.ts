/**
 * Turns a failed better-auth answer into the SDK's typed errors:
 * - 429 (better-auth's own limiter: text/plain body, `X-Retry-After` seconds) → `RateLimitError`;
 * - the server's own input checks (`PASSWORD_TOO_SHORT`, `VALIDATION_ERROR` "[body.email] …")
 *   → `ValidationError` naming the field;
 * - any other 4xx with a better-auth `code` → `AuthError` carrying that code
 *   (`INVALID_EMAIL_OR_PASSWORD`, `USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL`, `INVALID_ORIGIN`…);
 * - everything else (5xx, bodies without a code) → `HttpError`.
 */
import type { SdkError } from '../errors/index.js';
import { AuthError, HttpError, RateLimitError, ValidationError } from '../errors/index.js';

/** better-auth's limiter window when `X-Retry-After` is missing or unreadable. */
export const DEFAULT_AUTH_RETRY_AFTER_SECONDS = 10;

/** Context of one failed auth call. */
export interface AuthFailure {
  readonly operation: string;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  /** The parsed error body (better-auth: `{ code, message }`), or anything else the server sent. */
  readonly body: unknown;
  /** Response headers, when the response was seen. */
  readonly headers: Headers | undefined;
  /** The caller's clock, epoch ms (for `resetAt`). */
  readonly now: number;
}

function readString(body: unknown, key: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function retryAfterSeconds(headers: Headers | undefined): number {
  const raw = headers?.get('x-retry-after') ?? headers?.get('retry-after') ?? null;
  if (raw === null) return DEFAULT_AUTH_RETRY_AFTER_SECONDS;
  const seconds = Number(raw.trim());
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_AUTH_RETRY_AFTER_SECONDS;
}

const PASSWORD_CODES = new Set(['PASSWORD_TOO_SHORT', 'PASSWORD_TOO_LONG', 'INVALID_PASSWORD']);
const BODY_FIELD = /^\s*\[body\.([\w.]+)\]\s*(.*)$/s;

/** The typed error for a failed better-auth answer. */
export function authFailureError(failure: AuthFailure): SdkError {
  const { operation, method, url, status, body } = failure;
  const code = readString(body, 'code');
  const serverMessage = readString(body, 'message');

  if (status === 429) {
    return new RateLimitError({
      operation,
      method,
      url,
      status,
      limitedOperation: 'auth',
      resetAt: new Date(failure.now + retryAfterSeconds(failure.headers) * 1000),
    });
  }

  if (code !== undefined && status >= 400 && status < 500) {
    if (PASSWORD_CODES.has(code)) {
      return new ValidationError({
        operation,
        field: 'password',
        message: `was refused by the server (${code}): it must be 8–128 characters long`,
      });
    }
    if (code === 'INVALID_EMAIL') {
      return new ValidationError({
        operation,
        field: 'email',
        message: 'is not a valid email address',
      });
    }
    if (code === 'VALIDATION_ERROR') {
      const match = serverMessage === undefined ? null : BODY_FIELD.exec(serverMessage);
      if (match) {
        return new ValidationError({
          operation,
          field: match[1] ?? 'input',
          message: `was refused by the server: ${match[2] ?? ''}`.trim(),
        });
      }
    }
    const why = serverMessage ? `: ${serverMessage}` : '';
    return new AuthError({
      operation,
      code,
      status,
      message: `${operation} failed with ${status} ${code}${why}`,
    });
  }

  return new HttpError({ operation, method, url, status, code, serverMessage });
}
