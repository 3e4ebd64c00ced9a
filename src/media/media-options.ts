/** Options of the media cache (`createClient({ media })`) and their defaults. */
import type { FetchLike } from '../api/options.js';
import type { MediaKind } from './media-ref.js';

const DAY = 24 * 60 * 60 * 1000;

/** Tuning of `client.media`. */
export interface MediaOptions {
  /**
   * The byte budget of the media cache. Least-recently-used items are evicted to stay under it;
   * pinned items are never evicted but count against it. The cache never holds more once a
   * write completes: an item that cannot fit (pinned items fill the budget) is refused with
   * `MediaError` `OVER_BUDGET`.
   * @default 209715200 (200 MiB)
   */
  readonly maxBytes?: number | undefined;
  /**
   * How long an item that is not pinned stays after it was last used, per kind.
   * @default { avatar: 90 days, audio: 30 days, illustration: 14 days }
   */
  readonly maxAgeMs?: Partial<Record<MediaKind, number>> | undefined;
  /**
   * The fetch that downloads from the storage host's presigned URLs. It never carries the
   * session token (the URL itself is the credential).
   * @default the client's `fetch`
   */
  readonly fetch?: FetchLike | undefined;
  /** Downloads run at once by `prefetch()` and `pinStory()`. @default 2 */
  readonly concurrency?: number | undefined;
}

/** {@link MediaOptions} with every default applied. */
export interface ResolvedMediaOptions {
  readonly maxBytes: number;
  readonly maxAgeMs: Readonly<Record<MediaKind, number>>;
  readonly concurrency: number;
}

/** Default per-kind max ages. */
export const DEFAULT_MEDIA_MAX_AGE_MS: Readonly<Record<MediaKind, number>> = Object.freeze({
  avatar: 90 * DAY,
  audio: 30 * DAY,
  illustration: 14 * DAY,
});

/** Default byte budget: 200 MiB. */
export const DEFAULT_MEDIA_MAX_BYTES = 200 * 1024 * 1024;

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`media.${name} must be a positive number, got ${value}`);
  }
  return value;
}

/** Applies the defaults; throws `RangeError` for a non-positive budget, age or concurrency. */
export function resolveMediaOptions(options: MediaOptions = {}): ResolvedMediaOptions {
  const ages = options.maxAgeMs ?? {};
  return Object.freeze({
    maxBytes: positive('maxBytes', options.maxBytes, DEFAULT_MEDIA_MAX_BYTES),
    maxAgeMs: Object.freeze({
      avatar: positive('maxAgeMs.avatar', ages.avatar, DEFAULT_MEDIA_MAX_AGE_MS.avatar),
      audio: positive('maxAgeMs.audio', ages.audio, DEFAULT_MEDIA_MAX_AGE_MS.audio),
      illustration: positive(
        'maxAgeMs.illustration',
        ages.illustration,
        DEFAULT_MEDIA_MAX_AGE_MS.illustration,
      ),
    }),
    concurrency: Math.floor(positive('concurrency', options.concurrency, 2)),
  });
}
