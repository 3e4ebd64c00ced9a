/**
 * The soak run of the convergence property (`npm run test:soak`): the same property as CI, with
 * many more runs and longer operation lists. Tune with environment variables:
 *
 * - `NUM_RUNS` — runs (default 5000);
 * - `MAX_OPS` — at most this many operations per run (default 24);
 * - `SEED` — replay one seed (printed by a failure);
 * - `STATS=1` — print totals (conflicts, merges, restarts, lost-ack adoptions…) at the end.
 *
 * @example
 * NUM_RUNS=20000 MAX_OPS=30 npm run test:soak
 */
import { startVitest } from 'vitest/node';

process.env.NUM_RUNS ??= '5000';
process.env.MAX_OPS ??= '24';
process.env.STATS ??= '1';

const started = performance.now();
const vitest = await startVitest('test', ['test/property/convergence.property.test.ts'], {
  run: true,
  watch: false,
});
const passed = vitest.state.getFiles().every((file) => file.result?.state === 'pass');
await vitest.close();
const seconds = ((performance.now() - started) / 1000).toFixed(0);
process.stdout.write(
  `soak: ${process.env.NUM_RUNS} runs (≤ ${process.env.MAX_OPS} operations each) in ${seconds} s: ${passed ? 'passed' : 'FAILED'}\n`,
);
process.exitCode = passed ? 0 : 1;
