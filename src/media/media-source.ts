/**
 * What the media cache needs to know about records, as a small seam: where a ref's URL is, how
 * to get a fresh one, which refs belong to a story or a hero. The client builds it over the
 * signed-in user's local store and the API client; the cache never sees either.
 */
import type { MediaRef } from './media-ref.js';

/** A signed URL the server handed out for a ref. */
export interface SignedMedia {
  readonly ref: MediaRef;
  readonly url: string;
}

/** The records a piece of media belongs to (so it can be dropped with them). */
export interface MediaOwner {
  readonly heroId?: string | undefined;
  readonly storyId?: string | undefined;
}

/** The record side of the media cache. */
export interface MediaSource {
  /** The signed URL the device holds for `ref` (from its record), or `null`. */
  currentUrl(ref: MediaRef): string | null;
  /**
   * Re-fetches the record that owns `ref` from the server and returns the signed URLs it now
   * carries (for an illustration: those of every illustration of its story).
   */
  refresh(ref: MediaRef, signal: AbortSignal): Promise<readonly SignedMedia[]>;
  /** The hero and story `ref` belongs to, as far as the device knows. */
  ownerOf(ref: MediaRef): MediaOwner;
  /** The current refs of a story (audio, then illustrations), or `null` for an unknown story. */
  storyRefs(storyId: string): readonly MediaRef[] | null;
  /** The current refs of a hero (its avatar), or `null` for an unknown hero. */
  heroRefs(heroId: string): readonly MediaRef[] | null;
}
