/** The one error class of the migration tool. */
import { brandErrorClass, hasErrorBrand } from '../errors/brand.js';
import { SdkError } from '../errors/index.js';

/** One problem found in a legacy export. */
export interface ExportIssue {
  /** Dotted path into the export, e.g. `heroes.3.age`; empty for the whole document. */
  readonly path: string;
  readonly message: string;
}

/**
 * Why a migration stopped:
 * - `invalid-export`: the export failed validation (see `issues`); nothing was sent;
 * - `unsupported-version`: the export's format or version is not one this SDK reads;
 * - `auth`: not signed in, wrong password or expired session; sign in and `resume()`;
 * - `interrupted`: the network, the server or a rate limit kept failing; `resume()` later;
 * - `aborted`: the caller's `AbortSignal` fired; `resume()` continues;
 * - `rejected`: the server refused data permanently; the migration was rolled back;
 * - `verification`: the server's copy did not match what was sent; rolled back;
 * - `no-migration`: `resume()` or `rollback()` found no migration to act on;
 * - `checkpoint`: the checkpoint could not be read or written (nothing is sent without it).
 */
export type MigrationFailureKind =
  | 'invalid-export'
  | 'unsupported-version'
  | 'auth'
  | 'interrupted'
  | 'aborted'
  | 'rejected'
  | 'verification'
  | 'no-migration'
  | 'checkpoint';

/** A migration stopped. `resumable` says whether `resume()` can continue it. */
export class MigrationError extends SdkError {
  static {
    brandErrorClass(MigrationError, 'MigrationError');
  }
  override readonly name = 'MigrationError' as const;
  readonly kind: MigrationFailureKind;
  /** Problems of the export (`invalid-export`) or of the server's copy (`verification`). */
  readonly issues: readonly ExportIssue[];
  /** True when the checkpoint is kept and `resume()` can continue. */
  readonly resumable: boolean;
  /** True when what the migration created on the server was deleted again. */
  readonly rolledBack: boolean;
  constructor(
    context: {
      kind: MigrationFailureKind;
      message: string;
      issues?: readonly ExportIssue[];
      resumable?: boolean;
      rolledBack?: boolean;
    },
    options?: { cause?: unknown },
  ) {
    super(context.message, options);
    this.kind = context.kind;
    this.issues = context.issues ?? [];
    this.resumable = context.resumable ?? false;
    this.rolledBack = context.rolledBack ?? false;
  }
}

/** True for a {@link MigrationError} from any copy of the SDK. */
export const isMigrationError = (value: unknown): value is MigrationError =>
  hasErrorBrand(value, 'MigrationError');
