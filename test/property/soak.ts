/**
 * The soak run of the convergence properties (`npm run soak`): the same properties as CI — the
 * multi-device convergence property and the pull-faults property — with many more runs and
 * longer operation lists. Tune with environment variables:
 *
 * - `NUM_RUNS` — runs of each property (default 5000);
 * - `MAX_OPS` — at most this many operations per run of the main property (default 24);
 * - `SEED` — the seed of both properties (default: a random one, printed first, so a soak
 *   stopped early can be told and continued from another seed; a failure prints its `path`);
 * - `STATS=1` — print totals (conflicts, merges, restarts, lost-ack adoptions…) at the end;
 * - `SOAK_PROGRESS` — a file that gets a line every 50 runs (default `soak-progress.log`), so a
 *   soak stopped early still says how far it got and how long a run took.
 *
 * @example
 * NUM_RUNS=20000 MAX_OPS=30 nice -n 19 npm run soak
 */
import { startVitest } from 'vitest/node';

process.env.NUM_RUNS ??= '5000';
process.env.MAX_OPS ??= '24';
process.env.STATS ??= '1';
process.env.SOAK_PROGRESS ??= 'soak-progress.log';
process.env.SEED ??= String(Math.floor(Math.random() * 2 ** 31));
process.stdout.write(`soak: seed ${process.env.SEED}\n`);

const FILES = [
  'test/property/convergence.property.test.ts',
  'test/property/pull-faults.property.test.ts',
];

const started = performance.now();
const vitest = await startVitest('test', FILES, {
  run: true,
  watch: false,
  // One run per property can take long under load; the soak has no per-test deadline.
  testTimeout: 0,
  // The two properties side by side (run it under `nice -n 19`).
  fileParallelism: true,
  maxWorkers: 2,
});
const files = vitest.state.getFiles();
const passed = files.length === FILES.length && files.every((f) => f.result?.state === 'pass');
await vitest.close();
const seconds = ((performance.now() - started) / 1000).toFixed(0);
process.stdout.write(
  `soak: ${process.env.NUM_RUNS} runs of each property (≤ ${process.env.MAX_OPS} operations each, seed ${process.env.SEED}) in ${seconds} s: ${passed ? 'passed' : 'FAILED'}\n`,
);
process.exitCode = passed ? 0 : 1;
