import { describe, expect, it } from 'vitest';
import { type EvictionCandidate, planEviction } from './eviction.js';

const DAY = 86_400_000;
const maxAgeMs = { avatar: 90 * DAY, audio: 30 * DAY, illustration: 14 * DAY };
const entry = (
  storageKey: string,
  size: number,
  lastAccessAt: number,
  extra: Partial<EvictionCandidate> = {},
): EvictionCandidate => ({
  storageKey,
  kind: 'audio',
  size,
  pinned: false,
  lastAccessAt,
  ...extra,
});

describe('planEviction', () => {
  it('evicts by kind age, keeping pinned items whatever their age', () => {
    const now = 100 * DAY;
    const plan = planEviction({
      entries: [
        entry('old-audio', 1, now - 31 * DAY),
        entry('young-audio', 1, now - 29 * DAY),
        entry('old-image', 1, now - 15 * DAY, { kind: 'illustration' }),
        entry('avatar', 1, now - 60 * DAY, { kind: 'avatar' }),
        entry('pinned', 1, now - 99 * DAY, { pinned: true }),
      ],
      now,
      maxBytes: 100,
      maxAgeMs,
    });
    expect(plan.evict.map((e) => e.storageKey)).toEqual(['old-audio', 'old-image']);
    expect(plan).toMatchObject({ fits: true, keptBytes: 3 });
  });

  it('evicts least recently used first until the incoming bytes fit', () => {
    const plan = planEviction({
      entries: [
        entry('c', 4, 30),
        entry('a', 4, 10),
        entry('p', 4, 0, { pinned: true }),
        entry('b', 4, 20),
      ],
      now: 40,
      maxBytes: 12,
      maxAgeMs,
      incomingBytes: 4,
    });
    expect(plan.evict.map((e) => e.storageKey)).toEqual(['a', 'b']);
    expect(plan).toMatchObject({ fits: true, keptBytes: 8 });
  });

  it('refuses (evicting nothing for the budget) when pinned bytes leave no room', () => {
    const plan = planEviction({
      entries: [entry('p', 8, 0, { pinned: true }), entry('a', 2, 1)],
      now: 2,
      maxBytes: 10,
      maxAgeMs,
      incomingBytes: 3,
    });
    expect(plan).toMatchObject({ fits: false, evict: [] });
  });
});
