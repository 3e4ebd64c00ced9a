import { describe, expect, it } from 'vitest';
import { formatSyncReport } from '../../bench/sync/report.js';
import { runSyncBench } from '../../bench/sync/run-sync-bench.js';

// Runs the sync benchmark harness at tiny sizes against the in-process loopback backend: every
// cell must be a number, and the incremental pull's request count (deterministic) must stay
// O(changes). Timings are never asserted (they depend on the machine).
describe('sync benchmark harness (smoke)', () => {
  it('produces finite numbers, and the incremental pull takes at most 3 requests', async () => {
    const report = await runSyncBench({
      pushCount: 50,
      // Three pages of heroes: a full listing takes 5 requests, so ≤ 3 proves an incremental pull.
      pullCount: 250,
      changes: 5,
      repetitions: 1,
      storages: ['memory', 'sqlite'],
      backend: 'in-process',
      warmup: false,
    });

    expect(report.rows.map((row) => `${row.benchmark} / ${row.storage}`)).toEqual([
      'push 50 queued creates, pushConcurrency 1 / memory',
      'push 50 queued creates, pushConcurrency 4 (default) / memory',
      'initial pull of 250 heroes / memory',
      'initial pull of 250 heroes / SQLite file WAL',
      'incremental pull, 5 changed of 250, no reconciliation / memory',
      'pull round with reconciliation, 5 changed of 250 / memory',
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
    // One round: its pull (heroes, stories, custom events) then one POST per create.
    expect(serial?.sdkRequests).toBe(50 + 3);
    expect(concurrent?.sdkRequests).toBe(50 + 3);
    // Heroes since the cursor, stories since the cursor, the custom events list.
    expect(incremental?.sdkRequests).toBeLessThanOrEqual(3);
    // Reconciliation lists every hero: 3 pages, plus stories and custom events.
    expect(reconciling?.sdkRequests).toBe(5);
    const table = formatSyncReport(report);
    expect(table.split('\n').filter((line) => line.startsWith('| '))).toHaveLength(
      report.rows.length + 1,
    );
  });
});
