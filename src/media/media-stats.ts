/** Builds the immutable {@link MediaStats} value of one user. */
import type { MediaKindStats, MediaStats } from './media-cache-api.js';
import type { MediaEntry } from './media-entry.js';

/** Counters kept by the cache. */
export interface HitCounters {
  readonly hits: number;
  readonly misses: number;
}

/** The statistics of `entries` (one user's), with the store-wide usage and the counters. */
export function mediaStats(
  entries: readonly MediaEntry[],
  usedBytes: number,
  maxBytes: number,
  counters: HitCounters,
): MediaStats {
  const byKind: Record<MediaEntry['kind'], { entries: number; bytes: number }> = {
    avatar: { entries: 0, bytes: 0 },
    audio: { entries: 0, bytes: 0 },
    illustration: { entries: 0, bytes: 0 },
  };
  let bytes = 0;
  let pinnedEntries = 0;
  let pinnedBytes = 0;
  for (const entry of entries) {
    bytes += entry.size;
    byKind[entry.kind].entries++;
    byKind[entry.kind].bytes += entry.size;
    if (entry.pinned) {
      pinnedEntries++;
      pinnedBytes += entry.size;
    }
  }
  const calls = counters.hits + counters.misses;
  const freeze = (value: MediaKindStats): MediaKindStats => Object.freeze({ ...value });
  return Object.freeze({
    entries: entries.length,
    bytes,
    pinnedEntries,
    pinnedBytes,
    byKind: Object.freeze({
      avatar: freeze(byKind.avatar),
      audio: freeze(byKind.audio),
      illustration: freeze(byKind.illustration),
    }),
    usedBytes,
    maxBytes,
    hits: counters.hits,
    misses: counters.misses,
    hitRate: calls === 0 ? 0 : counters.hits / calls,
  });
}

/** Whether two snapshots hold the same numbers. */
export function sameStats(a: MediaStats, b: MediaStats): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
