/**
 * The media benchmarks (issue #11): `tsx bench/media-bench.ts [--quick]`.
 *
 * - full (default): evict 1,000 entries; a 10 MB download; 50 MB streamed into the file store;
 *   a 10 MB cache hit; 5 repetitions (about a minute on 2 cores);
 * - `--quick`: 200 entries, 2 MB, 10 MB, 2 MB, 3 repetitions;
 * - `--only=download,hit` (any of evict, download, stream, hit): only those benchmarks;
 * - `--reps=N`: repetitions.
 *
 * Prints one table: the SDK's cost, the raw cost of the same work in the same run, the ratio,
 * the target and PASS/MISS.
 */
import { cpus, loadavg } from 'node:os';
import { formatMediaReport, type MediaBenchName, runMediaBench } from './media/run-media-bench.js';

const MB = 1024 * 1024;
const quick = process.argv.includes('--quick');
const value = (name: string) =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const only = value('only')?.split(',') as MediaBenchName[] | undefined;
const reps = value('reps');
const environment = `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load ${loadavg()
  .map((v) => v.toFixed(1))
  .join(' ')}, ${quick ? 'quick' : 'full'} run`;
const rows = await runMediaBench({
  evictEntries: quick ? 200 : 1_000,
  downloadBytes: (quick ? 2 : 10) * MB,
  streamBytes: (quick ? 10 : 50) * MB,
  hitBytes: (quick ? 2 : 10) * MB,
  repetitions: reps ? Number(reps) : quick ? 3 : 5,
  only,
  log: (line) => console.error(`… ${line}`),
});
console.log(`${environment}\n\n${formatMediaReport(rows)}`);
