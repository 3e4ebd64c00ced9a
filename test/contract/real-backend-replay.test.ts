/**
 * Replays the 185 exchanges recorded from the real backend (CONTRACT.md §11) against the fake
 * backend, in order, and fails on every difference in status, key headers or body that the
 * documented allow-list (`replay/allow-list.ts`) does not accept. Ids, tokens, timestamps and
 * signed URLs are compared by form, with each recorded value bound to the fake's (see
 * `replay/value-map.ts`).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ALLOW_LIST, allows, staleEntries } from './replay/allow-list.js';
import type { Mismatch } from './replay/compare.js';
import { loadRecordedRun } from './replay/fixtures.js';
import { type ReplayResult, replayRecordedRun } from './replay/run-replay.js';

function describeMismatches(mismatches: readonly Mismatch[]): string {
  return mismatches
    .map((m) => `${m.file} · ${m.where}\n    recorded: ${m.expected}\n    fake:     ${m.actual}`)
    .join('\n');
}

describe('replay of the real backend recording against the fake backend', () => {
  const run = loadRecordedRun();
  let result: ReplayResult;

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      result = await replayRecordedRun(run, { setSystemTime: (date) => vi.setSystemTime(date) });
    } finally {
      vi.useRealTimers();
    }
  }, 30_000);

  afterAll(() => {
    vi.useRealTimers();
  });

  it('replays every recorded exchange in order', () => {
    expect(run.exchanges).toHaveLength(185);
    expect(result.exchanges).toBe(185);
    // 165 was the 5th of 5 identical requests.
    expect(result.requests).toBe(189);
  });

  it('shows no difference outside the allow-list', () => {
    const unexpected = result.mismatches.filter((m) => !ALLOW_LIST.some((e) => allows(e, m)));
    const report = `${unexpected.length} mismatch(es) outside the allow-list:\n${describeMismatches(unexpected)}`;
    expect(unexpected.length, report).toBe(0);
  });

  it('has no stale allow-list entry', () => {
    expect(staleEntries(ALLOW_LIST, result.mismatches)).toEqual([]);
  });
});
