// Entry point of `@infinitestories/sdk/indexeddb`: browser adapters over IndexedDB, and the
// pieces several tabs of one origin share.

// Several tabs over one IndexedDB: one pusher through Web Locks, writes shared by broadcast
// (pass them as `coordination` to createClient).
export {
  type BroadcastChannelConstructor,
  broadcastChangeChannel,
  type ChangeChannel,
  type ChangeMessage,
} from './coordination/change-channel.js';
export {
  type LockManagerLike,
  type PushLock,
  webLocksPushLock,
} from './coordination/push-lease.js';
export type { IndexedDBBlobStoreOptions } from './media/indexeddb-blob-store.js';
export { indexedDBBlobStore } from './media/indexeddb-blob-store.js';
export type { IndexedDBSecureStoreOptions } from './storage-adapters/indexeddb-secure-store.js';
export { indexedDBSecureStore } from './storage-adapters/indexeddb-secure-store.js';
export type { IndexedDBStorageOptions } from './storage-adapters/indexeddb-storage.js';
export { indexedDBStorage } from './storage-adapters/indexeddb-storage.js';
