/**
 * The media seams of the migration. The backend has no media upload route, so legacy avatars,
 * audio and illustration images are re-keyed into the app's media cache under the new server
 * ids (and pinned, so they are never evicted) instead of being uploaded.
 */
import type { LegacyMediaFile } from './export-format.js';

/** The identity of a cached media item: kind, owner id, and version. */
export interface MediaRef {
  readonly kind: 'avatar' | 'audio' | 'illustration';
  /** Hero id (avatar), story id (audio) or illustration id. */
  readonly id: string;
  /** Generation id or audio version; migrated files use {@link LEGACY_MEDIA_VERSION}. */
  readonly version: string;
}

/** The version of every media item the migration stores. */
export const LEGACY_MEDIA_VERSION = 'legacy';

/**
 * Where migrated media goes: the `put` of the client's media cache (`client.media`), or any
 * object with the same method.
 */
export interface MediaSink {
  put(
    ref: MediaRef,
    data: Uint8Array | Blob,
    options: { contentType: string; pin?: boolean },
  ): Promise<void>;
}

/**
 * Reads a legacy media file (Node: from disk, relative to the export; apps: from their own
 * storage). Rejects when the file cannot be read.
 */
export type MediaReader = (file: LegacyMediaFile) => Promise<Uint8Array | Blob>;
