import { brandErrorClass, hasErrorBrand } from './brand.js';
import type { RequestContext } from './request-context.js';
import { SdkError } from './sdk-error.js';

/** One problem found while validating a server response. */
export interface ContractIssue {
  /** Dotted path into the response body, e.g. `data.heroes.0.age`; empty for the whole body. */
  readonly path: string;
  /** What is wrong at `path`. */
  readonly message: string;
}

/**
 * A server response did not match the contract (wrong types, missing envelope, HTML page, empty or
 * truncated body). Nothing from such a response is used.
 */
export class ContractError extends SdkError {
  static {
    brandErrorClass(ContractError, 'ContractError');
  }
  override readonly name = 'ContractError' as const;
  readonly operation: string;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  /** The first failing path, for messages and quick checks. */
  readonly path: string;
  readonly issues: readonly ContractIssue[];
  constructor(
    context: RequestContext & { status: number; issues: readonly ContractIssue[] },
    options?: { cause?: unknown },
  ) {
    const first = context.issues[0] ?? { path: '', message: 'unreadable response' };
    super(
      `${context.operation} got a response that breaks the contract at ${first.path || '(body)'}: ${first.message} (${context.method} ${context.url}, status ${context.status})`,
      options,
    );
    this.operation = context.operation;
    this.method = context.method;
    this.url = context.url;
    this.status = context.status;
    this.path = first.path;
    this.issues = context.issues;
  }
}

/** True for a {@link ContractError} from any copy of the SDK. */
export function isContractError(value: unknown): value is ContractError {
  return hasErrorBrand(value, 'ContractError');
}
