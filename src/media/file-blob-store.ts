/**
 * The filesystem {@link BlobStore} of `@infinitestories/sdk/node`. Every entry is two files:
 * `<hash>.<nonce>.bin` (the bytes) and `<hash>.json` (key, size, type, metadata and the name of
 * its bytes file), where `<hash>` is the SHA-256 of the key.
 *
 * A write streams into a temporary file, syncs it, renames it to a fresh `.bin` name, then
 * replaces the `.json` the same way (rename is atomic), then deletes the old `.bin`. A crash at
 * any point leaves the old entry or the new one, never a half file under a real key; leftovers
 * (temporary files, `.bin` files no `.json` names) are removed when the store opens.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, openAsBlob } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { StorageError } from '../errors/index.js';
import { throwIfAborted } from '../platform/compat/throw-if-aborted.js';
import { type EntryFile, isLeftover, parseEntry, TEMP_SUFFIX } from './blob-entry-file.js';
import {
  assertBlobKey,
  type BlobStore,
  blobEntry,
  chunksOf,
  type StoredBlob,
} from './blob-store.js';
import { runPool } from './run-pool.js';

/** Options of {@link fileBlobStore}. */
export interface FileBlobStoreOptions {
  /** The directory that holds the media (created if missing). Use one store per directory. */
  readonly directory: string;
  /**
   * `fsync` each file before it is renamed into place, so a power cut cannot leave a renamed
   * but empty file. Turn off only for throwaway caches.
   * @default true
   */
  readonly durable?: boolean | undefined;
}

/** Entries `delete` removes at once (each is two unlinks; the pool keeps that many in flight). */
const DELETE_CONCURRENCY = 32;
const nameOf = (key: string): string => createHash('sha256').update(key).digest('hex');
const nonce = (): string => randomBytes(6).toString('hex');

/**
 * A {@link BlobStore} on the local filesystem (Node, Electron): atomic writes through a
 * temporary file and a rename, streamed (a 50 MB download never sits in memory), and entries
 * served as file-backed blobs.
 *
 * @example
 * ```ts
 * import { fileBlobStore } from '@infinitestories/sdk/node';
 * const client = createClient({ baseUrl, blobStore: fileBlobStore({ directory: './media' }) });
 * ```
 */
export function fileBlobStore(options: FileBlobStoreOptions): BlobStore {
  const directory = options.directory;
  const durable = options.durable ?? true;
  const index = new Map<string, EntryFile>();
  let opening: Promise<void> | undefined;
  /** Filesystem failures become `StorageError`; anything else (the data's own error) passes. */
  const fail = (operation: string, error: unknown): never => {
    if (!isSystemError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StorageError(`fileBlobStore.${operation}`, `${reason} (in ${directory})`, {
      cause: error,
    });
  };
  const ready = (): Promise<void> => {
    opening ??= load(directory, index).catch((error: unknown) => {
      opening = undefined;
      return fail('open', error);
    });
    return opening;
  };

  /** Writes `text` to `path` through a temporary file and a rename. */
  const writeAtomically = async (path: string, text: string): Promise<void> => {
    const temp = `${path}.${nonce()}${TEMP_SUFFIX}`;
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(text);
      if (durable) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  };

  const matching = (prefix: string | undefined): EntryFile[] =>
    [...index.values()].filter((entry) => !prefix || entry.key.startsWith(prefix));

  return {
    async put(key, data, putOptions) {
      assertBlobKey(key);
      await ready();
      const name = nameOf(key);
      const file = `${name}.${nonce()}.bin`;
      const temp = join(directory, `${file}${TEMP_SUFFIX}`);
      let size = 0;
      try {
        const handle = await open(temp, 'w');
        try {
          for await (const chunk of chunksOf(data, putOptions.signal)) {
            await handle.write(chunk);
            size += chunk.byteLength;
          }
          if (durable) await handle.sync();
        } finally {
          await handle.close();
        }
        throwIfAborted(putOptions.signal);
        await rename(temp, join(directory, file));
        const next: EntryFile = {
          key,
          size,
          contentType: putOptions.contentType,
          metadata: putOptions.metadata ?? {},
          file,
        };
        await writeAtomically(join(directory, `${name}.json`), JSON.stringify(next));
        const previous = index.get(key);
        index.set(key, next);
        if (previous) await removeFile(join(directory, previous.file));
        return blobEntry(key, size, next.contentType, next.metadata);
      } catch (error) {
        await removeFile(temp);
        if (index.get(key)?.file !== file) await removeFile(join(directory, file));
        return fail('put', error);
      }
    },
    async get(key) {
      await ready();
      const entry = index.get(key);
      if (!entry) return undefined;
      const path = join(directory, entry.file);
      const stored: StoredBlob = {
        ...blobEntry(key, entry.size, entry.contentType, entry.metadata),
        uri: pathToFileURL(path).href,
        bytes: async () => {
          const buffer = await readFile(path).catch((error: unknown) => fail('read', error));
          return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
        },
        stream: () =>
          Readable.toWeb(createReadStream(path)) as unknown as ReadableStream<Uint8Array>,
        blob: () => openAsBlob(path, { type: entry.contentType }),
      };
      return stored;
    },
    async setMetadata(key, metadata) {
      await ready();
      const entry = index.get(key);
      if (!entry) return false;
      const next: EntryFile = { ...entry, metadata: { ...metadata } };
      try {
        await writeAtomically(join(directory, `${nameOf(key)}.json`), JSON.stringify(next));
      } catch (error) {
        return fail('setMetadata', error);
      }
      index.set(key, next);
      return true;
    },
    async delete(keys) {
      await ready();
      const present = [...new Set(keys)].filter((key) => index.has(key));
      const removeOne = async (key: string): Promise<void> => {
        const entry = index.get(key);
        if (!entry) return;
        // The .json goes first: without it the entry no longer exists, even if the .bin stays.
        await removeFile(join(directory, `${nameOf(key)}.json`));
        index.delete(key);
        await removeFile(join(directory, entry.file));
      };
      try {
        await runPool(present, DELETE_CONCURRENCY, removeOne);
      } catch (error) {
        fail('delete', error);
      }
    },
    async list(prefix) {
      await ready();
      return matching(prefix).map((entry) =>
        blobEntry(entry.key, entry.size, entry.contentType, entry.metadata),
      );
    },
    async totalSize(prefix) {
      await ready();
      return matching(prefix).reduce((sum, entry) => sum + entry.size, 0);
    },
  };
}

/** Reads every `.json` entry of `directory` into `index` and removes leftovers of crashes. */
async function load(directory: string, index: Map<string, EntryFile>): Promise<void> {
  await mkdir(directory, { recursive: true });
  const names = new Set(await readdir(directory));
  const referenced = new Set<string>();
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    const entry = parseEntry(await readFile(join(directory, name), 'utf8'));
    if (!entry || !names.has(entry.file)) {
      await removeFile(join(directory, name));
      continue;
    }
    index.set(entry.key, entry);
    referenced.add(entry.file);
  }
  for (const name of names) {
    if (isLeftover(name, referenced)) await removeFile(join(directory, name));
  }
}

function isSystemError(error: unknown): boolean {
  const code: unknown = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('E');
}

/**
 * Removes one file; a file that is already gone is not an error. `unlink` rather than `rm`:
 * `rm` first stats the path to pick between a file and a directory, which doubled the cost of an
 * eviction on a slow filesystem.
 */
async function removeFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
