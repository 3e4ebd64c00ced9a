/** Object URLs handed out by `media.objectURL()`, so they can all be revoked. */
import type { MediaObjectURL } from './media-cache-api.js';
import type { MediaRef } from './media-ref.js';

interface UrlApi {
  createObjectURL?: (blob: Blob) => string;
  revokeObjectURL?: (url: string) => void;
}

/** The live object URLs, by user. */
export class ObjectUrls {
  readonly #live = new Map<string, { userId: string; revoke: () => void }>();

  /** Creates a URL for `blob`; throws `unsupported()` where the platform has none. */
  create(userId: string, ref: MediaRef, blob: Blob, unsupported: () => Error): MediaObjectURL {
    const api = URL as unknown as UrlApi;
    if (typeof api.createObjectURL !== 'function') throw unsupported();
    const url = api.createObjectURL(blob);
    const revoke = () => {
      if (this.#live.delete(url)) api.revokeObjectURL?.(url);
    };
    this.#live.set(url, { userId, revoke });
    return Object.freeze({ ref, url, release: revoke });
  }

  /** Revokes every URL of `userId`. */
  releaseUser(userId: string): void {
    for (const { userId: owner, revoke } of [...this.#live.values()]) {
      if (owner === userId) revoke();
    }
  }

  /** Revokes every URL. */
  releaseAll(): void {
    for (const { revoke } of [...this.#live.values()]) revoke();
  }
}
