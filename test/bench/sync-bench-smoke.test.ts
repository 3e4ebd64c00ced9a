import { describe, expect, it } from 'vitest';
import { formatSyncReport } from '../../bench/sync/report.js';
import { runSyncBench } from '../../bench/sync/run-sync-bench.js';

// Runs the sync benchmark harness at tiny sizes against the in-process loopback backend: every
// cell must be a number, and the incremental pull's request count (deterministic) must stay
// O(changes). Timings are never asserted (they depend on the machine).
describe('sync benchmark harness (smoke)', () => {
  it('produces finite numbers, and the incremental pull takes at most 3 requests + 2 delete checks', async () => {
    const report = await runSyncBench({
      pushCount: 50,
      // Five pages of heroes: a full listing takes 7 requests, so ≤ 3 listings + 2 delete checks
      // (one limit=1 request each for heroes and stories) proves an incremental pull.
      pullCount: 450,
      changes: 5,
      repetitions: 1,
      storages: ['memory', 'sqlite'],
      backend: 'in-process',
      warmup: false,
    });

    expect(report.rows.map((row) => `${row.benchmark} / ${row.storage}`)).toEqual([
      'push 50 queued creates, pushConcurrency 1 / memory',
      'push 50 queued creates, pushConcurrency 4 (default) / memory',
      'initial pull of 450 heroes / memory',
      'initial pull of 450 heroes / SQLite file WAL',
      'incremental pull, 5 changed of 450, no reconciliation / memory',
      'pull round with reconciliation, 5 changed of 450 / memory',
    ]);
    for (const row of report.rows) {
      const cells = {
        sdkMs: row.sdkMs,
        baselineMs: row.baselineMs,
        ratio: row.ratio,
        sdkCpuMs: row.sdkCpuMs,
        baselineCpuMs: row.baselineCpuMs,
      };
      for (const [name, value] of Object.entries(cells)) {
        expect(Number.isFinite(value), `${row.benchmark}: ${name}`).toBe(true);
        expect(value, `${row.benchmark}: ${name}`).toBeGreaterThanOrEqual(0);
      }
      expect(['PASS', 'MISS', 'info']).toContain(row.verdict);
    }
    const [serial, concurrent, , , incremental, reconciling] = report.rows;
    // One round: its pull (heroes and stories: a listing each, with a limit=1 delete check
    // once the collection has a cursor; custom events: their limit=1 check, or their listing
    // once `customEventsEveryMs` passed since the device's first sync) then one POST per create.
    for (const row of [serial, concurrent]) {
      expect(row?.sdkRequests).toBeGreaterThanOrEqual(50 + 3);
      expect(row?.sdkRequests).toBeLessThanOrEqual(50 + 3 + 2);
    }
    // Heroes and stories since the cursor (+ one limit=1 delete check each), the custom events'
    // check (or listing).
    expect(incremental?.sdkRequests).toBeLessThanOrEqual(5);
    // Reconciliation lists every hero: 5 pages, plus stories and custom events.
    expect(reconciling?.sdkRequests).toBe(7);
    const table = formatSyncReport(report);
    expect(table.split('\n').filter((line) => line.startsWith('| '))).toHaveLength(
      report.rows.length + 1,
    );
  });
});
