/**
 * The storage benchmarks (issue #4): `tsx bench/index.ts [--quick] [--adapters=…] [--chromium]`.
 *
 * - full (default): 10,000 records per run, 5 repetitions (about 1–2 minutes on 2 cores);
 * - `--quick`: 1,000 records, 3 repetitions: a smoke run of a few seconds;
 * - `--adapters=memory,indexeddb,sqlite`: only some of the Node adapters;
 * - IndexedDB in real headless Chromium runs too when `/usr/bin/chromium` (or `CHROMIUM_PATH`)
 *   exists; `--chromium` requires it, `--no-chromium` skips it.
 *
 * Prints one table to stdout (medians, store vs raw adapter, targets, PASS/MISS) and progress
 * to stderr. `--expose-gc` is not needed: the flag is enabled at run time.
 */
import 'fake-indexeddb/auto';
import { cpus } from 'node:os';
import { ADAPTER_KINDS, type AdapterKind, sqliteSettings } from './adapters.js';
import { runBench } from './run-bench.js';
import { formatReport } from './table.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((arg) => arg.startsWith('--adapters='));
const adapters = only
  ? (only.slice('--adapters='.length).split(',') as AdapterKind[])
  : [...ADAPTER_KINDS];
for (const kind of adapters) {
  if (!ADAPTER_KINDS.includes(kind)) {
    console.error(`unknown adapter "${kind}" (use ${ADAPTER_KINDS.join(', ')})`);
    process.exit(2);
  }
}

const environment = `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${quick ? 'quick' : 'full'} run; SQLite ${sqliteSettings()}`;
const report = await runBench({
  records: quick ? 1_000 : 10_000,
  repetitions: quick ? 3 : 5,
  warmup: quick ? 200 : 1_000,
  adapters,
  chromium: args.includes('--no-chromium') ? false : args.includes('--chromium') ? true : 'auto',
  log: (line) => console.error(`… ${line}`),
});
console.log(`${environment}\n\n${formatReport(report)}`);
