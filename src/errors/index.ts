// The SDK's errors, one class per file, for imports inside `src/`. Explicit named exports only.

export { AbortError, isAbortError } from './abort-error.js';
export { AuthError, isAuthError } from './auth-error.js';
export { ClientClosedError, isClientClosedError } from './client-closed-error.js';
export { ConfigurationError, isConfigurationError } from './configuration-error.js';
export type { ConflictResolverFailure } from './conflict-resolver-error.js';
export { ConflictResolverError, isConflictResolverError } from './conflict-resolver-error.js';
export type { ContractIssue } from './contract-error.js';
export { ContractError, isContractError } from './contract-error.js';
export { HttpError, isHttpError } from './http-error.js';
export { isNetworkError, NetworkError } from './network-error.js';
export { isOfflineError, OfflineError } from './offline-error.js';
export { isPendingChangesError, PendingChangesError } from './pending-changes-error.js';
export { isRateLimitError, RateLimitError } from './rate-limit-error.js';
export type { RequestContext } from './request-context.js';
export { isSdkError, SdkError } from './sdk-error.js';
export { isStorageError, StorageError } from './storage-error.js';
export { isTimeoutError, TimeoutError } from './timeout-error.js';
export { isValidationError, ValidationError } from './validation-error.js';
