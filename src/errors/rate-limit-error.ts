import { brandErrorClass, hasErrorBrand } from './brand.js';
import type { RequestContext } from './request-context.js';
import { SdkError } from './sdk-error.js';

/**
 * The server refused the call because of a rate limit. Never retried automatically: on this
 * backend every rejected attempt extends the lockout.
 */
export class RateLimitError extends SdkError {
  static {
    brandErrorClass(RateLimitError, 'RateLimitError');
  }
  override readonly name = 'RateLimitError' as const;
  readonly operation: string;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  /** The limited server operation, e.g. `story_generation`, or `auth` for better-auth's limiter. */
  readonly limitedOperation: string | undefined;
  /** Allowed requests per window, when the server said. */
  readonly limit: number | undefined;
  /** When the caller may try again (parsed from the message or `X-Retry-After`). */
  readonly resetAt: Date;
  constructor(
    context: RequestContext & {
      status: number;
      limitedOperation?: string | undefined;
      limit?: number | undefined;
      resetAt: Date;
    },
    options?: { cause?: unknown },
  ) {
    super(
      `${context.operation} is rate limited${context.limitedOperation ? ` (${context.limitedOperation})` : ''} until ${context.resetAt.toISOString()}; do not retry before then`,
      options,
    );
    this.operation = context.operation;
    this.method = context.method;
    this.url = context.url;
    this.status = context.status;
    this.limitedOperation = context.limitedOperation;
    this.limit = context.limit;
    this.resetAt = context.resetAt;
  }
}

/** True for a {@link RateLimitError} from any copy of the SDK. */
export function isRateLimitError(value: unknown): value is RateLimitError {
  return hasErrorBrand(value, 'RateLimitError');
}
