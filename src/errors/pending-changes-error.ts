import { brandErrorClass, hasErrorBrand } from './brand.js';
import { SdkError } from './sdk-error.js';

/** Sign-out was refused because unsynced changes would be lost. */
export class PendingChangesError extends SdkError {
  static {
    brandErrorClass(PendingChangesError, 'PendingChangesError');
  }
  override readonly name = 'PendingChangesError' as const;
  /** How many outbox entries are still unsynced. */
  readonly pendingCount: number;
  constructor(pendingCount: number) {
    super(
      `signOut refused: ${pendingCount} change(s) are not synced yet; sync first, or pass { discardPendingChanges: true } to drop them`,
    );
    this.pendingCount = pendingCount;
  }
}

/** True for a {@link PendingChangesError} from any copy of the SDK. */
export function isPendingChangesError(value: unknown): value is PendingChangesError {
  return hasErrorBrand(value, 'PendingChangesError');
}
