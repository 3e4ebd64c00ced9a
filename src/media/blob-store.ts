/**
 * The seam media is kept behind: a key → bytes store with a little JSON metadata per entry.
 * The SDK ships a memory store, an IndexedDB store (`/indexeddb`) and a filesystem store
 * (`/node`); hosts can inject their own and prove it with `runBlobStoreContract` (`/testing`).
 */

import { throwIfAborted } from '../platform/compat/throw-if-aborted.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';

/** Bytes to store: in one piece, or streamed (a download is streamed straight into the store). */
export type BlobData = Uint8Array | Blob | ReadableStream<Uint8Array>;

/** Small JSON metadata kept beside an entry's bytes. */
export type BlobMetadata = Readonly<Record<string, JsonValue>>;

/** What a store knows about one entry, without its bytes. */
export interface BlobEntry {
  readonly key: string;
  /** Size of the bytes. */
  readonly size: number;
  /** MIME type given to `put`. */
  readonly contentType: string;
  readonly metadata: BlobMetadata;
}

/** An entry with access to its bytes. */
export interface StoredBlob extends BlobEntry {
  /** All the bytes (a copy the caller may keep and change). */
  bytes(): Promise<Uint8Array>;
  /** The bytes as a stream, read from the store as they are consumed. */
  stream(): ReadableStream<Uint8Array>;
  /** The bytes as a `Blob` (file-backed where the platform allows), when the store offers it. */
  blob?(): Promise<Blob>;
  /** Where the bytes live, for stores that keep files (`file://…`), e.g. for native players. */
  readonly uri?: string | undefined;
}

/** Options of {@link BlobStore.put}. */
export interface BlobPutOptions {
  /** MIME type of the bytes. */
  readonly contentType: string;
  /** Metadata kept with the entry. @default {} */
  readonly metadata?: BlobMetadata | undefined;
  /** Abandons the write: nothing is stored and `put` rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * A key → bytes store. Contract (see `runBlobStoreContract`):
 * - `put` is atomic: once it resolves, `get` returns exactly the new bytes and metadata; if it
 *   rejects (the data stream failed, the signal aborted, the disk is full), the key still holds
 *   what it held before (or nothing) — never a partial write;
 * - `delete` ignores missing keys; `list` and `totalSize` see only complete entries;
 * - keys are any non-empty strings (they may contain `/`, `:`, spaces and non-ASCII).
 */
export interface BlobStore {
  /** Stores `data` under `key`, replacing what was there. Resolves with the new entry. */
  put(key: string, data: BlobData, options: BlobPutOptions): Promise<BlobEntry>;
  /** The entry under `key`, or `undefined`. */
  get(key: string): Promise<StoredBlob | undefined>;
  /** Replaces the metadata of `key` without touching its bytes; `false` when `key` is missing. */
  setMetadata(key: string, metadata: BlobMetadata): Promise<boolean>;
  /** Deletes every key given (missing keys are ignored). */
  delete(keys: readonly string[]): Promise<void>;
  /** Every entry whose key starts with `prefix` (all entries without one), in no set order. */
  list(prefix?: string): Promise<readonly BlobEntry[]>;
  /** The total size of the entries whose key starts with `prefix`. */
  totalSize(prefix?: string): Promise<number>;
  /** Releases the store's resources (waits for writes in progress). Idempotent. */
  close?(): Promise<void>;
}

/** Reads `data` chunk by chunk (one chunk for bytes), honouring `signal`. */
export async function* chunksOf(
  data: BlobData,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array, void, undefined> {
  throwIfAborted(signal);
  if (data instanceof Uint8Array) {
    yield data;
    return;
  }
  const stream = data instanceof Blob ? (data.stream() as ReadableStream<Uint8Array>) : data;
  const reader = stream.getReader();
  const onAbort = () => {
    reader.cancel(signal?.reason).catch(() => {});
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      throwIfAborted(signal);
      if (done) return;
      if (value.byteLength > 0) yield value;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    reader.releaseLock();
  }
}

/** Streams whose chunks no one else holds (see {@link handOver}). */
const handedOver = new WeakSet<ReadableStream<Uint8Array>>();

/**
 * Marks `stream` as one whose chunks no one else holds or changes (a download's body): a store
 * may keep them as they come instead of copying them. Returns `stream`.
 */
export function handOver(stream: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  handedOver.add(stream);
  return stream;
}

/** The non-empty chunks of a stream or Blob (abortable), and whether they are the reader's own. */
async function readChunks(
  data: Blob | ReadableStream<Uint8Array>,
  signal: AbortSignal | undefined,
): Promise<{ chunks: Uint8Array[]; size: number; owned: boolean }> {
  throwIfAborted(signal);
  // A Blob's stream reads fresh chunks; a handed-over stream's chunks are the reader's alone.
  const owned = data instanceof Blob || handedOver.has(data);
  const stream = data instanceof Blob ? (data.stream() as ReadableStream<Uint8Array>) : data;
  const reader = stream.getReader();
  const onAbort = () => {
    reader.cancel(signal?.reason).catch(() => {});
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      throwIfAborted(signal);
      if (done) return { chunks, size, owned };
      if (value.byteLength === 0) continue;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    reader.releaseLock();
  }
}

/**
 * All of `data` as chunks the caller may keep (abortable): the chunks of a handed-over stream or
 * of a Blob as they come, copies of anything else.
 */
export async function collectChunks(
  data: BlobData,
  signal?: AbortSignal,
): Promise<{ readonly chunks: readonly Uint8Array[]; readonly size: number }> {
  if (data instanceof Uint8Array) {
    throwIfAborted(signal);
    return { chunks: data.byteLength > 0 ? [data.slice()] : [], size: data.byteLength };
  }
  const { chunks, size, owned } = await readChunks(data, signal);
  return { chunks: owned ? chunks : chunks.map((chunk) => chunk.slice()), size };
}

/** Reads all of `data` into one array of its own (abortable). */
export async function collectBytes(data: BlobData, signal?: AbortSignal): Promise<Uint8Array> {
  if (data instanceof Uint8Array) {
    throwIfAborted(signal);
    return data.slice();
  }
  const { chunks, size, owned } = await readChunks(data, signal);
  const [only] = chunks;
  if (chunks.length === 1 && only) return owned ? only : only.slice();
  return joinChunks(chunks, size);
}

/** The chunks in one new array. */
export function joinChunks(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** A stream of copies of `bytes` (one array, or chunks in order), in pieces of at most 1 MiB. */
export function streamOf(bytes: Uint8Array | readonly Uint8Array[]): ReadableStream<Uint8Array> {
  const CHUNK = 1 << 20;
  const chunks = bytes instanceof Uint8Array ? [bytes] : bytes;
  let index = 0;
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      let chunk = chunks[index];
      while (chunk && offset >= chunk.byteLength) {
        index++;
        offset = 0;
        chunk = chunks[index];
      }
      if (!chunk) {
        controller.close();
        return;
      }
      const end = Math.min(offset + CHUNK, chunk.byteLength);
      controller.enqueue(chunk.slice(offset, end));
      offset = end;
    },
  });
}

/** Throws a `TypeError` unless `key` is a non-empty string. */
export function assertBlobKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key === '') {
    throw new TypeError(`blob store: a key must be a non-empty string, got ${String(key)}`);
  }
}

/** `bytes` as a `Blob` of type `contentType`. */
export function bytesToBlob(bytes: Uint8Array, contentType: string): Blob {
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: contentType });
}

/** A frozen entry. */
export function blobEntry(
  key: string,
  size: number,
  contentType: string,
  metadata: BlobMetadata = {},
): BlobEntry {
  return Object.freeze({ key, size, contentType, metadata: Object.freeze({ ...metadata }) });
}
