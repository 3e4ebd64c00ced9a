// The one curated public entry point. Explicit named exports only.

export { AuthManager, createAuthManager } from './auth/auth-manager.js';
export type {
  AccountDeleter,
  AuthChangedEvent,
  AuthEvents,
  AuthExpiredEvent,
  AuthManagerOptions,
  IdTokenSignInParams,
  SessionDataSeam,
  SignalOption,
  SignInParams,
  SignOutParams,
  SignUpParams,
} from './auth/auth-options.js';
export type { SecureStore } from './auth/secure-store.js';
export { memorySecureStore } from './auth/secure-store.js';
export type { KeepAlivePolicy } from './auth/session-keeper.js';
export { DEFAULT_KEEP_ALIVE_POLICY } from './auth/session-keeper.js';
export type { AuthSnapshot, AuthStatus } from './auth/session-state.js';
export type { AnalyticsApi, ListeningSessionQuery } from './client/analytics-api.js';
export type { ApiClient } from './client/api-client.js';
export { createApiClient } from './client/api-client.js';
export type { AuthHook } from './client/auth-hook.js';
export type { RetryPolicy } from './client/backoff.js';
export { DEFAULT_RETRY_POLICY } from './client/backoff.js';
export type { BatchApi } from './client/batch-api.js';
export type {
  CustomEventListQuery,
  CustomEventsApi,
  CustomEventWalkQuery,
} from './client/custom-events-api.js';
export type { HeroesApi, HeroListQuery, HeroWalkQuery } from './client/heroes-api.js';
export type {
  ApiClientOptions,
  CallOptions,
  CreateCallOptions,
  FetchLike,
} from './client/options.js';
export type { PageWalkOptions } from './client/paginate.js';
export type { ServerClockSnapshot, ServerClockView } from './client/server-clock.js';
export type { StoriesApi, StoryListQuery, StoryWalkQuery } from './client/stories-api.js';
export type { UsageQuery, UserApi } from './client/user-api.js';
export type { VisualProfileApi } from './client/visual-profile-api.js';
export type { Conflict, ConflictChoice, ConflictKind } from './conflict/conflict.js';
export type { ConflictResolverFailure } from './conflict/conflict-resolver-error.js';
export {
  ConflictResolverError,
  isConflictResolverError,
} from './conflict/conflict-resolver-error.js';
export type {
  ConflictContext,
  ConflictResolution,
  ConflictResolver,
} from './conflict/resolver.js';
export type {
  CollectionConflictOptions,
  CollectionConflictPolicy,
  ConfigurableCollection,
  ConflictOptions,
  ConflictStrategy,
  DeleteVsRemoteUpdatePolicy,
  RemoteDeletePolicy,
} from './conflict/strategies.js';
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
export type { LogFields, Logger, LogLevel } from './logging/logger.js';
export { noopLogger } from './logging/logger.js';
export type { RedactOptions } from './logging/redact.js';
export { REDACTED, redact, redactString, redactValue } from './logging/redact.js';
export type { RedactingLoggerOptions } from './logging/redacting-logger.js';
export { redactingLogger } from './logging/redacting-logger.js';
export type {
  BlobData,
  BlobEntry,
  BlobMetadata,
  BlobPutOptions,
  BlobStore,
  StoredBlob,
} from './media/blob-store.js';
export type { MediaProgress } from './media/download.js';
export type {
  MediaBatchResult,
  MediaCache,
  MediaContent,
  MediaEvents,
  MediaEvictionResult,
  MediaGetOptions,
  MediaKindStats,
  MediaObjectURL,
  MediaProgressEvent,
  MediaPutOptions,
  MediaStats,
} from './media/media-cache-api.js';
export type { MediaErrorCode } from './media/media-error.js';
export { isMediaError, MediaError } from './media/media-error.js';
export type { MediaOptions } from './media/media-options.js';
export type { MediaKind, MediaRef } from './media/media-ref.js';
export { mediaKey } from './media/media-ref.js';
export { memoryBlobStore } from './media/memory-blob-store.js';
export type { Clock, TimerHandle, Timers } from './platform/clock.js';
export type { Repositories } from './repositories/create-repositories.js';
export type {
  CustomEventQuery,
  CustomEventRepository,
} from './repositories/custom-event-repository.js';
export type { HeroQuery, HeroRepository } from './repositories/hero-repository.js';
export type { IllustrationRepository } from './repositories/illustration-repository.js';
export type {
  CustomEventRecord,
  HeroRecord,
  IllustrationRecord,
  PageQuery,
  SortDirection,
  StoryRecord,
  VisualProfileRecord,
} from './repositories/record-types.js';
export type { NetworkOptions, OnlineSignal } from './repositories/repository-context.js';
export type {
  GenerateIllustrationsOptions,
  StoryQuery,
  StoryRepository,
} from './repositories/story-repository.js';
export type { CachedValue, UserRepository } from './repositories/user-repository.js';
export type { VisualProfileRepository } from './repositories/visual-profile-repository.js';
export type { AuthSession, AuthUser } from './schemas/auth.js';
export type {
  AccountDeleted,
  ActivityRange,
  AnalyticsActivity,
  AnalyticsHeroes,
  AnalyticsInsights,
  AnalyticsMilestones,
  AnalyticsOverview,
  AnalyticsSummary,
  AudioStatus,
  BatchHeroesResult,
  BatchHeroInput,
  BatchStoriesResult,
  BatchStoryInput,
  CreateCustomEventInput,
  CreateHeroInput,
  CreateListeningSessionInput,
  CustomEvent,
  CustomEventList,
  DateInput,
  DeletedId,
  GenerateAudioInput,
  GenerateAvatarInput,
  GeneratedAudio,
  GeneratedAvatar,
  GenerateIllustrationsInput,
  GenerateIllustrationsResult,
  GenerateStoryInput,
  Health,
  Hero,
  HeroDetail,
  HeroList,
  HeroListItem,
  HeroRow,
  Illustration,
  IllustrationGenerationStatus,
  IllustrationList,
  IllustrationListEntry,
  IllustrationStatusReport,
  ListeningSession,
  ListeningSessionList,
  Pagination,
  Ping,
  RateLimitState,
  StoryAudio,
  StoryDetail,
  StoryIllustrationStatus,
  StoryList,
  StoryListItem,
  StoryPlay,
  StoryRow,
  UpdateCustomEventInput,
  UpdateHeroInput,
  UpdateProfileInput,
  UpdateStoryInput,
  UsageOperation,
  User,
  UserProfile,
  UserUsage,
  VisualProfile,
  VisualProfileDeleted,
  VisualProfileInput,
  Voice,
} from './schemas/index.js';
export {
  BATCH_MAX_ITEMS,
  createCustomEventInputSchema,
  createHeroInputSchema,
  updateCustomEventInputSchema,
  updateHeroInputSchema,
  updateStoryInputSchema,
  visualProfileInputSchema,
} from './schemas/index.js';
export type { ClientAuth } from './sdk/client-auth.js';
export type { ClientOptions, ClientSyncOptions } from './sdk/client-options.js';
export type { ClientConflicts, ClientSync } from './sdk/client-sync.js';
export type { ClientEvents, InfiniteStoriesClient } from './sdk/create-client.js';
export { createClient } from './sdk/create-client.js';
export { deletePrefix } from './storage-adapters/delete-prefix.js';
export type { MemoryStorage } from './storage-adapters/memory-storage.js';
export { memoryStorage } from './storage-adapters/memory-storage.js';
export type {
  JsonValue,
  StorageAdapter,
  StorageDelete,
  StorageOp,
  StoragePut,
} from './storage-adapters/storage-adapter.js';
export type { OutboxSnapshot, PendingMutation } from './store/outbox.js';
export type {
  AnyLocalRecord,
  CollectionName,
  LocalRecord,
  Observable,
  SyncErrorInfo,
  SyncFailureKind,
  SyncStatus,
} from './store/types.js';
export type {
  ConnectivityListener,
  ConnectivityMonitor,
  ManualConnectivity,
  OnlineEventTarget,
} from './sync/connectivity.js';
export {
  alwaysOnline,
  browserConnectivity,
  connectivityFromEvents,
  manualConnectivity,
} from './sync/connectivity.js';
export { createSyncEngine } from './sync/sync-engine.js';
export type { ConflictsApi, SyncEngine } from './sync/sync-engine-api.js';
export type {
  ConflictResolvedEvent,
  MutationFailedEvent,
  RecordChangedEvent,
  RecordChangeSource,
  SyncEvents,
  SyncFailedEvent,
  SyncPhase,
  SyncSnapshot,
  SyncSummary,
} from './sync/sync-events.js';
export type {
  AuthStatusSource,
  ReconcileOptions,
  SyncEngineOptions,
} from './sync/sync-options.js';
export type { SyncTimers } from './sync/timers.js';
