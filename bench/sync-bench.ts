/**
 * The sync benchmarks (issue #5): `tsx bench/sync-bench.ts [--quick] [--in-process] [--no-sqlite]`.
 *
 * - full: push 2,000 queued creates; pull 10,000 heroes; 10 changed per incremental round;
 *   5 repetitions (`--reps=N` to change), about 1.5–2 minutes on 2 cores;
 * - `--quick`: 200 creates, 1,000 heroes: a smoke run of a few seconds;
 * - `--in-process`: the fake backend shares this process (default: its own process);
 * - `--no-sqlite`: initial pull on the memory adapter only.
 *
 * Prints one table: medians, the raw baseline measured in the same run, the ratio, the target
 * and PASS/MISS.
 */
import { cpus, loadavg } from 'node:os';
import { formatSyncReport } from './sync/report.js';
import { runSyncBench } from './sync/run-sync-bench.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const repsArg = args.find((arg) => arg.startsWith('--reps='));
const repetitions = repsArg ? Number(repsArg.slice('--reps='.length)) : 5;

const environment = `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load ${loadavg()
  .map((v) => v.toFixed(1))
  .join(' ')}, ${quick ? 'quick' : 'full'} run`;
const report = await runSyncBench({
  pushCount: quick ? 200 : 2_000,
  pullCount: quick ? 1_000 : 10_000,
  changes: 10,
  repetitions,
  storages: args.includes('--no-sqlite') ? ['memory'] : ['memory', 'sqlite'],
  backend: args.includes('--in-process') ? 'in-process' : 'process',
  log: (line) => console.error(`… ${line}`),
});
const caveat = quick
  ? '\nquick run: the targets are set for the full sizes (2,000 creates, 10,000 heroes), where fixed costs amortise; PASS/MISS here is indicative only'
  : '';
console.log(`${environment}\n\n${formatSyncReport(report)}${caveat}`);
