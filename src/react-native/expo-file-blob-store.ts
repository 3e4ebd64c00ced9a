/**
 * The media cache's {@link BlobStore} on the device's file system, over expo-file-system's
 * string-based API (`expo-file-system/legacy` from Expo SDK 54, the module itself before).
 * Every entry is two files in one directory: `<hash>.<nonce>.bin` (the bytes, base64-written)
 * and `<hash>.json` (key, size, type, metadata and the name of its bytes file).
 *
 * A write goes to temporary files, then the `.bin` is moved to a fresh name and the `.json`
 * replaced by a move (the commit point), then the old `.bin` is deleted: a crash leaves the old
 * entry or the new one, never a half file under a real key. Leftovers (temporary files, `.bin`
 * files no `.json` names) are removed when the store opens. Writes run one at a time.
 */
import { StorageError } from '../errors/index.js';
import { type EntryFile, isLeftover, parseEntry, TEMP_SUFFIX } from '../media/blob-entry-file.js';
import {
  assertBlobKey,
  type BlobStore,
  blobEntry,
  bytesToBlob,
  collectBytes,
  type StoredBlob,
  streamOf,
} from '../media/blob-store.js';
import { throwIfAborted } from '../platform/compat/throw-if-aborted.js';
import { decodeBase64, encodeBase64 } from './base64.js';

/**
 * The functions of expo-file-system the store uses (`import * as FileSystem from
 * 'expo-file-system/legacy'`; `from 'expo-file-system'` before Expo SDK 54).
 */
export interface ExpoFileSystemLike {
  /** `file:///…/` of the app's documents (kept until the app is uninstalled). */
  readonly documentDirectory: string | null;
  getInfoAsync(uri: string): Promise<{ readonly exists: boolean }>;
  readAsStringAsync(uri: string, options?: { encoding?: 'utf8' | 'base64' }): Promise<string>;
  writeAsStringAsync(
    uri: string,
    contents: string,
    options?: { encoding?: 'utf8' | 'base64' },
  ): Promise<void>;
  deleteAsync(uri: string, options?: { idempotent?: boolean }): Promise<void>;
  moveAsync(options: { from: string; to: string }): Promise<void>;
  makeDirectoryAsync(uri: string, options?: { intermediates?: boolean }): Promise<void>;
  readDirectoryAsync(uri: string): Promise<string[]>;
}

/** Options of {@link expoFileBlobStore}. */
export interface ExpoFileBlobStoreOptions {
  /**
   * The directory (a `file://` URI ending in `/`) that holds the media, created if missing.
   * One store per directory.
   * @default `${FileSystem.documentDirectory}infinitestories-media/`
   */
  readonly directory?: string | undefined;
}

/** A 106-bit hash of `key` in hex (two seeded 53-bit cyrb53 rounds): a fixed-length file name. */
function nameOf(key: string): string {
  return cyrb53(key, 1).toString(16).padStart(14, '0') + cyrb53(key, 2).toString(16);
}

function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

let nonces = 0;
const nonce = (): string => `${Date.now().toString(36)}${(++nonces).toString(36)}`;

/**
 * A {@link BlobStore} for the media cache on React Native / Expo, in files of the app's
 * documents directory (or the one given). Entries survive restarts; `uri` gives native players
 * the `file://` URI of the bytes.
 *
 * @example
 * ```ts
 * import * as FileSystem from 'expo-file-system/legacy';
 * const client = createClient({ baseUrl, storage, blobStore: expoFileBlobStore(FileSystem) });
 * ```
 */
export function expoFileBlobStore(
  fs: ExpoFileSystemLike,
  options: ExpoFileBlobStoreOptions = {},
): BlobStore {
  const directory = options.directory ?? `${fs.documentDirectory ?? ''}infinitestories-media/`;
  if (!directory.startsWith('file://') && !directory.startsWith('/')) {
    throw new TypeError('expoFileBlobStore: give a directory (no documentDirectory here)');
  }
  const dir = directory.endsWith('/') ? directory : `${directory}/`;
  const index = new Map<string, EntryFile>();
  let opening: Promise<void> | undefined;
  let writes: Promise<unknown> = Promise.resolve();
  const ready = (): Promise<void> => {
    opening ??= load(fs, dir, index).catch((error: unknown) => {
      opening = undefined;
      return fail('open', error);
    });
    return opening;
  };
  /** Runs `task` after every write before it (a failed one does not stop the chain). */
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = writes.then(ready).then(task);
    writes = run.catch(() => {});
    return run;
  };
  const fail = (operation: string, error: unknown): never => {
    if (error instanceof StorageError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StorageError(`expoFileBlobStore.${operation}`, `${reason} (in ${dir})`, {
      cause: error,
    });
  };
  const writeEntry = async (entry: EntryFile): Promise<void> => {
    const temp = `${dir}${nameOf(entry.key)}.${nonce()}.json${TEMP_SUFFIX}`;
    await fs.writeAsStringAsync(temp, JSON.stringify(entry));
    await fs.moveAsync({ from: temp, to: `${dir}${nameOf(entry.key)}.json` });
    index.set(entry.key, entry);
  };
  const stored = (entry: EntryFile): StoredBlob => {
    const uri = `${dir}${entry.file}`;
    const bytes = async () => decodeBase64(await fs.readAsStringAsync(uri, { encoding: 'base64' }));
    return Object.freeze({
      ...blobEntry(entry.key, entry.size, entry.contentType, entry.metadata),
      uri,
      bytes,
      blob: async () => bytesToBlob(await bytes(), entry.contentType),
      stream: () => {
        const chunks = bytes().then(streamOf);
        return new ReadableStream<Uint8Array>({
          async start(controller) {
            const reader = (await chunks).getReader();
            for (;;) {
              const { done, value } = await reader.read();
              if (done) break;
              controller.enqueue(value);
            }
            controller.close();
          },
        });
      },
    });
  };

  return {
    put: (key, data, putOptions) => {
      assertBlobKey(key);
      return serial(async () => {
        // The bytes are collected before anything is written: a failed stream writes nothing.
        const bytes = await collectBytes(data, putOptions.signal);
        const file = `${nameOf(key)}.${nonce()}.bin`;
        const temp = `${dir}${file}${TEMP_SUFFIX}`;
        try {
          await fs.writeAsStringAsync(temp, encodeBase64(bytes), { encoding: 'base64' });
          throwIfAborted(putOptions.signal);
          await fs.moveAsync({ from: temp, to: `${dir}${file}` });
        } catch (error) {
          await fs.deleteAsync(temp, { idempotent: true }).catch(() => {});
          if (putOptions.signal?.aborted) throw error;
          return fail('put', error);
        }
        const previous = index.get(key);
        const entry = {
          key,
          size: bytes.byteLength,
          contentType: putOptions.contentType,
          metadata: { ...(putOptions.metadata ?? {}) },
          file,
        };
        try {
          await writeEntry(entry);
        } catch (error) {
          await fs.deleteAsync(`${dir}${file}`, { idempotent: true }).catch(() => {});
          return fail('put', error);
        }
        if (previous) await fs.deleteAsync(`${dir}${previous.file}`, { idempotent: true });
        return blobEntry(key, entry.size, entry.contentType, entry.metadata);
      });
    },
    get: async (key) => {
      assertBlobKey(key);
      await ready();
      const entry = index.get(key);
      return entry ? stored(entry) : undefined;
    },
    setMetadata: (key, metadata) =>
      serial(async () => {
        const entry = index.get(key);
        if (!entry) return false;
        await writeEntry({ ...entry, metadata: { ...metadata } }).catch((error: unknown) =>
          fail('setMetadata', error),
        );
        return true;
      }),
    delete: (keys) =>
      serial(async () => {
        for (const key of keys) {
          const entry = index.get(key);
          if (!entry) continue;
          await fs.deleteAsync(`${dir}${nameOf(key)}.json`, { idempotent: true });
          index.delete(key);
          await fs.deleteAsync(`${dir}${entry.file}`, { idempotent: true });
        }
      }).catch((error: unknown) => fail('delete', error)),
    list: async (prefix = '') => {
      await ready();
      return [...index.values()]
        .filter((entry) => entry.key.startsWith(prefix))
        .map((entry) => blobEntry(entry.key, entry.size, entry.contentType, entry.metadata));
    },
    totalSize: async (prefix = '') => {
      await ready();
      let total = 0;
      for (const entry of index.values()) if (entry.key.startsWith(prefix)) total += entry.size;
      return total;
    },
    close: async () => {
      await writes;
    },
  };
}

/** Reads every `.json` entry of `dir` into `index` and removes leftovers of crashes. */
async function load(fs: ExpoFileSystemLike, dir: string, index: Map<string, EntryFile>) {
  if (!(await fs.getInfoAsync(dir)).exists) {
    await fs.makeDirectoryAsync(dir, { intermediates: true });
  }
  const names = new Set(await fs.readDirectoryAsync(dir));
  const referenced = new Set<string>();
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    const entry = parseEntry(await fs.readAsStringAsync(`${dir}${name}`));
    if (!entry || !names.has(entry.file)) {
      await fs.deleteAsync(`${dir}${name}`, { idempotent: true });
      continue;
    }
    index.set(entry.key, entry);
    referenced.add(entry.file);
  }
  for (const name of names) {
    if (isLeftover(name, referenced)) await fs.deleteAsync(`${dir}${name}`, { idempotent: true });
  }
}
