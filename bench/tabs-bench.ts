/**
 * Cross-tab visibility latency in real headless Chromium (issue #10):
 * `tsx bench/tabs-bench.ts [--quick]` (300 samples, or 60 with `--quick`). Prints p50/p95
 * beside the raw IndexedDB + BroadcastChannel cost measured in the same run, with the machine
 * and its load.
 */
import { cpus, loadavg } from 'node:os';
import { markdownTable } from './table.js';
import { runTabsBench } from './tabs/run-tabs-bench.js';

const quick = process.argv.includes('--quick');
const load = () =>
  loadavg()
    .map((v) => v.toFixed(1))
    .join(' ');
const before = load();
const report = await runTabsBench({
  samples: quick ? 60 : 300,
  warmup: quick ? 10 : 30,
  log: (line) => console.error(`… ${line}`),
});
const ms = (v: number) => `${v.toFixed(1)} ms`;
console.log(
  [
    `node ${process.version}, Chromium ${report.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load ${before} before / ${load()} after, ${report.sdk.samples} samples`,
    '',
    markdownTable(
      [
        'cross-tab visibility',
        'SDK',
        'raw IndexedDB + BroadcastChannel',
        'ratio',
        'target',
        'result',
      ],
      [
        [
          'p50',
          ms(report.sdk.p50),
          ms(report.raw.p50),
          `${(report.sdk.p50 / report.raw.p50).toFixed(2)}×`,
          '—',
          'info',
        ],
        [
          'p95',
          ms(report.sdk.p95),
          ms(report.raw.p95),
          `${(report.sdk.p95 / report.raw.p95).toFixed(2)}×`,
          `< ${report.targetP95} ms`,
          report.verdict,
        ],
        ['max', ms(report.sdk.max), ms(report.raw.max), '—', '—', 'info'],
      ],
      new Set([1, 2, 3]),
    ),
  ].join('\n'),
);
