/** The in-memory {@link BlobStore}: the default, and the reference for the contract suite. */

import { throwIfAborted } from '../platform/compat/throw-if-aborted.js';
import {
  assertBlobKey,
  type BlobEntry,
  type BlobStore,
  blobEntry,
  bytesToBlob,
  collectBytes,
  type StoredBlob,
  streamOf,
} from './blob-store.js';

/**
 * A {@link BlobStore} in memory: fast, and emptied when the process ends. Each call returns an
 * independent store.
 *
 * @example
 * ```ts
 * const client = createClient({ baseUrl, blobStore: memoryBlobStore() });
 * ```
 */
export function memoryBlobStore(): BlobStore {
  const entries = new Map<string, { entry: BlobEntry; bytes: Uint8Array }>();
  const matching = (prefix: string | undefined) =>
    [...entries.values()].filter(({ entry }) => !prefix || entry.key.startsWith(prefix));
  return {
    async put(key, data, options) {
      assertBlobKey(key);
      const bytes = await collectBytes(data, options.signal);
      throwIfAborted(options.signal);
      const entry = blobEntry(key, bytes.byteLength, options.contentType, options.metadata);
      entries.set(key, { entry, bytes });
      return entry;
    },
    async get(key) {
      const found = entries.get(key);
      if (!found) return undefined;
      const { entry, bytes } = found;
      const stored: StoredBlob = {
        ...entry,
        bytes: async () => bytes.slice(),
        stream: () => streamOf(bytes),
        blob: async () => bytesToBlob(bytes, entry.contentType),
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
