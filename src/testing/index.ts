// The `@infinitestories/sdk/testing` entry point. Explicit named exports only.

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
export type { ManualConnectivity } from '../sync/connectivity.js';
export { manualConnectivity } from '../sync/connectivity.js';
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
export { DEFAULT_RATE_LIMITS } from './fake-backend/rate-limiter.js';
export type {
  ApiUsageRow,
  CustomEventRow,
  FakeDatabase,
  HeroRow,
  IllustrationRow,
  ListeningSessionRow,
  StoryRow,
  UserMilestoneRow,
  VisualProfileRow,
} from './fake-backend/state.js';
export { FakeNetworkError, isFakeNetworkError } from './fake-network-error.js';
export type { FakeBackendHandlersOptions } from './msw-handlers.js';
export { fakeBackendHandlers } from './msw-handlers.js';
export type { FakeBackendServer } from './server.js';
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
