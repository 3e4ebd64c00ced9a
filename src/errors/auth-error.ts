import { brandErrorClass, hasErrorBrand } from './brand.js';
import { SdkError } from './sdk-error.js';

/** Authentication failed: wrong credentials, no session, or a session the server no longer knows. */
export class AuthError extends SdkError {
  static {
    brandErrorClass(AuthError, 'AuthError');
  }
  override readonly name = 'AuthError' as const;
  readonly operation: string;
  /** HTTP status, when the failure came from the server. */
  readonly status: number | undefined;
  /** better-auth's error code, e.g. `INVALID_EMAIL_OR_PASSWORD`, or `NOT_SIGNED_IN`, `SESSION_EXPIRED`. */
  readonly code: string;
  constructor(
    context: { operation: string; code: string; status?: number | undefined; message?: string },
    options?: { cause?: unknown },
  ) {
    super(context.message ?? `${context.operation} failed: ${context.code}`, options);
    this.operation = context.operation;
    this.status = context.status;
    this.code = context.code;
  }
}

/** True for an {@link AuthError} from any copy of the SDK. */
export function isAuthError(value: unknown): value is AuthError {
  return hasErrorBrand(value, 'AuthError');
}
