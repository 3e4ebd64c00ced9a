import { brandErrorClass, hasErrorBrand } from './brand.js';
import type { RequestContext } from './request-context.js';
import { SdkError } from './sdk-error.js';

/** The request never got an HTTP answer (connection refused, reset, DNS failure…). */
export class NetworkError extends SdkError {
  static {
    brandErrorClass(NetworkError, 'NetworkError');
  }
  override readonly name = 'NetworkError' as const;
  readonly operation: string;
  readonly method: string;
  readonly url: string;
  constructor(context: RequestContext, options?: { cause?: unknown }) {
    super(
      `${context.operation} could not reach the server (${context.method} ${context.url}); check the connection and retry`,
      options,
    );
    this.operation = context.operation;
    this.method = context.method;
    this.url = context.url;
  }
}

/** True for a {@link NetworkError} from any copy of the SDK. */
export function isNetworkError(value: unknown): value is NetworkError {
  return hasErrorBrand(value, 'NetworkError');
}
