/**
 * The migration benchmark (issue #12): `tsx bench/migration-bench.ts [--quick] [--in-process]
 * [--reps=N]`.
 *
 * - full: 100 heroes + 1,000 stories (2,000 characters each), 5 repetitions;
 * - `--quick`: 20 heroes + 200 stories, 3 repetitions;
 * - `--in-process`: the fake backend shares this process (default: its own process).
 */
import { cpus, loadavg } from 'node:os';
import { formatMigrationReport, runMigrationBench } from './migration/run-migration-bench.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const repsArg = args.find((arg) => arg.startsWith('--reps='));
const repetitions = repsArg ? Number(repsArg.slice('--reps='.length)) : quick ? 3 : 5;
const backend = args.includes('--in-process') ? 'in-process' : 'process';
const environment = `node ${process.version}, ${cpus().length} CPUs, load ${loadavg()
  .map((v) => v.toFixed(1))
  .join(' ')}, backend ${backend === 'process' ? 'in its own process' : 'in this process'}`;
const report = await runMigrationBench({
  heroes: quick ? 20 : 100,
  stories: quick ? 200 : 1_000,
  repetitions,
  backend,
  log: (line) => console.error(`… ${line}`),
});
console.log(formatMigrationReport(report, environment));
