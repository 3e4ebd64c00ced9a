import { brandErrorClass, hasErrorBrand } from './brand.js';
import { SdkError } from './sdk-error.js';

/** The operation was aborted through its AbortSignal or because the client was closed. */
export class AbortError extends SdkError {
  static {
    brandErrorClass(AbortError, 'AbortError');
  }
  override readonly name = 'AbortError' as const;
  readonly operation: string;
  constructor(operation: string, options?: { cause?: unknown }) {
    super(`${operation} was aborted`, options);
    this.operation = operation;
  }
}

/**
 * True for an {@link AbortError} from any copy of the SDK; false for the platform's
 * `DOMException` named `AbortError` (the SDK wraps those, keeping the original as `cause`).
 */
export function isAbortError(value: unknown): value is AbortError {
  return hasErrorBrand(value, 'AbortError');
}
