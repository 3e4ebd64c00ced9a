import { brandErrorClass, hasErrorBrand } from './brand.js';
import { SdkError } from './sdk-error.js';

/**
 * An option given to a factory (`createClient`) cannot work, e.g. a `baseUrl` that is not an
 * absolute http(s) URL. Thrown at once, before anything is opened or sent.
 */
export class ConfigurationError extends SdkError {
  static {
    brandErrorClass(ConfigurationError, 'ConfigurationError');
  }
  override readonly name = 'ConfigurationError' as const;
  /** The factory, e.g. `createClient`. */
  readonly operation: string;
  /** The option, e.g. `baseUrl`. */
  readonly option: string;
  constructor(
    context: { operation: string; option: string; message: string },
    options?: { cause?: unknown },
  ) {
    super(`${context.operation}: option "${context.option}" ${context.message}`, options);
    this.operation = context.operation;
    this.option = context.option;
  }
}

/** True for a {@link ConfigurationError} from any copy of the SDK. */
export function isConfigurationError(value: unknown): value is ConfigurationError {
  return hasErrorBrand(value, 'ConfigurationError');
}
