// Entry point of `@infinitestories/sdk/node`: adapters that need Node's standard library.

export type { FileBlobStoreOptions } from './media/file-blob-store.js';
export { fileBlobStore } from './media/file-blob-store.js';
