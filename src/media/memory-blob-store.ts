/** The in-memory {@link BlobStore}: the default, and the reference for the contract suite. */

import { throwIfAborted } from '../platform/compat/throw-if-aborted.js';
import {
  assertBlobKey,
  type BlobEntry,
  type BlobStore,
  blobEntry,
  collectChunks,
  joinChunks,
  type StoredBlob,
  streamOf,
} from './blob-store.js';

/**
 * A {@link BlobStore} in memory: fast, and emptied when the process ends. Each call returns an
 * independent store. It keeps its own copy of what it is given; a download's body is kept as the
 * chunks it arrived in (nothing else holds them), never joined into one array until `bytes()`.
 *
 * @example
 * ```ts
 * const client = createClient({ baseUrl, blobStore: memoryBlobStore() });
 * ```
 */
export function memoryBlobStore(): BlobStore {
  const entries = new Map<string, { entry: BlobEntry; chunks: readonly Uint8Array[] }>();
  const matching = (prefix: string | undefined) =>
    [...entries.values()].filter(({ entry }) => !prefix || entry.key.startsWith(prefix));
  return {
    async put(key, data, options) {
      assertBlobKey(key);
      const { chunks, size } = await collectChunks(data, options.signal);
      throwIfAborted(options.signal);
      const entry = blobEntry(key, size, options.contentType, options.metadata);
      entries.set(key, { entry, chunks });
      return entry;
    },
    async get(key) {
      const found = entries.get(key);
      if (!found) return undefined;
      const { entry, chunks } = found;
      const stored: StoredBlob = {
        ...entry,
        bytes: async () => joinChunks(chunks, entry.size),
        stream: () => streamOf(chunks),
        blob: async () =>
          new Blob(chunks as Uint8Array<ArrayBuffer>[], { type: entry.contentType }),
      };
      return stored;
    },
    async setMetadata(key, metadata) {
      const found = entries.get(key);
      if (!found) return false;
      const { entry } = found;
      found.entry = blobEntry(key, entry.size, entry.contentType, metadata);
      return true;
    },
    async delete(keys) {
      for (const key of keys) entries.delete(key);
    },
    async list(prefix) {
      return matching(prefix).map(({ entry }) => entry);
    },
    async totalSize(prefix) {
      return matching(prefix).reduce((sum, { entry }) => sum + entry.size, 0);
    },
  };
}
