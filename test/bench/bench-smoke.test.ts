import { describe, expect, it } from 'vitest';
import { ADAPTER_KINDS, ADAPTER_LABELS } from '../../bench/adapters.js';
import { runBench } from '../../bench/run-bench.js';
import { formatReport } from '../../bench/table.js';

// Runs the whole benchmark harness on tiny data: it must work and produce a number in every
// cell. Timings are never asserted (they depend on the machine).
describe('benchmark harness (smoke)', () => {
  it('produces finite numbers for every row on every adapter', async () => {
    const report = await runBench({ records: 200, repetitions: 1, warmup: 20 });

    for (const kind of ADAPTER_KINDS) {
      const rows = report.rows.filter((row) => row.adapter === ADAPTER_LABELS[kind]);
      expect(rows.some((row) => row.benchmark.startsWith('heroes.create throughput'))).toBe(true);
      expect(rows.some((row) => row.benchmark.startsWith('cold start'))).toBe(true);
    }
    expect(report.rows.filter((row) => row.benchmark.startsWith('heap')).length).toBe(2);
    for (const row of report.rows) {
      const cells = { store: row.store, baseline: row.baseline, ratio: row.ratio };
      for (const [name, value] of Object.entries(cells)) {
        expect(Number.isFinite(value), `${row.benchmark} / ${row.adapter}: ${name}`).toBe(true);
        expect(value, `${row.benchmark} / ${row.adapter}: ${name}`).toBeGreaterThan(0);
      }
      expect(['PASS', 'MISS', 'info']).toContain(row.verdict);
    }
    const table = formatReport(report);
    expect(table.split('\n').filter((line) => line.startsWith('| '))).toHaveLength(
      report.rows.length + 1,
    );
  });
});
