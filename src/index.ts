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
  CheckpointStore,
  IdMaps,
  InFlight,
  MigratedCollection,
  MigrationCheckpoint,
} from './migration/checkpoint.js';
export { storageCheckpointStore } from './migration/checkpoint.js';
export type {
  ClientMigration,
  MigrationRunOptions,
  MigrationSnapshot,
  MigrationStatus,
} from './migration/client-migration.js';
export type {
  LegacyCustomEvent,
  LegacyExport,
  LegacyExportInput,
  LegacyHero,
  LegacyIllustration,
  LegacyMediaFile,
  LegacyStory,
  LegacyVisualProfile,
} from './migration/export-format.js';
export { LEGACY_EXPORT_FORMAT, legacyExportSchema } from './migration/export-format.js';
export type { MigrationWarning } from './migration/legacy-mapping.js';
export { DEFAULT_HERO_AGE } from './migration/legacy-mapping.js';
export type { MigrationLocalStore } from './migration/local-records.js';
export type { MediaReader, MediaRef, MediaSink } from './migration/media-sink.js';
export { LEGACY_MEDIA_VERSION } from './migration/media-sink.js';
export {
  migrateLegacyLibrary,
  resumeLegacyMigration,
  rollbackLegacyMigration,
} from './migration/migrate-legacy-library.js';
export type { MigrationRetryOptions, Sleep } from './migration/migration-context.js';
export type { ExportIssue, MigrationFailureKind } from './migration/migration-error.js';
export { isMigrationError, MigrationError } from './migration/migration-error.js';
export type {
  MigrateLegacyLibraryOptions,
  MigrationClient,
} from './migration/migration-options.js';
export type {
  MigrationProgress,
  MigrationProgressItem,
  MigrationProgressListener,
  MigrationStep,
} from './migration/migration-progress.js';
export { MIGRATION_STEPS } from './migration/migration-progress.js';
export type {
  KeptLocally,
  MigrationCounts,
  MigrationPlan,
  MigrationReport,
  RollbackReport,
  VerificationCounts,
} from './migration/migration-report.js';
export { parseLegacyExport } from './migration/parse-export.js';
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
