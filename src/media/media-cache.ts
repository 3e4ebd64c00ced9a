/**
 * The media cache behind `client.media`:
 *
 * ```
 * get(ref) ─ index hit? ── yes ─> blob store ─> MediaContent
 *              │ no
 *              ▼
 *   SharedDownloads (one per key) ─ URL: memo | record | refresh ─ download ─> MediaIndex.write
 *                                    403 → refresh the owning record once, retry
 * ```
 */
import { EventEmitter } from 'eventemitter3';
import type { FetchLike } from '../api/options.js';
import { AbortError, AuthError, ValidationError } from '../errors/index.js';
import type { Logger } from '../platform/logging/logger.js';
import { type BlobStore, bytesToBlob } from './blob-store.js';
import type {
  MediaBatchResult,
  MediaCache,
  MediaContent,
  MediaEvents,
  MediaEvictionResult,
  MediaGetOptions,
  MediaObjectURL,
  MediaPutOptions,
  MediaStats,
} from './media-cache-api.js';
import { type MediaEntry, userPrefix } from './media-entry.js';
import { MediaError } from './media-error.js';
import { MediaFetcher, type MediaScope } from './media-fetcher.js';
import { MediaIndex } from './media-index.js';
import { type MediaOptions, resolveMediaOptions } from './media-options.js';
import { checkMediaRef, type MediaRef, mediaKey } from './media-ref.js';
import { mediaStats, sameStats, withCounters } from './media-stats.js';
import { ObjectUrls } from './object-urls.js';
import { runPool } from './run-pool.js';

/** What the client gives the cache. */
export interface MediaCacheDeps {
  readonly blobStore: BlobStore;
  readonly options?: MediaOptions | undefined;
  /** The fetch for storage downloads, looked up at call time. */
  readonly fetch: () => FetchLike;
  readonly now: () => number;
  readonly logger: Logger;
  readonly online: () => boolean;
  readonly scope: () => MediaScope | null;
}

/** The implementation of {@link MediaCache}, plus what the client calls on sign-out and close. */
export class ClientMediaCache implements MediaCache {
  readonly #deps: MediaCacheDeps;
  readonly #index: MediaIndex;
  readonly #fetcher: MediaFetcher;
  readonly #objectUrls = new ObjectUrls();
  readonly #events = new EventEmitter<MediaEvents>();
  readonly #listeners = new Set<(stats: MediaStats) => void>();
  readonly #lifetime = new AbortController();
  #hits = 0;
  #misses = 0;
  #snapshot: MediaStats;

  constructor(deps: MediaCacheDeps) {
    this.#deps = deps;
    const options = resolveMediaOptions(deps.options);
    this.#index = new MediaIndex(deps.blobStore, options, deps.now, deps.logger, () =>
      this.#changed(),
    );
    this.#fetcher = new MediaFetcher({
      index: this.#index,
      fetch: deps.fetch,
      now: deps.now,
      online: deps.online,
      onProgress: (ref, progress) => this.#events.emit('media:progress', { ref, ...progress }),
    });
    this.#snapshot = this.#computeStats();
  }

  async get(ref: MediaRef, options: MediaGetOptions = {}): Promise<MediaContent> {
    const operation = 'media.get';
    const { checked, scope } = await this.#begin(operation, ref, options.signal);
    const hit = await this.#serve(scope.userId, checked, true);
    if (hit) {
      this.#hits++;
      this.#publish(withCounters(this.#snapshot, { hits: this.#hits, misses: this.#misses }));
      return hit;
    }
    this.#misses++;
    await this.#fetcher.fetch(operation, scope, checked, options);
    const content = await this.#serve(scope.userId, checked, false);
    if (!content) throw this.#gone(operation, checked);
    return content;
  }

  async has(ref: MediaRef): Promise<boolean> {
    const { checked, scope } = await this.#begin('media.has', ref, undefined);
    return this.#index.find(scope.userId, checked) !== undefined;
  }

  async put(ref: MediaRef, data: Uint8Array | Blob, options: MediaPutOptions): Promise<void> {
    const operation = 'media.put';
    const { checked, scope } = await this.#begin(operation, ref, options.signal);
    if (!(data instanceof Uint8Array) && !(data instanceof Blob)) {
      throw new ValidationError({
        operation,
        field: 'data',
        message: 'must be a Uint8Array or a Blob',
      });
    }
    if (
      typeof options.contentType !== 'string' ||
      !/^[\w.+-]+\/[\w.+-]+/.test(options.contentType)
    ) {
      throw new ValidationError({
        operation,
        field: 'contentType',
        message: 'must be a MIME type such as audio/mpeg',
      });
    }
    const size = data instanceof Uint8Array ? data.byteLength : data.size;
    const reservation = await this.#index.reserve(operation, checked, size);
    try {
      await this.#index.write(
        {
          operation,
          userId: scope.userId,
          ref: checked,
          data,
          contentType: options.contentType,
          pin: options.pin === true,
          owner: scope.source.ownerOf(checked),
          signal: options.signal,
        },
        reservation,
      );
    } finally {
      reservation.release();
    }
  }

  async pin(ref: MediaRef, options: MediaGetOptions = {}): Promise<void> {
    const operation = 'media.pin';
    const { checked, scope } = await this.#begin(operation, ref, options.signal);
    if (await this.#index.setPinned(scope.userId, checked, true)) return;
    await this.#fetcher.fetch(operation, scope, checked, options, true);
    if (!(await this.#index.setPinned(scope.userId, checked, true))) {
      throw this.#gone(operation, checked);
    }
  }

  async unpin(ref: MediaRef): Promise<void> {
    const { checked, scope } = await this.#begin('media.unpin', ref, undefined);
    await this.#index.setPinned(scope.userId, checked, false);
  }

  async pinStory(storyId: string, options: MediaGetOptions = {}): Promise<MediaBatchResult> {
    const refs = this.#storyRefs('media.pinStory', storyId);
    return this.#batch(refs, (ref) => this.pin(ref, options));
  }

  async unpinStory(storyId: string): Promise<void> {
    for (const ref of this.#storyRefs('media.unpinStory', storyId)) await this.unpin(ref);
  }

  async prefetch(
    target: string | MediaRef | readonly MediaRef[],
    options: MediaGetOptions = {},
  ): Promise<MediaBatchResult> {
    const operation = 'media.prefetch';
    let refs: readonly MediaRef[];
    if (typeof target === 'string') {
      const source = this.#requireScope(operation).source;
      const found = source.storyRefs(target) ?? source.heroRefs(target);
      if (!found) {
        throw new ValidationError({
          operation,
          field: 'target',
          message: `"${target}" is neither a story nor a hero on this device`,
        });
      }
      refs = found;
    } else refs = Array.isArray(target) ? target : [target as MediaRef];
    return this.#batch(refs, async (ref) => {
      await this.get(ref, options);
    });
  }

  async objectURL(ref: MediaRef, options: MediaGetOptions = {}): Promise<MediaObjectURL> {
    const content = await this.get(ref, options);
    const userId = this.#requireScope('media.objectURL').userId;
    return this.#objectUrls.create(
      userId,
      content.ref,
      await content.blob(),
      () =>
        new MediaError({
          operation: 'media.objectURL',
          code: 'UNSUPPORTED',
          ref: content.ref,
          message:
            'URL.createObjectURL is not available on this platform; use get() and bytes() or uri',
        }),
    );
  }

  async stats(): Promise<MediaStats> {
    await this.#index.ready();
    this.#changed();
    return this.#snapshot;
  }

  /** The signed-in user changed: the statistics follow. */
  scopeChanged(): void {
    this.#changed();
  }

  getSnapshot(): MediaStats {
    return this.#snapshot;
  }

  subscribe(listener: (stats: MediaStats) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  on<E extends keyof MediaEvents>(event: E, listener: MediaEvents[E]): () => void {
    this.#events.on(event, listener as never);
    return () => {
      this.#events.off(event, listener as never);
    };
  }

  async evict(): Promise<MediaEvictionResult> {
    await this.#index.ready();
    return this.#index.evict();
  }

  async clear(
    options: { readonly pinned?: boolean | undefined } = {},
  ): Promise<MediaEvictionResult> {
    const { userId } = this.#requireScope('media.clear');
    await this.#index.ready();
    const all = options.pinned === true;
    return this.#index.removeWhere((entry) => entry.userId === userId && (all || !entry.pinned));
  }

  /**
   * Drops the media of a record that left the device (deleted here and confirmed, or deleted on
   * the server): a hero's avatar and its stories' media, a story's audio and illustrations, an
   * illustration's image — pinned or not.
   */
  async dropRecord(userId: string, collection: string, localId: string): Promise<void> {
    await this.#index.ready();
    const select = (entry: MediaEntry): boolean => {
      if (entry.userId !== userId) return false;
      if (collection === 'heroes') {
        return (
          (entry.kind === 'avatar' && entry.ref.id === localId) || entry.owner.heroId === localId
        );
      }
      if (collection === 'stories') {
        return (
          (entry.kind === 'audio' && entry.ref.id === localId) || entry.owner.storyId === localId
        );
      }
      return (
        collection === 'illustrations' && entry.kind === 'illustration' && entry.ref.id === localId
      );
    };
    await this.#index.removeWhere(select);
  }

  /** Deletes every item of `userId` (sign-out, account deletion), stopping its downloads first. */
  async wipeUser(userId: string): Promise<void> {
    const prefix = userPrefix(userId);
    await this.#fetcher.forget(prefix, new Error('signed out'));
    this.#objectUrls.releaseUser(userId);
    await this.#index.ready();
    await this.#index.removeUser(userId);
  }

  /** Aborts downloads, revokes object URLs, waits for writes. Idempotent. */
  async close(): Promise<void> {
    if (this.#lifetime.signal.aborted) return;
    this.#lifetime.abort(new Error('client closed'));
    await this.#fetcher.close(new Error('client closed'));
    this.#objectUrls.releaseAll();
    await this.#index.flush();
    this.#events.removeAllListeners();
    this.#listeners.clear();
  }

  async #begin(operation: string, ref: MediaRef, signal: AbortSignal | undefined) {
    const checked = checkMediaRef(operation, ref);
    const scope = this.#requireScope(operation);
    if (signal?.aborted) throw new AbortError(operation, { cause: signal.reason });
    await this.#index.ready();
    return { checked, scope };
  }

  #requireScope(operation: string): MediaScope {
    if (this.#lifetime.signal.aborted)
      throw new AbortError(operation, { cause: this.#lifetime.signal.reason });
    const scope = this.#deps.scope();
    if (!scope) {
      throw new AuthError({
        operation,
        code: 'NOT_SIGNED_IN',
        message: `${operation} needs a signed-in user; call client.auth.signIn() first`,
      });
    }
    return scope;
  }

  #storyRefs(operation: string, storyId: string): readonly MediaRef[] {
    const refs = this.#requireScope(operation).source.storyRefs(storyId);
    if (!refs)
      throw new ValidationError({
        operation,
        field: 'storyId',
        message: `"${storyId}" is not a story on this device`,
      });
    return refs;
  }

  async #serve(userId: string, ref: MediaRef, fromCache: boolean): Promise<MediaContent | null> {
    const entry = this.#index.find(userId, ref);
    if (!entry) return null;
    const stored = await this.#deps.blobStore.get(entry.storageKey);
    if (!stored) return null;
    if (fromCache) this.#index.touch(entry);
    return Object.freeze({
      ref: entry.ref,
      key: mediaKey(entry.ref),
      size: stored.size,
      contentType: stored.contentType,
      fromCache,
      pinned: entry.pinned,
      uri: stored.uri,
      bytes: () => stored.bytes(),
      stream: () => stored.stream(),
      blob: async () =>
        stored.blob ? stored.blob() : bytesToBlob(await stored.bytes(), stored.contentType),
    });
  }

  async #batch(
    refs: readonly MediaRef[],
    task: (ref: MediaRef) => Promise<void>,
  ): Promise<MediaBatchResult> {
    const ok: MediaRef[] = [];
    const failed: { ref: MediaRef; error: unknown }[] = [];
    await runPool(refs, this.#index.options.concurrency, async (ref) => {
      try {
        await task(ref);
        ok.push(ref);
      } catch (error) {
        failed.push({ ref, error });
      }
    });
    return Object.freeze({ ok: Object.freeze(ok), failed: Object.freeze(failed) });
  }

  #gone(operation: string, ref: MediaRef): MediaError {
    return new MediaError({
      operation,
      code: 'NOT_AVAILABLE',
      ref,
      message: 'the item was evicted or deleted before it could be read; pin it to keep it',
    });
  }

  #computeStats(): MediaStats {
    const scope = this.#deps.scope();
    const entries = scope ? this.#index.entriesOf(scope.userId) : [];
    return mediaStats(entries, this.#index.usedBytes(), this.#index.options.maxBytes, {
      hits: this.#hits,
      misses: this.#misses,
    });
  }

  #changed(): void {
    const next = this.#computeStats();
    if (!sameStats(next, this.#snapshot)) this.#publish(next);
  }

  #publish(next: MediaStats): void {
    this.#snapshot = next;
    for (const listener of [...this.#listeners]) listener(next);
  }
}
