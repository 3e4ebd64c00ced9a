import { brandErrorClass, hasErrorBrand } from './brand.js';
import { SdkError } from './sdk-error.js';

/** Input given to the SDK breaks the server's rules. Nothing was stored or sent. */
export class ValidationError extends SdkError {
  static {
    brandErrorClass(ValidationError, 'ValidationError');
  }
  override readonly name = 'ValidationError' as const;
  readonly operation: string;
  /** The offending field, e.g. `age` or `traits.3`. */
  readonly field: string;
  constructor(
    context: { operation: string; field: string; message: string },
    options?: { cause?: unknown },
  ) {
    super(`${context.operation}: ${context.field} ${context.message}`, options);
    this.operation = context.operation;
    this.field = context.field;
  }
}

/** True for a {@link ValidationError} from any copy of the SDK. */
export function isValidationError(value: unknown): value is ValidationError {
  return hasErrorBrand(value, 'ValidationError');
}
