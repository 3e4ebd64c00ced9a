/**
 * `client.media` before its first use. The media cache's code (index, downloads, eviction,
 * object URLs) is loaded by the first call that needs it, in its own chunk for bundlers that
 * split on dynamic imports: an app that never shows media never loads it. Until then the
 * statistics are those of an empty cache, exactly what the cache itself reports before its
 * index is read.
 */
import { ClientClosedError } from '../errors/index.js';
import type {
  MediaBatchResult,
  MediaCache,
  MediaContent,
  MediaEvents,
  MediaEvictionResult,
  MediaGetOptions,
  MediaObjectURL,
  MediaProgressEvent,
  MediaPutOptions,
  MediaStats,
} from '../media/media-cache-api.js';
import type { MediaOptions } from '../media/media-options.js';
import { resolveMediaOptions } from '../media/media-options.js';
import type { MediaRef } from '../media/media-ref.js';
import { mediaStats } from '../media/media-stats.js';
import { ListenerSet } from '../platform/listener-set.js';

/** What the client calls on the cache besides the public {@link MediaCache} methods. */
export interface ClientMediaParts extends MediaCache {
  /** The signed-in user changed: the statistics follow. */
  scopeChanged(): void;
  /** Drops the media of a record that left the device. */
  dropRecord(userId: string, collection: string, localId: string): Promise<void>;
  /** Deletes every item of `userId` (sign-out, account deletion). */
  wipeUser(userId: string): Promise<void>;
  /** Aborts downloads, revokes object URLs, waits for writes. Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link LazyMediaCache}. */
export interface LazyMediaCacheOptions {
  /** The app's media options, checked now (a bad budget throws at `createClient`). */
  readonly options: MediaOptions | undefined;
  /**
   * Whether the blob store outlives the client (one the app gave). A memory store holds
   * nothing before the cache is loaded, so wiping or dropping needs no load.
   */
  readonly persistent: boolean;
  /** Loads the media code and builds the cache. */
  readonly load: () => Promise<ClientMediaParts>;
}

/** The media cache behind `client.media`, loaded on first use. */
export class LazyMediaCache implements ClientMediaParts {
  readonly #options: LazyMediaCacheOptions;
  readonly #listeners = new ListenerSet<[MediaStats]>();
  readonly #progress = new ListenerSet<[MediaProgressEvent]>({ perSubscription: true });
  #loading: Promise<ClientMediaParts> | undefined;
  #cache: ClientMediaParts | undefined;
  #snapshot: MediaStats;
  #closed = false;

  constructor(options: LazyMediaCacheOptions) {
    this.#options = options;
    const { maxBytes } = resolveMediaOptions(options.options);
    this.#snapshot = mediaStats([], 0, maxBytes, { hits: 0, misses: 0 });
  }

  /** Whether the media code has been asked for (loaded or loading). */
  get loaded(): boolean {
    return this.#loading !== undefined;
  }

  async get(ref: MediaRef, options?: MediaGetOptions): Promise<MediaContent> {
    return (await this.#load('media.get')).get(ref, options);
  }
  async has(ref: MediaRef): Promise<boolean> {
    return (await this.#load('media.has')).has(ref);
  }
  async put(ref: MediaRef, data: Uint8Array | Blob, options: MediaPutOptions): Promise<void> {
    return (await this.#load('media.put')).put(ref, data, options);
  }
  async pin(ref: MediaRef, options?: MediaGetOptions): Promise<void> {
    return (await this.#load('media.pin')).pin(ref, options);
  }
  async unpin(ref: MediaRef): Promise<void> {
    return (await this.#load('media.unpin')).unpin(ref);
  }
  async pinStory(storyId: string, options?: MediaGetOptions): Promise<MediaBatchResult> {
    return (await this.#load('media.pinStory')).pinStory(storyId, options);
  }
  async unpinStory(storyId: string): Promise<void> {
    return (await this.#load('media.unpinStory')).unpinStory(storyId);
  }
  async prefetch(
    target: string | MediaRef | readonly MediaRef[],
    options?: MediaGetOptions,
  ): Promise<MediaBatchResult> {
    return (await this.#load('media.prefetch')).prefetch(target, options);
  }
  async objectURL(ref: MediaRef, options?: MediaGetOptions): Promise<MediaObjectURL> {
    return (await this.#load('media.objectURL')).objectURL(ref, options);
  }
  async stats(): Promise<MediaStats> {
    await (await this.#load('media.stats')).stats();
    return this.#snapshot;
  }
  async evict(): Promise<MediaEvictionResult> {
    return (await this.#load('media.evict')).evict();
  }
  async clear(options?: { readonly pinned?: boolean | undefined }): Promise<MediaEvictionResult> {
    return (await this.#load('media.clear')).clear(options);
  }

  getSnapshot(): MediaStats {
    return this.#snapshot;
  }

  subscribe(listener: (stats: MediaStats) => void): () => void {
    return this.#listeners.add(listener);
  }

  on<E extends keyof MediaEvents>(event: E, listener: MediaEvents[E]): () => void {
    if (event !== 'media:progress') return () => {};
    return this.#progress.add(listener);
  }

  scopeChanged(): void {
    this.#cache?.scopeChanged();
  }

  async dropRecord(userId: string, collection: string, localId: string): Promise<void> {
    if (!this.#needed()) return;
    await (await this.#load('media.dropRecord')).dropRecord(userId, collection, localId);
  }

  async wipeUser(userId: string): Promise<void> {
    if (!this.#needed()) return;
    await (await this.#load('media.wipeUser')).wipeUser(userId);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const loading = this.#loading;
    if (loading) await (await loading.catch(() => undefined))?.close();
    this.#listeners.clear();
    this.#progress.clear();
  }

  /** Whether a call that only removes media has anything to remove. */
  #needed(): boolean {
    return this.#loading !== undefined || this.#options.persistent;
  }

  #load(operation: string): Promise<ClientMediaParts> {
    if (this.#closed) return Promise.reject(new ClientClosedError(operation));
    this.#loading ??= this.#options.load().then(
      (cache) => this.#adopt(cache),
      (error: unknown) => {
        this.#loading = undefined; // a later call tries again (say, once back online)
        throw error;
      },
    );
    return this.#loading;
  }

  #adopt(cache: ClientMediaParts): ClientMediaParts {
    this.#cache = cache;
    cache.subscribe((stats) => {
      this.#snapshot = stats;
      this.#listeners.emit(stats);
    });
    cache.on('media:progress', (event) => this.#progress.emit(event));
    return cache;
  }
}
