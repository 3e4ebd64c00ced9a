import { brandErrorClass, hasErrorBrand } from './brand.js';
import { SdkError } from './sdk-error.js';

/** An online-only operation was called while the device is offline. Nothing was sent. */
export class OfflineError extends SdkError {
  static {
    brandErrorClass(OfflineError, 'OfflineError');
  }
  override readonly name = 'OfflineError' as const;
  readonly operation: string;
  constructor(operation: string, options?: { cause?: unknown }) {
    super(
      `${operation} needs the network and the device is offline; try again when online`,
      options,
    );
    this.operation = operation;
  }
}

/** True for an {@link OfflineError} from any copy of the SDK. */
export function isOfflineError(value: unknown): value is OfflineError {
  return hasErrorBrand(value, 'OfflineError');
}
