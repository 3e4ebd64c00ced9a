/**
 * One cached item as the cache's index holds it, and its encoding in the blob store: the key is
 * `<userId>/<kind>:<id>:<version>` (each user's media apart), the metadata a small JSON record.
 */
import type { BlobEntry, BlobMetadata } from './blob-store.js';
import { type MediaRef, mediaKey, parseMediaKey } from './media-ref.js';
import type { MediaOwner } from './media-source.js';

/** An item of the cache index. */
export interface MediaEntry {
  /** Key in the blob store. */
  readonly storageKey: string;
  readonly userId: string;
  readonly ref: MediaRef;
  readonly kind: MediaRef['kind'];
  readonly size: number;
  readonly contentType: string;
  /** When it was stored, epoch ms. */
  readonly storedAt: number;
  /** When it was last stored or read, epoch ms. */
  lastAccessAt: number;
  pinned: boolean;
  readonly owner: MediaOwner;
}

/** The blob-store key of `ref` for `userId`. */
export function storageKeyOf(userId: string, ref: MediaRef): string {
  return `${userId}/${mediaKey(ref)}`;
}

/** The blob-store key prefix of every item of `userId`. */
export function userPrefix(userId: string): string {
  return `${userId}/`;
}

/** The metadata stored with an entry. */
export function encodeMetadata(entry: MediaEntry): BlobMetadata {
  const metadata: Record<string, string | number | boolean> = {
    storedAt: entry.storedAt,
    lastAccessAt: entry.lastAccessAt,
    pinned: entry.pinned,
  };
  if (entry.owner.heroId !== undefined) metadata.heroId = entry.owner.heroId;
  if (entry.owner.storyId !== undefined) metadata.storyId = entry.owner.storyId;
  return metadata;
}

/** Rebuilds an entry from the blob store, or `null` for a key that is not the cache's. */
export function decodeEntry(blob: BlobEntry, now: number): MediaEntry | null {
  const slash = blob.key.indexOf('/');
  if (slash <= 0) return null;
  const ref = parseMediaKey(blob.key.slice(slash + 1));
  if (!ref) return null;
  const meta = blob.metadata;
  const number = (value: unknown): number =>
    typeof value === 'number' && Number.isFinite(value) ? value : now;
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' ? value : undefined;
  const storedAt = number(meta.storedAt);
  return {
    storageKey: blob.key,
    userId: blob.key.slice(0, slash),
    ref,
    kind: ref.kind,
    size: blob.size,
    contentType: blob.contentType,
    storedAt,
    lastAccessAt: number(meta.lastAccessAt ?? storedAt),
    pinned: meta.pinned === true,
    owner: { heroId: text(meta.heroId), storyId: text(meta.storyId) },
  };
}
