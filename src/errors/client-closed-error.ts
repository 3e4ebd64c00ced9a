import { brandErrorClass, hasErrorBrand } from './brand.js';
import { SdkError } from './sdk-error.js';

/** A method of a client was called after `close()`. Nothing was read, written or sent. */
export class ClientClosedError extends SdkError {
  static {
    brandErrorClass(ClientClosedError, 'ClientClosedError');
  }
  override readonly name = 'ClientClosedError' as const;
  readonly operation: string;
  constructor(operation: string, options?: { cause?: unknown }) {
    super(`${operation}: the client was closed; create a new client`, options);
    this.operation = operation;
  }
}

/** True for a {@link ClientClosedError} from any copy of the SDK. */
export function isClientClosedError(value: unknown): value is ClientClosedError {
  return hasErrorBrand(value, 'ClientClosedError');
}
