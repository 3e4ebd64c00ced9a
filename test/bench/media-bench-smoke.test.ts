import { describe, expect, it } from 'vitest';
import { formatMediaReport, runMediaBench } from '../../bench/media/run-media-bench.js';

// Runs the media benchmark harness at tiny sizes over loopback: every cell must be a number.
// Timings are never asserted (they depend on the machine).
describe('media benchmark harness (smoke)', () => {
  it('produces finite numbers for every row', async () => {
    const rows = await runMediaBench({
      evictEntries: 20,
      downloadBytes: 64 * 1024,
      streamBytes: 256 * 1024,
      hitBytes: 64 * 1024,
      repetitions: 1,
    });
    expect(rows.map((row) => `${row.store}: ${row.benchmark.split(' (')[0]}`)).toEqual([
      'memory: evict 20 entries',
      'file: evict 20 entries',
      'memory: download 0 MB audio: media.get vs raw fetch',
      'memory: download 0 MB audio: CPU of this process, server included',
      'file: 0 MB download into the file store: peak heap growth',
      'file: 0 MB download into the file store: time',
      'memory: cache hit of 0 MB: get + bytes vs store.get + bytes',
      'file: cache hit of 0 MB: get + bytes vs store.get + bytes',
    ]);
    for (const row of rows) {
      for (const value of [row.sdk, row.raw, row.ratio]) expect(Number.isFinite(value)).toBe(true);
      expect(['PASS', 'MISS', 'info']).toContain(row.verdict);
    }
    expect(
      formatMediaReport(rows)
        .split('\n')
        .filter((l) => l.startsWith('| ')),
    ).toHaveLength(rows.length + 1);
  }, 60_000);
});
