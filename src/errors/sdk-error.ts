import { brandErrorClass, hasErrorBrand } from './brand.js';

/**
 * Base class of every error thrown by the SDK. Each subclass has a literal `name`, carries the
 * context a caller needs (operation, URL, status, record id) and the standard `cause`.
 *
 * Prefer the `is…` guards to `instanceof`: they recognise errors from duplicate copies of the
 * package, and never mistake a platform error (a `DOMException` named `AbortError`) for ours.
 */
export class SdkError extends Error {
  static {
    brandErrorClass(SdkError, 'SdkError');
  }
  override readonly name: string = 'SdkError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** True for any error thrown by this SDK (any copy of it), and for nothing else. */
export function isSdkError(value: unknown): value is SdkError {
  return hasErrorBrand(value, 'SdkError');
}
