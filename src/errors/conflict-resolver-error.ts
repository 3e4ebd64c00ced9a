import { brandErrorClass, hasErrorBrand } from './brand.js';
import { SdkError } from './sdk-error.js';

/** Why a resolution from app code was refused. */
export type ConflictResolverFailure = 'threw' | 'invalid';

/**
 * A custom conflict resolver threw or returned something unusable, or `conflicts.resolve()` got
 * an invalid `{ merged }` value. Nothing of it was applied: the record keeps its local changes
 * and the conflict stays open until resolved with a valid value.
 */
export class ConflictResolverError extends SdkError {
  static {
    brandErrorClass(ConflictResolverError, 'ConflictResolverError');
  }
  override readonly name = 'ConflictResolverError' as const;
  /** Where the resolution came from, e.g. `conflict resolver` or `conflicts.resolve`. */
  readonly operation: string;
  /** The collection of the record in conflict, e.g. `stories`. */
  readonly collection: string;
  /** Local id of the record in conflict. */
  readonly recordId: string;
  /** Whether the resolver threw or returned an invalid value. */
  readonly reason: ConflictResolverFailure;
  /** What was wrong, one entry per problem (e.g. `unknown field "nickname"`). */
  readonly issues: readonly string[];
  constructor(
    context: {
      operation: string;
      collection: string;
      recordId: string;
      reason: ConflictResolverFailure;
      issues: readonly string[];
    },
    options?: { cause?: unknown },
  ) {
    const what = context.reason === 'threw' ? 'threw' : 'returned an invalid resolution';
    const detail = context.issues.length > 0 ? `: ${context.issues.join('; ')}` : '';
    super(
      `${context.operation} for ${context.collection}/${context.recordId} ${what}${detail}; nothing was applied and the conflict stays open`,
      options,
    );
    this.operation = context.operation;
    this.collection = context.collection;
    this.recordId = context.recordId;
    this.reason = context.reason;
    this.issues = context.issues;
  }
}

/** True for a {@link ConflictResolverError} from any copy of the SDK. */
export function isConflictResolverError(value: unknown): value is ConflictResolverError {
  return hasErrorBrand(value, 'ConflictResolverError');
}
