/**
 * Every error the SDK throws is an {@link SdkError}. Each subclass has a literal `name`, carries
 * the context a caller needs (operation, URL, status, record id) and the standard `cause`.
 *
 * Use the `is…` guards rather than `instanceof`: they also match by `name`, so they work across
 * duplicate copies of the package in one bundle.
 */

/** Where a request went: shared by every HTTP-level error. */
export interface RequestContext {
  /** The SDK operation, e.g. `heroes.create`. */
  readonly operation: string;
  /** HTTP method. */
  readonly method: string;
  /** The full request URL (never carries credentials). */
  readonly url: string;
}

/** Base class of every error thrown by the SDK. */
export class SdkError extends Error {
  override readonly name: string = 'SdkError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The server answered with a non-success status that no more specific class covers. */
export class HttpError extends SdkError {
  override readonly name = 'HttpError' as const;
  readonly operation: string;
  readonly method: string;
  readonly url: string;
  /** HTTP status code. */
  readonly status: number;
  /** The server's `error` code (e.g. `ValidationError`, `NotFound`), or better-auth's `code`. */
  readonly code: string | undefined;
  /** The server's `message`, if it sent one. */
  readonly serverMessage: string | undefined;
  /** The server's `details`, if it sent any (zod `flatten()` output on some routes). */
  readonly details: unknown;
  constructor(
    context: RequestContext & {
      status: number;
      code?: string | undefined;
      serverMessage?: string | undefined;
      details?: unknown;
    },
    options?: { cause?: unknown },
  ) {
    const what = context.code ? `${context.status} ${context.code}` : `${context.status}`;
    const why = context.serverMessage ? `: ${firstLine(context.serverMessage)}` : '';
    super(
      `${context.operation} failed with ${what}${why} (${context.method} ${context.url})`,
      options,
    );
    this.operation = context.operation;
    this.method = context.method;
    this.url = context.url;
    this.status = context.status;
    this.code = context.code;
    this.serverMessage = context.serverMessage;
    this.details = context.details;
  }
}

/** The request never got an HTTP answer (connection refused, reset, DNS failure…). */
export class NetworkError extends SdkError {
  override readonly name = 'NetworkError' as const;
  readonly operation: string;
  readonly method: string;
  readonly url: string;
  constructor(context: RequestContext, options?: { cause?: unknown }) {
    super(
      `${context.operation} could not reach the server (${context.method} ${context.url}); check the connection and retry`,
      options,
    );
    this.operation = context.operation;
    this.method = context.method;
    this.url = context.url;
  }
}

/** The request took longer than its timeout. Its outcome on the server is unknown. */
export class TimeoutError extends SdkError {
  override readonly name = 'TimeoutError' as const;
  readonly operation: string;
  readonly method: string;
  readonly url: string;
  /** The timeout that elapsed, in milliseconds. */
  readonly timeoutMs: number;
  constructor(context: RequestContext & { timeoutMs: number }, options?: { cause?: unknown }) {
    super(
      `${context.operation} timed out after ${context.timeoutMs} ms (${context.method} ${context.url}); the server may still have applied it`,
      options,
    );
    this.operation = context.operation;
    this.method = context.method;
    this.url = context.url;
    this.timeoutMs = context.timeoutMs;
  }
}

/** An online-only operation was called while the device is offline. Nothing was sent. */
export class OfflineError extends SdkError {
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

/**
 * The server refused the call because of a rate limit. Never retried automatically: on this
 * backend every rejected attempt extends the lockout.
 */
export class RateLimitError extends SdkError {
  override readonly name = 'RateLimitError' as const;
  readonly operation: string;
  readonly method: string;
  readonly url: string;
  readonly status: number;
  /** The limited server operation, e.g. `story_generation`, or `auth` for better-auth's limiter. */
  readonly limitedOperation: string | undefined;
  /** Allowed requests per window, when the server said. */
  readonly limit: number | undefined;
  /** When the caller may try again (parsed from the message or `X-Retry-After`). */
  readonly resetAt: Date;
  constructor(
    context: RequestContext & {
      status: number;
      limitedOperation?: string | undefined;
      limit?: number | undefined;
      resetAt: Date;
    },
    options?: { cause?: unknown },
  ) {
    super(
      `${context.operation} is rate limited${context.limitedOperation ? ` (${context.limitedOperation})` : ''} until ${context.resetAt.toISOString()}; do not retry before then`,
      options,
    );
    this.operation = context.operation;
    this.method = context.method;
    this.url = context.url;
    this.status = context.status;
    this.limitedOperation = context.limitedOperation;
    this.limit = context.limit;
    this.resetAt = context.resetAt;
  }
}

/** One problem found while validating a server response. */
export interface ContractIssue {
  /** Dotted path into the response body, e.g. `data.heroes.0.age`; empty for the whole body. */
  readonly path: string;
  readonly message: string;
}

/**
 * A server response did not match the contract (wrong types, missing envelope, HTML page, empty or
 * truncated body). Nothing from such a response is used.
 */
export class ContractError extends SdkError {
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

/** Authentication failed: wrong credentials, no session, or a session the server no longer knows. */
export class AuthError extends SdkError {
  override readonly name = 'AuthError' as const;
  readonly operation: string;
  /** HTTP status, when the failure came from the server. */
  readonly status: number | undefined;
  /** better-auth's error code, e.g. `INVALID_EMAIL_OR_PASSWORD`, or `NOT_SIGNED_IN`, `SESSION_EXPIRED`. */
  readonly code: string;
  constructor(
    context: { operation: string; code: string; status?: number | undefined; message?: string },
    options?: { cause?: unknown },
  ) {
    super(context.message ?? `${context.operation} failed: ${context.code}`, options);
    this.operation = context.operation;
    this.status = context.status;
    this.code = context.code;
  }
}

/** Input given to the SDK breaks the server's rules. Nothing was stored or sent. */
export class ValidationError extends SdkError {
  override readonly name = 'ValidationError' as const;
  readonly operation: string;
  /** The offending field, e.g. `age` or `traits.3`. */
  readonly field: string;
  constructor(
    context: { operation: string; field: string; message: string },
    options?: { cause?: unknown },
  ) {
    super(`${context.operation}: ${context.field} ${context.message}`, options);
    this.operation = context.operation;
    this.field = context.field;
  }
}

/** Storage or secure storage failed (quota, disk full, closed database). The write did not happen. */
export class StorageError extends SdkError {
  override readonly name = 'StorageError' as const;
  readonly operation: string;
  constructor(operation: string, message: string, options?: { cause?: unknown }) {
    super(`${operation}: ${message}`, options);
    this.operation = operation;
  }
}

/** Sign-out was refused because unsynced changes would be lost. */
export class PendingChangesError extends SdkError {
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

/** The operation was aborted through its AbortSignal or because the client was closed. */
export class AbortError extends SdkError {
  override readonly name = 'AbortError' as const;
  readonly operation: string;
  constructor(operation: string, options?: { cause?: unknown }) {
    super(`${operation} was aborted`, options);
    this.operation = operation;
  }
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function hasName(value: unknown, name: string): boolean {
  return value instanceof Error && value.name === name;
}

/** True for any error thrown by this SDK (any copy of it). */
export function isSdkError(value: unknown): value is SdkError {
  return (
    value instanceof SdkError ||
    (value instanceof Error &&
      [
        'SdkError',
        'HttpError',
        'NetworkError',
        'TimeoutError',
        'OfflineError',
        'RateLimitError',
        'ContractError',
        'AuthError',
        'ValidationError',
        'StorageError',
        'PendingChangesError',
        'AbortError',
        'ConflictResolverError',
        'MigrationError',
      ].includes(value.name))
  );
}
export const isHttpError = (v: unknown): v is HttpError => hasName(v, 'HttpError');
export const isNetworkError = (v: unknown): v is NetworkError => hasName(v, 'NetworkError');
export const isTimeoutError = (v: unknown): v is TimeoutError => hasName(v, 'TimeoutError');
export const isOfflineError = (v: unknown): v is OfflineError => hasName(v, 'OfflineError');
export const isRateLimitError = (v: unknown): v is RateLimitError => hasName(v, 'RateLimitError');
export const isContractError = (v: unknown): v is ContractError => hasName(v, 'ContractError');
export const isAuthError = (v: unknown): v is AuthError => hasName(v, 'AuthError');
export const isValidationError = (v: unknown): v is ValidationError =>
  hasName(v, 'ValidationError');
export const isStorageError = (v: unknown): v is StorageError => hasName(v, 'StorageError');
export const isPendingChangesError = (v: unknown): v is PendingChangesError =>
  hasName(v, 'PendingChangesError');
export const isAbortError = (v: unknown): v is AbortError => hasName(v, 'AbortError');
