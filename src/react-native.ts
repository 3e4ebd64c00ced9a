// Entry point of `@infinitestories/sdk/react-native`: adapters for React Native and Expo,
// written against the published APIs of each module (which the host installs and passes in;
// the SDK imports none of them).

export type {
  AsyncStorageAdapterOptions,
  AsyncStorageLike,
} from './react-native/async-storage-adapter.js';
export { asyncStorageAdapter } from './react-native/async-storage-adapter.js';
export type {
  AppStateLike,
  ForegroundTarget,
  NetInfoLike,
  NetInfoStateLike,
} from './react-native/connectivity.js';
export { followAppState, netInfoConnectivity } from './react-native/connectivity.js';
export type {
  ExpoFileBlobStoreOptions,
  ExpoFileSystemLike,
} from './react-native/expo-file-blob-store.js';
export { expoFileBlobStore } from './react-native/expo-file-blob-store.js';
export type {
  ExpoSqliteDatabaseLike,
  ExpoSqliteExecutorLike,
} from './react-native/expo-sqlite-database.js';
export { expoSqliteDatabase } from './react-native/expo-sqlite-database.js';
export type {
  OpSqliteDatabaseLike,
  OpSqliteExecutorLike,
  OpSqliteQueryResultLike,
} from './react-native/op-sqlite-database.js';
export { opSqliteDatabase } from './react-native/op-sqlite-database.js';
export type {
  ExpoSecureStoreLike,
  ExpoSecureStoreOptions,
  KeychainLike,
  KeychainSecureStoreOptions,
} from './react-native/secure-stores.js';
export { expoSecureStore, keychainSecureStore } from './react-native/secure-stores.js';
export type {
  AsyncSqlDatabase,
  AsyncSqlExecutor,
  SqlValue,
} from './storage-adapters/async-sql-database.js';
export type { AsyncSqliteStorageOptions } from './storage-adapters/async-sqlite-storage.js';
export { asyncSqliteStorage } from './storage-adapters/async-sqlite-storage.js';
