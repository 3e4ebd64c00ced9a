import { brandErrorClass, hasErrorBrand } from './brand.js';
import type { RequestContext } from './request-context.js';
import { SdkError } from './sdk-error.js';

/** The request took longer than its timeout. Its outcome on the server is unknown. */
export class TimeoutError extends SdkError {
  static {
    brandErrorClass(TimeoutError, 'TimeoutError');
  }
  override readonly name = 'TimeoutError' as const;
  readonly operation: string;
  readonly method: string;
  readonly url: string;
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;
  constructor(context: RequestContext & { timeoutMs: number }, options?: { cause?: unknown }) {
    super(
      `${context.operation} timed out after ${context.timeoutMs} ms (${context.method} ${context.url}); the server may still have applied it`,
      options,
    );
    this.operation = context.operation;
    this.method = context.method;
    this.url = context.url;
    this.timeoutMs = context.timeoutMs;
  }
}

/**
 * True for a {@link TimeoutError} from any copy of the SDK; false for a platform `DOMException`
 * named `TimeoutError` (e.g. from `AbortSignal.timeout`).
 */
export function isTimeoutError(value: unknown): value is TimeoutError {
  return hasErrorBrand(value, 'TimeoutError');
}
