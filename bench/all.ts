/**
 * `npm run bench`: every benchmark in one run — storage, sync, media, migration, cross-tab
 * latency in Chromium — printed as one markdown table (medians, percentiles where named; each
 * SDK figure beside the raw cost of the same work measured in the same run, and their ratio)
 * with the machine it ran on and its load. `--quick` runs the small sizes (a smoke run;
 * targets are set for the full sizes). Each area's own script (`npm run bench:store`,
 * `bench:sync`, `bench:media`, `bench:migration`, `bench:tabs`) prints its detailed table and
 * notes.
 */
import 'fake-indexeddb/auto';
import { cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';
import { ADAPTER_KINDS } from './adapters.js';
import { hasChromium } from './chromium-bench.js';
import {
  INDEXEDDB_TARGET,
  runCoordinatedCreatesInChromium,
} from './coordination/chromium-creates.js';
import type { Mode } from './coordination/chromium-creates-page.js';
import { formatPaired, pairedRatio } from './coordination/paired-ratios.js';
import { runMediaBench } from './media/run-media-bench.js';
import { runMigrationBench } from './migration/run-migration-bench.js';
import { runBench } from './run-bench.js';
import { runSyncBench } from './sync/run-sync-bench.js';
import { markdownTable } from './table.js';
import { runTabsBench } from './tabs/run-tabs-bench.js';

const MB = 1024 * 1024;
const quick = process.argv.includes('--quick');
const log = (line: string): void => {
  process.stderr.write(`… ${line}\n`);
};

/** One line of the combined table. */
interface Row {
  area: string;
  benchmark: string;
  variant: string;
  sdk: string;
  raw: string;
  ratio: string;
  target: string;
  result: string;
}

const value = (v: number, unit: string): string => {
  if (!Number.isFinite(v)) return String(v);
  if (unit === 'ops/s') return `${Math.round(v).toLocaleString('en-US')}/s`;
  return `${v.toFixed(v < 100 ? 1 : 0)} ${unit}`;
};
const times = (ratio: number): string => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '—');

async function storeRows(): Promise<Row[]> {
  const report = await runBench({
    records: quick ? 1_000 : 10_000,
    repetitions: quick ? 3 : 5,
    warmup: quick ? 200 : 1_000,
    adapters: [...ADAPTER_KINDS],
    chromium: 'auto',
    log,
  });
  return report.rows.map((row) => ({
    area: 'store',
    benchmark: row.benchmark,
    variant: row.adapter,
    sdk: value(row.store, row.unit),
    raw: value(row.baseline, row.unit),
    ratio: times(row.ratio),
    target: row.target || '—',
    result: row.verdict,
  }));
}

async function syncRows(): Promise<Row[]> {
  const report = await runSyncBench({
    pushCount: quick ? 200 : 2_000,
    pullCount: quick ? 1_000 : 10_000,
    changes: 10,
    repetitions: quick ? 3 : 5,
    storages: ['memory', 'sqlite'],
    backend: 'process',
    log,
  });
  return report.rows.map((row) => ({
    area: 'sync',
    benchmark: row.benchmark,
    variant: row.storage,
    sdk: value(row.sdkMs, 'ms'),
    raw: `${value(row.baselineMs, 'ms')} (${row.baseline})`,
    ratio: row.ratioUnit === '%' ? `${(row.ratio * 100).toFixed(2)} %` : times(row.ratio),
    target: row.target || '—',
    result: row.verdict,
  }));
}

async function mediaRows(): Promise<Row[]> {
  const rows = await runMediaBench({
    evictEntries: quick ? 200 : 1_000,
    downloadBytes: (quick ? 2 : 10) * MB,
    streamBytes: (quick ? 10 : 50) * MB,
    hitBytes: (quick ? 2 : 10) * MB,
    repetitions: quick ? 3 : 5,
    log,
  });
  return rows.map((row) => ({
    area: 'media',
    benchmark: row.benchmark,
    variant: row.store,
    sdk: value(row.sdk, row.unit),
    raw: value(row.raw, row.unit),
    ratio: times(row.ratio),
    target: row.target || '—',
    result: row.verdict,
  }));
}

async function migrationRows(): Promise<Row[]> {
  const report = await runMigrationBench({
    heroes: quick ? 20 : 100,
    stories: quick ? 200 : 1_000,
    repetitions: quick ? 3 : 5,
    backend: 'process',
    log,
  });
  return [
    {
      area: 'migration',
      benchmark: `${report.heroes} heroes + ${report.stories} stories`,
      variant: `${report.migrationRequests} / ${report.rawRequests} requests`,
      sdk: value(report.migrationMs, 'ms'),
      raw: value(report.rawMs, 'ms'),
      ratio: times(report.ratio),
      target: `≤ ${report.target}×`,
      result: report.verdict,
    },
    {
      area: 'migration',
      benchmark: `${report.heroes} heroes + ${report.stories} stories, vs raw batches + raw read-back`,
      variant: 'the verification reads every row back',
      sdk: value(report.migrationMs, 'ms'),
      raw: value(report.rawMs + report.rawReadBackMs, 'ms'),
      ratio: times(report.ratioWithReadBack),
      target: '—',
      result: 'info',
    },
  ];
}

async function tabsRows(): Promise<Row[]> {
  if (!hasChromium()) {
    log('cross-tab latency: no Chromium, skipped');
    return [];
  }
  const report = await runTabsBench({
    samples: quick ? 60 : 300,
    warmup: quick ? 10 : 30,
    log,
  });
  const row = (name: 'p50' | 'p95', target: string, result: string): Row => ({
    area: 'tabs',
    benchmark: `cross-tab visibility ${name} (${report.sdk.samples} samples)`,
    variant: `Chromium ${report.version}`,
    sdk: value(report.sdk[name], 'ms'),
    raw: `${value(report.raw[name], 'ms')} (IndexedDB + BroadcastChannel)`,
    ratio: times(report.sdk[name] / report.raw[name]),
    target,
    result,
  });
  return [
    row('p50', '—', 'info'),
    row('p95', `< ${report.targetP95} ms`, report.verdict),
    ...(await coordinatedCreateRows()),
  ];
}

/**
 * W1 creates with coordination on in Chromium, as a ratio to the same store without it: the
 * median of turn-paired chunk ratios (chunks of 5 creates, each turn's chunks back to back) with
 * its 95 % interval, and an A/A line (a second store without coordination) as the noise floor.
 */
async function coordinatedCreateRows(): Promise<Row[]> {
  log('W1 creates with coordination, Chromium');
  const creates = quick ? 200 : 1_000;
  const report = await runCoordinatedCreatesInChromium({
    creates,
    chunk: 5,
    repetitions: quick ? 3 : 6,
  });
  const single = report.singleMsPerCreate * 1000;
  const row = (mode: Mode, setup: string, target: string, pass?: number): Row => {
    const paired = pairedRatio(report.turns, report.modes.indexOf(mode));
    const verdict = pass === undefined ? 'info' : paired.median <= pass ? 'PASS' : 'MISS';
    return {
      area: 'tabs',
      benchmark: `heroes.create with coordination, ${setup} (${creates} × ${report.rounds}, awaited, ${paired.pairs} paired chunks of 5, wall)`,
      variant: `Chromium ${report.version}`,
      sdk: value(single * paired.median, 'µs'),
      raw: `${value(single, 'µs')} (the store without coordination)`,
      ratio: formatPaired(paired),
      target,
      result: verdict,
    };
  };
  return [
    row('channel', 'Web Lock + BroadcastChannel', `≤ ${INDEXEDDB_TARGET}×`, INDEXEDDB_TARGET),
    row('polling', 'no channel (the counter in each write)', '—'),
    row('again', 'none (A/A: a second store without it)', '—'),
  ];
}

const started = Date.now();
const rows = [
  ...(await storeRows()),
  ...(await syncRows()),
  ...(await mediaRows()),
  ...(await migrationRows()),
  ...(await tabsRows()),
];
const cpu = cpus();
const machine = [
  `node ${process.version} on ${platform()} ${release()}`,
  `${cpu.length} CPUs (${cpu[0]?.model ?? '?'})`,
  `${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM (${(freemem() / 1024 ** 3).toFixed(1)} free)`,
  `load ${loadavg()
    .map((v) => v.toFixed(1))
    .join(' ')}`,
  `${quick ? 'quick' : 'full'} run, ${((Date.now() - started) / 1000).toFixed(0)} s`,
].join(', ');
const headers = [
  'area',
  'benchmark',
  'variant',
  'SDK',
  'raw baseline',
  'ratio',
  'target',
  'result',
];
const cells = rows.map((r) => [
  r.area,
  r.benchmark,
  r.variant,
  r.sdk,
  r.raw,
  r.ratio,
  r.target,
  r.result,
]);
console.log(
  [
    `**Machine:** ${machine}`,
    '',
    markdownTable(headers, cells, new Set([3, 5])),
    '',
    'Medians over the repetitions. ratio = SDK ÷ raw baseline measured in the same run (throughput',
    'rows: raw ops/s ÷ SDK ops/s; heap rows: heap ÷ JSON size; `%` rows: a share of the full pull;',
    'tabs rows: percentiles over the samples, a write in one tab until the other tab sees it; the',
    'coordination rows: the median of turn-paired wall-time ratios of chunks of creates, with its',
    '95 % interval; the A/A row is the same for two stores without coordination, the noise floor).',
    quick ? 'Quick run: targets are set for the full sizes, so PASS/MISS is indicative only.' : '',
  ]
    .filter((line, i, all) => line !== '' || i < all.length - 1)
    .join('\n'),
);
