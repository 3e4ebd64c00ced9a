/**
 * Downloads for the media cache: one shared download per key, the URL from a memo of fresh
 * URLs, the record, or a refresh of the owning record; a 403 from storage refreshes the URL
 * once and retries; the checked body goes into the index.
 */
import type { FetchLike } from '../api/options.js';
import { OfflineError } from '../errors/index.js';
import { anySignal } from '../platform/compat/any-signal.js';
import { download, type MediaProgress } from './download.js';
import type { MediaGetOptions } from './media-cache-api.js';
import { storageKeyOf } from './media-entry.js';
import { MediaError } from './media-error.js';
import type { MediaIndex, Reservation } from './media-index.js';
import { type MediaRef, mediaKey } from './media-ref.js';
import type { MediaSource } from './media-source.js';
import { isPresignedUrlExpired } from './presigned-url.js';
import { type SharedDownload, SharedDownloads } from './shared-downloads.js';

/** The signed-in user the cache works for. */
export interface MediaScope {
  readonly userId: string;
  readonly source: MediaSource;
}

/** What the fetcher needs. */
export interface MediaFetcherDeps {
  readonly index: MediaIndex;
  readonly fetch: () => FetchLike;
  readonly now: () => number;
  readonly online: () => boolean;
  readonly onProgress: (ref: MediaRef, progress: MediaProgress) => void;
}

/** Downloads into the cache (see the module comment). */
export class MediaFetcher {
  readonly #deps: MediaFetcherDeps;
  readonly #downloads = new SharedDownloads();
  readonly #urls = new Map<string, string>();
  readonly #lifetime = new AbortController();

  constructor(deps: MediaFetcherDeps) {
    this.#deps = deps;
  }

  /** Downloads `ref` into the cache, joining a download of it already in flight. */
  fetch(
    operation: string,
    scope: MediaScope,
    ref: MediaRef,
    options: MediaGetOptions,
    pin = false,
  ): Promise<void> {
    const key = storageKeyOf(scope.userId, ref);
    const signal = options.signal
      ? anySignal([options.signal, this.#lifetime.signal])
      : this.#lifetime.signal;
    return this.#downloads.join(
      key,
      (shared) => this.#download(operation, scope, ref, shared, pin),
      {
        operation,
        signal,
        onProgress: options.onProgress,
      },
    );
  }

  /** Stops the downloads of keys starting with `prefix` and forgets their URLs. */
  async forget(prefix: string, reason: unknown): Promise<void> {
    await this.#downloads.abortWhere((key) => key.startsWith(prefix), reason);
    for (const key of [...this.#urls.keys()]) if (key.startsWith(prefix)) this.#urls.delete(key);
  }

  /** Stops every download. */
  async close(reason: unknown): Promise<void> {
    this.#lifetime.abort(reason);
    await this.forget('', reason);
  }

  async #download(
    operation: string,
    scope: MediaScope,
    ref: MediaRef,
    shared: SharedDownload,
    pin: boolean,
  ): Promise<void> {
    if (!this.#deps.online()) throw new OfflineError(operation);
    const key = storageKeyOf(scope.userId, ref);
    let url = this.#urls.get(key) ?? scope.source.currentUrl(ref);
    let refreshed = false;
    if (url === null || isPresignedUrlExpired(url, this.#deps.now())) {
      url = await this.#refresh(operation, scope, ref, shared.signal);
      refreshed = true;
    }
    for (;;) {
      let reservation: Reservation | undefined;
      const outcome = await download({
        operation,
        ref,
        url,
        fetch: this.#deps.fetch(),
        signal: shared.signal,
        onProgress: (progress) => {
          shared.progress(progress);
          this.#deps.onProgress(ref, progress);
        },
        reserve: async (total) => {
          const held = await this.#deps.index.reserve(operation, ref, total ?? 0);
          reservation = held;
          return () => held.release();
        },
        write: async (body, contentType) => {
          await this.#deps.index.write(
            {
              operation,
              userId: scope.userId,
              ref,
              data: body,
              contentType,
              pin,
              owner: scope.source.ownerOf(ref),
              signal: shared.signal,
            },
            reservation,
          );
        },
      });
      if (outcome.kind === 'stored') return;
      this.#urls.delete(key);
      if (refreshed) {
        throw new MediaError({
          operation,
          code: 'URL_EXPIRED',
          ref,
          status: 403,
          message: 'storage refused the download even with a fresh URL',
        });
      }
      url = await this.#refresh(operation, scope, ref, shared.signal);
      refreshed = true;
    }
  }

  /** Re-fetches the owning record for fresh URLs (remembering all of them); the one of `ref`. */
  async #refresh(
    operation: string,
    scope: MediaScope,
    ref: MediaRef,
    signal: AbortSignal,
  ): Promise<string> {
    const signed = await scope.source.refresh(ref, signal);
    let url: string | undefined;
    for (const item of signed) {
      this.#urls.set(storageKeyOf(scope.userId, item.ref), item.url);
      if (mediaKey(item.ref) === mediaKey(ref)) url = item.url;
    }
    if (url === undefined) {
      throw new MediaError({
        operation,
        code: 'NOT_AVAILABLE',
        ref,
        message: 'the server has no such media now (not generated yet, or generated again since)',
      });
    }
    return url;
  }
}
