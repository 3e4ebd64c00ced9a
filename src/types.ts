// `@infinitestories/sdk/types`: every type the public API uses that the main entry does not
// name — the repositories, the records' wire shapes, the parts of the options, event payloads,
// media and storage shapes — so each can be imported by name (`import type { HeroRepository }
// from '@infinitestories/sdk/types'`) and is in the API reference. Types only: this entry has
// no runtime code. Explicit named exports; the main entry keeps what an app writes most.

export type { AnalyticsApi, ListeningSessionQuery } from './api/analytics-api.js';
export type { RetryPolicy } from './api/backoff.js';
export type { BatchApi } from './api/batch-api.js';
export type { CallOptions, CreateCallOptions } from './api/options.js';
export type { UsageQuery } from './api/user-api.js';
export type {
  AuthChangedEvent,
  AuthEvents,
  AuthExpiredEvent,
  IdTokenSignInParams,
  SignalOption,
  SignInParams,
  SignOutParams,
  SignUpParams,
} from './auth/auth-options.js';
export type { KeepAlivePolicy } from './auth/session-keeper.js';
export type { AuthStatus } from './auth/session-state.js';
export type { ClientSyncOptions } from './client/client-options.js';
export type { ConflictKind } from './conflict/conflict.js';
export type { ConflictContext, ConflictResolution } from './conflict/resolver.js';
export type {
  CollectionConflictOptions,
  CollectionConflictPolicy,
  ConfigurableCollection,
  ConflictStrategy,
  DeleteVsRemoteUpdatePolicy,
  RemoteDeletePolicy,
} from './conflict/strategies.js';
export type { CoordinationOptions } from './coordination/coordination-options.js';
export type { ConflictResolverFailure } from './errors/conflict-resolver-error.js';
export type { ContractIssue } from './errors/contract-error.js';
export type { RequestContext } from './errors/request-context.js';
export type {
  BlobData,
  BlobEntry,
  BlobMetadata,
  BlobPutOptions,
  StoredBlob,
} from './media/blob-store.js';
export type { MediaProgress } from './media/download.js';
export type {
  MediaBatchResult,
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
export type { MediaErrorCode, MediaErrorContext } from './media/media-error.js';
export type { MediaOptions } from './media/media-options.js';
export type { MediaKind } from './media/media-ref.js';
export type {
  CollectionName,
  CoreOp,
  LocalRecord,
  OutboxOp,
  SyncErrorInfo,
  SyncFailureKind,
  WireData,
} from './model/types.js';
export type { MonotonicClock } from './platform/clock.js';
export type { ConnectivityListener, OnlineEventTarget } from './platform/connectivity.js';
export type { FetchLike } from './platform/fetch.js';
export type { Repositories } from './repositories/create-repositories.js';
export type { CustomEventRepository } from './repositories/custom-event-repository.js';
export type { HeroRepository } from './repositories/hero-repository.js';
export type { IllustrationRepository } from './repositories/illustration-repository.js';
export type { PageQuery, SortDirection } from './repositories/record-types.js';
export type { NetworkOptions } from './repositories/repository-context.js';
export type {
  GenerateIllustrationsOptions,
  StoryRepository,
} from './repositories/story-repository.js';
export type { CachedValue, UserRepository } from './repositories/user-repository.js';
export type { VisualProfileRepository } from './repositories/visual-profile-repository.js';
export type { BatchHeroInput, BatchStoryInput } from './schemas/batch.js';
export type { DateInput } from './schemas/common.js';
export type { CustomEvent } from './schemas/custom-event.js';
export type { GenerateAvatarInput, HeroRow } from './schemas/hero.js';
export type { IllustrationListEntry } from './schemas/illustration.js';
export type { CreateListeningSessionInput } from './schemas/listening-session.js';
export type { GenerateAudioInput, StoryRow, Voice } from './schemas/story.js';
export type { UpdateProfileInput } from './schemas/user.js';
export type { VisualProfile } from './schemas/visual-profile.js';
export type { MemoryStorage } from './storage-adapters/memory-storage.js';
export type { StorageDelete, StoragePut } from './storage-adapters/storage-adapter.js';
export type { ServerRow } from './store/id-map.js';
export type { SupersededWrite } from './sync/superseded.js';
export type {
  ConflictResolvedEvent,
  FutureRowEvent,
  MutationFailedEvent,
  PullRejectedEvent,
  RecordChangedEvent,
  RecordChangeSource,
  SyncEvents,
  SyncFailedEvent,
  SyncPhase,
} from './sync/sync-events.js';
export type { ReconcileOptions } from './sync/sync-options.js';
