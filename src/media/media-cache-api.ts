/** The public shape of `client.media`, and the values it returns. */
import type { MediaProgress } from './download.js';
import type { MediaKind, MediaRef } from './media-ref.js';

/** Options of `media.get()` (and of the calls that download). */
export interface MediaGetOptions {
  /** Called as bytes arrive: `{ loaded, total }` (`total` when the server announced it). */
  readonly onProgress?: ((progress: MediaProgress) => void) | undefined;
  /** Stops waiting (rejects with `AbortError`); the download stops when no caller waits. */
  readonly signal?: AbortSignal | undefined;
}

/** Options of `media.put()`. */
export interface MediaPutOptions {
  /** MIME type of the bytes, e.g. `audio/mpeg`. */
  readonly contentType: string;
  /** Keep it until unpinned (never evicted). @default false */
  readonly pin?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** A cached piece of media. Read it promptly, or pin it: an evicted item can no longer be read. */
export interface MediaContent {
  readonly ref: MediaRef;
  /** The cache key, `<kind>:<id>:<version>`. */
  readonly key: string;
  readonly size: number;
  readonly contentType: string;
  /** `true` when served from the cache, `false` when this call downloaded it. */
  readonly fromCache: boolean;
  readonly pinned: boolean;
  /** All the bytes. */
  bytes(): Promise<Uint8Array>;
  /** The bytes as a stream. */
  stream(): ReadableStream<Uint8Array>;
  /** The bytes as a `Blob` with the content type (file-backed on the filesystem store). */
  blob(): Promise<Blob>;
  /** A `file://` URL, when the blob store keeps files (for native players). */
  readonly uri?: string | undefined;
}

/** An object URL for `<img>`/`<audio>`; call `release()` when the element is gone. */
export interface MediaObjectURL {
  readonly ref: MediaRef;
  /** The `blob:` URL. */
  readonly url: string;
  /** Revokes the URL. Idempotent. */
  release(): void;
}

/** The result of a call over several items (`prefetch`, `pinStory`). */
export interface MediaBatchResult {
  /** Items now in the cache. */
  readonly ok: readonly MediaRef[];
  /** Items that failed, with why. */
  readonly failed: readonly { readonly ref: MediaRef; readonly error: unknown }[];
}

/** Bytes and entries of one kind. */
export interface MediaKindStats {
  readonly entries: number;
  readonly bytes: number;
}

/** What the cache holds for the signed-in user, and how it is doing. */
export interface MediaStats {
  readonly entries: number;
  readonly bytes: number;
  readonly pinnedEntries: number;
  readonly pinnedBytes: number;
  readonly byKind: Readonly<Record<MediaKind, MediaKindStats>>;
  /** Bytes of everything in the blob store (every user on the device): what the budget counts. */
  readonly usedBytes: number;
  /** The byte budget. */
  readonly maxBytes: number;
  /** `get()` calls served from the cache since the client started. */
  readonly hits: number;
  /** `get()` calls that had to download. */
  readonly misses: number;
  /** `hits / (hits + misses)`, 0 before any call. */
  readonly hitRate: number;
}

/** What `evict()` and `clear()` removed. */
export interface MediaEvictionResult {
  readonly evicted: number;
  readonly bytes: number;
}

/** Payload of `media:progress`. */
export interface MediaProgressEvent extends MediaProgress {
  readonly ref: MediaRef;
}

/** The media cache's events. */
export interface MediaEvents {
  /** Bytes arrived for a download. */
  'media:progress': (event: MediaProgressEvent) => void;
}

/**
 * `client.media`: avatars, audio and illustrations, kept offline within a byte budget. Items
 * are keyed by identity (`MediaRef`), never by URL. Every method needs a signed-in user and
 * works on that user's media only.
 */
export interface MediaCache {
  /**
   * The item from the cache, or downloaded (once, however many callers ask at the same time),
   * checked (status, type, length) and stored. Offline, a missing item rejects with
   * `OfflineError`; a failed download with `MediaError` (nothing stored).
   */
  get(ref: MediaRef, options?: MediaGetOptions): Promise<MediaContent>;
  /** Whether the item is cached. Never downloads. */
  has(ref: MediaRef): Promise<boolean>;
  /** Stores bytes that did not come from a download (e.g. a legacy library's files). */
  put(ref: MediaRef, data: Uint8Array | Blob, options: MediaPutOptions): Promise<void>;
  /** Keeps the item until `unpin` (downloading it first if needed). */
  pin(ref: MediaRef, options?: MediaGetOptions): Promise<void>;
  /** Lets the item be evicted again. */
  unpin(ref: MediaRef): Promise<void>;
  /** Pins a story's audio and illustrations for offline listening (downloading what is missing). */
  pinStory(storyId: string, options?: MediaGetOptions): Promise<MediaBatchResult>;
  /** Unpins a story's audio and illustrations. */
  unpinStory(storyId: string): Promise<void>;
  /**
   * Downloads what is missing: a story's audio and illustrations (story id), a hero's avatar
   * (hero id), or the refs given.
   */
  prefetch(
    target: string | MediaRef | readonly MediaRef[],
    options?: MediaGetOptions,
  ): Promise<MediaBatchResult>;
  /** An object URL of the item (browsers), revoked on `release()` or `client.close()`. */
  objectURL(ref: MediaRef, options?: MediaGetOptions): Promise<MediaObjectURL>;
  /** Current statistics (after the index is loaded). */
  stats(): Promise<MediaStats>;
  /** The last statistics, as an immutable value (the same object until they change). */
  getSnapshot(): MediaStats;
  /** Calls `listener` after every change of the statistics; returns the unsubscribe function. */
  subscribe(listener: (stats: MediaStats) => void): () => void;
  /** Listens to `media:progress`; returns the unsubscribe function. */
  on<E extends keyof MediaEvents>(event: E, listener: MediaEvents[E]): () => void;
  /** Evicts now: items past their kind's max age, then least recently used ones over budget. */
  evict(): Promise<MediaEvictionResult>;
  /** Deletes the user's cached media; pinned items stay unless `{ pinned: true }`. */
  clear(options?: { readonly pinned?: boolean | undefined }): Promise<MediaEvictionResult>;
}
