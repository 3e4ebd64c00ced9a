import { describe, expect, it } from 'vitest';
import {
  formatMigrationReport,
  runMigrationBench,
} from '../../bench/migration/run-migration-bench.js';

// Runs the migration benchmark at a tiny size against the in-process loopback backend: every
// number must be finite, and the request counts (deterministic) must be those of the plan.
// Timings are never asserted (they depend on the machine).
describe('migration benchmark harness (smoke)', () => {
  it('measures the raw batch requests and the migration of the same library', async () => {
    const report = await runMigrationBench({
      heroes: 5,
      stories: 120,
      repetitions: 1,
      backend: 'in-process',
      storyLength: 200,
    });
    for (const value of [report.rawMs, report.migrationMs, report.ratio]) {
      expect(Number.isFinite(value) && value > 0).toBe(true);
    }
    // Raw: 1 hero batch + 2 story batches. Migration: session check, the same 3 batches, and
    // the read-back (1 page of heroes, 2 pages of stories).
    expect(report.rawRequests).toBe(3);
    expect(report.migrationRequests).toBe(7);
    expect(formatMigrationReport(report, 'smoke')).toContain(
      '| 5 heroes + 120 stories, time (median) |',
    );
  });
});
