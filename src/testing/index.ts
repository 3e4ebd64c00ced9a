// The `@infinitestories/sdk/testing` entry point: the fake backend (msw handlers and a loopback
// server), fault injection, and the adapter contract suites. Explicit named exports only; the
// fake backend's table rows (`FakeDatabase`'s tables) are named `Fake…Row`: they are not the
// SDK's records, so their names cannot be mistaken for the main entry's.

export type {
  SecureStoreContractAssertion,
  SecureStoreContractTestApi,
} from '../auth/secure-store-contract.js';
export { runSecureStoreContract } from '../auth/secure-store-contract.js';
export type {
  BlobStoreContractAssertion,
  BlobStoreContractTestApi,
} from '../media/blob-store-contract.js';
export { runBlobStoreContract } from '../media/blob-store-contract.js';
export type { ManualConnectivity } from '../platform/connectivity.js';
export { manualConnectivity } from '../platform/connectivity.js';
export type { FakeClock } from './fake-backend/clock.js';
export { createFakeClock } from './fake-backend/clock.js';
export type { FakeUserRow } from './fake-backend/context.js';
export type {
  FakeBackend,
  FakeBackendOptions,
  FakeBackendUser,
} from './fake-backend/create-fake-backend.js';
export { createFakeBackend } from './fake-backend/create-fake-backend.js';
export type {
  FailNextOptions,
  FakeBackendFaults,
  FaultMatch,
  MalformNextOptions,
} from './fake-backend/faults.js';
export type { RateLimitedOperation } from './fake-backend/rate-limiter.js';
export type {
  ApiUsageRow as FakeApiUsageRow,
  AudioStatus as FakeAudioStatus,
  CustomEventRow as FakeCustomEventRow,
  FakeDatabase,
  GenerationOperation,
  HeroRow as FakeHeroRow,
  IllustrationRow as FakeIllustrationRow,
  IllustrationStatus as FakeIllustrationStatus,
  ListeningSessionRow as FakeListeningSessionRow,
  MediaObject as FakeMediaObject,
  StoryRow as FakeStoryRow,
  UserMilestoneRow as FakeUserMilestoneRow,
  VisualProfileRow as FakeVisualProfileRow,
} from './fake-backend/state.js';
export { FakeNetworkError, isFakeNetworkError } from './fake-network-error.js';
export type { FaultyStorage } from './faulty-storage.js';
export { faultyStorage } from './faulty-storage.js';
export type { FakeBackendHandlersOptions } from './msw-handlers.js';
export { fakeBackendHandlers } from './msw-handlers.js';
export type { FakeBackendServer, FakeBackendServerOptions } from './server.js';
export { startFakeBackendServer } from './server.js';
export type {
  ContractTestApi,
  StorageAdapterContractCase,
  StorageAdapterContractFactory,
} from './storage-adapter-contract.js';
export {
  runStorageAdapterContract,
  storageAdapterContractCases,
} from './storage-adapter-contract.js';
