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
    ...counted(counters),
  });
}

/**
 * `stats` with new counters and everything else shared: what a cache hit changes (a hit reads
 * no entry's size, so recounting the entries would only find the same numbers).
 */
export function withCounters(stats: MediaStats, counters: HitCounters): MediaStats {
  return Object.freeze({ ...stats, ...counted(counters) });
}

function counted(counters: HitCounters): Pick<MediaStats, 'hits' | 'misses' | 'hitRate'> {
  const calls = counters.hits + counters.misses;
  return {
    hits: counters.hits,
    misses: counters.misses,
    hitRate: calls === 0 ? 0 : counters.hits / calls,
  };
}

const KINDS = ['avatar', 'audio', 'illustration'] as const;
const TOTALS = [
  'entries',
  'bytes',
  'pinnedEntries',
  'pinnedBytes',
  'usedBytes',
  'maxBytes',
  'hits',
  'misses',
  'hitRate',
] as const;

/** Whether two snapshots hold the same numbers. */
export function sameStats(a: MediaStats, b: MediaStats): boolean {
  if (TOTALS.some((field) => a[field] !== b[field])) return false;
  return KINDS.every(
    (kind) =>
      a.byKind[kind].entries === b.byKind[kind].entries &&
      a.byKind[kind].bytes === b.byKind[kind].bytes,
  );
}
