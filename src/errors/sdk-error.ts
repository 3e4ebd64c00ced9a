import { brandErrorClass, classBrand, hasErrorBrand } from './brand.js';

/**
 * Base class of every error thrown by the SDK. Each subclass has a literal `name`, carries the
 * context a caller needs (operation, URL, status, record id) and the standard `cause`.
 *
 * Test errors with `instanceof` (`error instanceof NetworkError`). It checks a brand shared by
 * every copy of the package, not the prototype chain: an error thrown by a duplicate copy of the
 * SDK (two versions in one bundle) is recognised, and a platform error that has the same name (a
 * `DOMException` named `AbortError`) never is.
 */
export class SdkError extends Error {
  static {
    brandErrorClass(SdkError, 'SdkError');
  }

  /**
   * `value instanceof C` for the SDK's error classes: true when `value` carries `C`'s brand, from
   * any copy of the package. For a subclass an app defines itself (no brand), the usual
   * prototype-chain test applies.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // `this` is the class on the right of `instanceof` (a subclass inherits this method).
    // biome-ignore lint/complexity/noThisInStatic: the class being tested is `this`, not SdkError
    const tested: object = this;
    const brand = classBrand(tested);
    if (brand === undefined) return Function.prototype[Symbol.hasInstance].call(tested, value);
    return hasErrorBrand(value, brand);
  }

  override readonly name: string = 'SdkError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** True for any error thrown by this SDK (any copy of it), and for nothing else (internal). */
export function isSdkError(value: unknown): value is SdkError {
  return hasErrorBrand(value, 'SdkError');
}
