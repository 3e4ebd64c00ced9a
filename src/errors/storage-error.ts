import { brandErrorClass, hasErrorBrand } from './brand.js';
import { SdkError } from './sdk-error.js';

/** Storage or secure storage failed (quota, disk full, closed database). The write did not happen. */
export class StorageError extends SdkError {
  static {
    brandErrorClass(StorageError, 'StorageError');
  }
  override readonly name = 'StorageError' as const;
  readonly operation: string;
  constructor(operation: string, message: string, options?: { cause?: unknown }) {
    super(`${operation}: ${message}`, options);
    this.operation = operation;
  }
}

/** True for a {@link StorageError} from any copy of the SDK. */
export function isStorageError(value: unknown): value is StorageError {
  return hasErrorBrand(value, 'StorageError');
}
