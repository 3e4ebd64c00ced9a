import { describe, expect, it } from 'vitest';
import type { MediaEntry } from './media-entry.js';
import { mediaStats, sameStats, withCounters } from './media-stats.js';

function entry(kind: MediaEntry['kind'], size: number, pinned = false): MediaEntry {
  return {
    storageKey: `u/${kind}:${size}`,
    userId: 'u',
    ref: { kind, id: String(size), version: '1' },
    kind,
    size,
    contentType: 'application/octet-stream',
    storedAt: 0,
    lastAccessAt: 0,
    pinned,
    owner: {},
  };
}

const entries = [entry('audio', 300, true), entry('avatar', 20), entry('avatar', 30)];

describe('media statistics', () => {
  it('counts entries, bytes and pins by kind, with the hit rate', () => {
    const stats = mediaStats(entries, 1_000, 5_000, { hits: 3, misses: 1 });
    expect(stats).toEqual({
      entries: 3,
      bytes: 350,
      pinnedEntries: 1,
      pinnedBytes: 300,
      byKind: {
        avatar: { entries: 2, bytes: 50 },
        audio: { entries: 1, bytes: 300 },
        illustration: { entries: 0, bytes: 0 },
      },
      usedBytes: 1_000,
      maxBytes: 5_000,
      hits: 3,
      misses: 1,
      hitRate: 0.75,
    });
    expect(Object.isFrozen(stats) && Object.isFrozen(stats.byKind.audio)).toBe(true);
  });

  it('a hit changes only the counters: the same numbers as a full recount', () => {
    const before = mediaStats(entries, 1_000, 5_000, { hits: 3, misses: 1 });
    const after = withCounters(before, { hits: 4, misses: 1 });
    expect(after).toEqual(mediaStats(entries, 1_000, 5_000, { hits: 4, misses: 1 }));
    expect(Object.isFrozen(after)).toBe(true);
    expect(before.hits).toBe(3);
  });

  it('tells snapshots apart by any number, including one kind’s bytes', () => {
    const stats = mediaStats(entries, 1_000, 5_000, { hits: 0, misses: 0 });
    expect(sameStats(stats, mediaStats(entries, 1_000, 5_000, { hits: 0, misses: 0 }))).toBe(true);
    expect(sameStats(stats, mediaStats(entries, 1_001, 5_000, { hits: 0, misses: 0 }))).toBe(false);
    expect(sameStats(stats, withCounters(stats, { hits: 0, misses: 1 }))).toBe(false);
    const moved = [entry('audio', 300, true), entry('illustration', 20), entry('avatar', 30)];
    // Same totals, entries and bytes; only the split between kinds differs.
    expect(sameStats(stats, mediaStats(moved, 1_000, 5_000, { hits: 0, misses: 0 }))).toBe(false);
  });
});
