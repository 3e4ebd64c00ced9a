// The one curated public entry point of `@infinitestories/sdk`. Explicit named exports only.
//
// Policy (docs/decisions/0005-public-api.md): a name is exported when an app or an adapter
// author needs to write it. Everything else the API uses is reachable through the types that
// carry it (`ClientOptions['sync']`, `Parameters<ClientAuth['signIn']>[0]`, `ClientEvents['conflict']`).
// The exact list is pinned by `test/public-api/exports.test.ts`; a change to it is a visible diff.

export type { SecureStore } from './auth/secure-store.js';
export { memorySecureStore } from './auth/secure-store.js';
export type { AuthSnapshot } from './auth/session-state.js';
export type { ClientAuth } from './client/client-auth.js';
export type { ClientOptions } from './client/client-options.js';
export type { ClientConflicts, ClientSync } from './client/client-sync.js';
export type { ClientEvents, InfiniteStoriesClient } from './client/create-client.js';
export { createClient } from './client/create-client.js';
export type { ServerApi } from './client/server-api.js';
export type { Conflict, ConflictChoice } from './conflict/conflict.js';
export type { ConflictResolver } from './conflict/resolver.js';
export type { ConflictOptions } from './conflict/strategies.js';
export {
  AbortError,
  AuthError,
  ClientClosedError,
  ConfigurationError,
  ConflictResolverError,
  ContractError,
  HttpError,
  NetworkError,
  OfflineError,
  PendingChangesError,
  RateLimitError,
  SdkError,
  StorageError,
  TimeoutError,
  ValidationError,
} from './errors/index.js';
export type { BlobStore } from './media/blob-store.js';
export type { MediaCache } from './media/media-cache-api.js';
export { MediaError } from './media/media-error.js';
export type { MediaRef } from './media/media-ref.js';
export { memoryBlobStore } from './media/memory-blob-store.js';
export type { SyncStatus } from './model/types.js';
export type { Clock, Timers } from './platform/clock.js';
export type { ConnectivityMonitor } from './platform/connectivity.js';
export {
  alwaysOnline,
  browserConnectivity,
  connectivityFromEvents,
} from './platform/connectivity.js';
export type { Logger } from './platform/logging/logger.js';
export type { CustomEventQuery } from './repositories/custom-event-repository.js';
export type { HeroQuery } from './repositories/hero-repository.js';
export type {
  CustomEventRecord,
  HeroRecord,
  IllustrationRecord,
  StoryRecord,
  VisualProfileRecord,
} from './repositories/record-types.js';
export type { StoryQuery } from './repositories/story-repository.js';
export type { Subscribable } from './repositories/subscribable.js';
export type { AuthUser } from './schemas/auth.js';
export type { CreateCustomEventInput, UpdateCustomEventInput } from './schemas/custom-event.js';
export type { CreateHeroInput, UpdateHeroInput } from './schemas/hero.js';
export type { GenerateStoryInput, UpdateStoryInput } from './schemas/story.js';
export type { VisualProfileInput } from './schemas/visual-profile.js';
export { memoryStorage } from './storage-adapters/memory-storage.js';
export type { JsonValue, StorageAdapter, StorageOp } from './storage-adapters/storage-adapter.js';
export type { PendingMutation } from './store/outbox.js';
export type { SyncSnapshot, SyncSummary } from './sync/sync-events.js';
