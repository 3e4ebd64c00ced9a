// Entry point of `@infinitestories/sdk/indexeddb`: browser adapters over IndexedDB.

export type { IndexedDBBlobStoreOptions } from './media/indexeddb-blob-store.js';
export { indexedDBBlobStore } from './media/indexeddb-blob-store.js';
export type { IndexedDBSecureStoreOptions } from './storage-adapters/indexeddb-secure-store.js';
export { indexedDBSecureStore } from './storage-adapters/indexeddb-secure-store.js';
export type { IndexedDBStorageOptions } from './storage-adapters/indexeddb-storage.js';
export { indexedDBStorage } from './storage-adapters/indexeddb-storage.js';
