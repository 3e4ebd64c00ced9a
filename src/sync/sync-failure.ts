/**
 * The failure classes: what a thrown error means for an outbox entry or a sync
 * round. One place decides, so the Pusher, the Puller and the engine agree.
 *
 * | error                                              | class          | outbox entry                      |
 * |----------------------------------------------------|----------------|-----------------------------------|
 * | `OfflineError` (connectivity says offline)         | transient      | untouched (never sent)            |
 * | `NetworkError`                                     | transient      | backoff; engine goes offline      |
 * | `TimeoutError`, 408, 5xx, `ContractError` ≥ 500    | transient      | backoff (a create: outcome unknown)|
 * | `ContractError` 2xx (answer unreadable)            | transient      | backoff (it was probably applied) |
 * | `AuthError` / 401                                  | auth           | kept as is; engine pauses         |
 * | `RateLimitError` / 429                             | rate-limit     | waits until `resetAt`             |
 * | 404                                                | not-found      | delete: success; update: conflict |
 * | 409                                                | exists         | visual profile: adopt the server's |
 * | 400 / 403 / 422 / other 4xx, `ValidationError`     | permanent      | `failed`, `mutation:failed`       |
 * | `AbortError`                                       | aborted        | released, untouched               |
 * | `StorageError`                                     | fatal          | the round stops                   |
 */
import {
  isAbortError,
  isAuthError,
  isContractError,
  isHttpError,
  isNetworkError,
  isOfflineError,
  isRateLimitError,
  isStorageError,
  isTimeoutError,
  isValidationError,
} from '../errors/index.js';
import type { SyncErrorInfo, SyncFailureKind } from '../model/types.js';

/** What a failure means. */
export type FailureClass =
  | {
      readonly type: 'transient';
      readonly kind: 'offline' | 'server';
      /** The server could not be reached: the engine flips to offline and probes. */
      readonly unreachable: boolean;
    }
  | { readonly type: 'auth' }
  | { readonly type: 'rate-limit'; readonly resetAt: number }
  | { readonly type: 'not-found' }
  | { readonly type: 'exists' }
  | { readonly type: 'permanent' }
  | { readonly type: 'aborted' }
  | { readonly type: 'fatal' };

/** Classifies an error thrown by the API client or the store. */
export function classifyFailure(error: unknown): FailureClass {
  if (isAbortError(error)) return { type: 'aborted' };
  if (isAuthError(error)) return { type: 'auth' };
  if (isRateLimitError(error)) return { type: 'rate-limit', resetAt: error.resetAt.getTime() };
  // The monitor says offline already: nothing to learn about the server.
  if (isOfflineError(error)) return { type: 'transient', kind: 'offline', unreachable: false };
  if (isNetworkError(error)) return { type: 'transient', kind: 'offline', unreachable: true };
  if (isTimeoutError(error)) return { type: 'transient', kind: 'server', unreachable: false };
  if (isStorageError(error)) return { type: 'fatal' };
  if (isValidationError(error)) return { type: 'permanent' };
  if (isHttpError(error)) {
    const { status } = error;
    if (status === 401) return { type: 'auth' };
    if (status === 408 || status >= 500) {
      return { type: 'transient', kind: 'server', unreachable: false };
    }
    if (status === 404) return { type: 'not-found' };
    if (status === 409) return { type: 'exists' };
    return { type: 'permanent' };
  }
  if (isContractError(error)) {
    if (error.status >= 400 && error.status < 500) {
      return error.status === 404 ? { type: 'not-found' } : { type: 'permanent' };
    }
    return { type: 'transient', kind: 'server', unreachable: false };
  }
  // Not an SDK error: a bug or an unexpected runtime failure. Keep the change and retry later.
  return { type: 'transient', kind: 'server', unreachable: false };
}

/** The {@link SyncFailureKind} a failure class is reported as. */
export function failureKind(failure: FailureClass): SyncFailureKind {
  switch (failure.type) {
    case 'transient':
      return failure.kind;
    case 'auth':
      return 'auth';
    case 'rate-limit':
      return 'rate-limit';
    case 'not-found':
    case 'exists':
      return 'conflict';
    case 'permanent':
      return 'permanent';
    default:
      return 'server';
  }
}

function statusOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null || !('status' in error)) return null;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' ? status : null;
}

function codeOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : null;
}

/** The JSON error record kept on an outbox entry and shown in the status. */
export function toSyncErrorInfo(error: unknown, kind: SyncFailureKind, at: number): SyncErrorInfo {
  return Object.freeze({
    kind,
    message: error instanceof Error ? error.message : String(error),
    status: statusOf(error),
    code: codeOf(error),
    at,
  });
}

/**
 * Whether a create may have reached the server although it was never acknowledged: it was
 * sent at least once (`attempts > 0`) and its last failure was not an answer that proves it was
 * refused (a 4xx). A crash mid-flight leaves `attempts > 0` with no error: unknown too.
 */
export function createOutcomeUnknown(entry: {
  readonly op: string;
  readonly attempts: number;
  readonly lastError: SyncErrorInfo | null;
}): boolean {
  if (entry.op !== 'create' || entry.attempts === 0) return false;
  const status = entry.lastError?.status ?? null;
  return !(status !== null && status >= 400 && status < 500);
}
