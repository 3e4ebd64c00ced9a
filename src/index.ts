// The one curated public entry point. Explicit named exports only.

export type { AuthHook } from './client/auth-hook.js';
export type { ContractIssue, RequestContext } from './errors.js';
export {
  AbortError,
  AuthError,
  ContractError,
  HttpError,
  isAbortError,
  isAuthError,
  isContractError,
  isHttpError,
  isNetworkError,
  isOfflineError,
  isPendingChangesError,
  isRateLimitError,
  isSdkError,
  isStorageError,
  isTimeoutError,
  isValidationError,
  NetworkError,
  OfflineError,
  PendingChangesError,
  RateLimitError,
  SdkError,
  StorageError,
  TimeoutError,
  ValidationError,
} from './errors.js';
