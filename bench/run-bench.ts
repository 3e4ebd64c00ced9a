/**
 * Runs every benchmark and returns the rows of the report.
 *
 * Each repetition measures the store and its raw baselines in the same time window (creates:
 * interleaved chunks; cold starts: alternating runs), so machine load and drift affect both
 * alike. Values are medians over the repetitions; ratios are medians of the per-repetition
 * (paired) ratios.
 */
import { loadavg } from 'node:os';
import {
  ADAPTER_KINDS,
  ADAPTER_LABELS,
  type AdapterKind,
  createBenchStore,
  removeTempFiles,
} from './adapters.js';
import type { BenchStore } from './bench-store.js';
import { hasChromium, runInChromium } from './chromium-bench.js';
import { coldStartSamples, seedStore, storedRecordBytes } from './cold-start-bench.js';
import {
  type CreateFootprint,
  type CreateRound,
  measureCreateFootprint,
  recordPut,
  runCreateRound,
} from './create-round.js';
import { footprintRows } from './footprint-rows.js';
import { measureHeap } from './memory-bench.js';
import { median } from './stats.js';
import { collectGarbage, collectYoungGarbage } from './timing.js';

/** What to run. */
export interface BenchOptions {
  /** Creates per timed run; also the number of heroes and of stories for cold start and heap. */
  readonly records: number;
  /** Timed repetitions per measure (medians are reported). */
  readonly repetitions: number;
  /** Creates (and raw writes) per warm-up round, untimed. */
  readonly warmup: number;
  /** @default every adapter */
  readonly adapters?: readonly AdapterKind[];
  /** Also run IndexedDB in real headless Chromium (`'auto'`: when the binary exists). @default false */
  readonly chromium?: boolean | 'auto';
  /** Progress lines. @default none */
  readonly log?: (line: string) => void;
}

/** How a row's target is judged. */
export type Verdict = 'PASS' | 'MISS' | 'info';

/** One line of the report. */
export interface BenchRow {
  readonly benchmark: string;
  readonly adapter: string;
  /** The store's figure. */
  readonly store: number;
  /** The baseline's figure: the raw adapter (or the JSON size, for heap rows). */
  readonly baseline: number;
  readonly unit: 'ops/s' | 'µs' | 'ms' | 'MB' | 'MiB' | 'B';
  /** store time ÷ raw time (for heap rows: heap ÷ JSON size). */
  readonly ratio: number;
  readonly target: string;
  readonly verdict: Verdict;
}

/** The rows plus context lines for the report. */
export interface BenchReport {
  readonly rows: readonly BenchRow[];
  readonly notes: readonly string[];
  readonly seconds: number;
}

const MEMORY_MIN_CREATES_PER_SECOND = 25_000;
const MEMORY_MAX_P99_MICROS = 100;
const MAX_RATIO = 1.5;
const SQLITE_MAX_P99_RATIO = 3;
/** Each side of a create round runs in this many interleaved chunks. */
const CHUNKS = 10;
const CHROMIUM_LABEL = 'IndexedDB (Chromium)';
const CHROMIUM_MAX_CREATES = 2_000;
const CHROMIUM_MAX_REPETITIONS = 3;

const verdict = (ok: boolean): Verdict => (ok ? 'PASS' : 'MISS');
const pairedRatio = (store: readonly number[], raw: readonly number[]): number =>
  median(store.map((value, i) => value / (raw[i] as number)));
const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
const chunkOf = (count: number) => Math.max(1, Math.ceil(count / CHUNKS));

/** Runs the benchmarks. */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const kinds = options.adapters ?? ADAPTER_KINDS;
  const n = options.records;
  const rows: BenchRow[] = [];
  // Cold starts are short and noisier: more samples for the same median quality.
  const coldRepetitions = 2 * options.repetitions - 1;
  const loadBefore = load();
  const footprint = await measureCreateFootprint();
  const puts = footprint.puts
    .map((put) => `${put.key.replace(footprint.localId, '<id>')} (${put.bytes} B)`)
    .join(' + ');
  const notes = [
    `${n} records per run; ${options.repetitions} timed repetitions per create measure, ${coldRepetitions} per cold start; warm-up ${options.warmup} ops per adapter`,
    `one heroes.create writes one batch: ${puts}; the single-key raw write puts a copy of the record's ${recordPut(footprint).bytes}-byte value under a new hero key`,
  ];
  try {
    log('footprint: bytes per record, SQLite file');
    rows.push(...(await footprintRows(n, kinds.includes('sqlite'))));
    for (const kind of kinds) {
      log(`creates: ${ADAPTER_LABELS[kind]}`);
      const rounds = await createRounds(kind, options, footprint);
      rows.push(...createRows(ADAPTER_LABELS[kind], kind === 'memory', n, rounds));
    }
    for (const kind of kinds) {
      log(`cold start: ${ADAPTER_LABELS[kind]} (seeding ${n} heroes + ${n} stories)`);
      const bench = createBenchStore(kind);
      try {
        await seedStore(bench, n, n);
        const samples = await coldStartSamples(bench, 2 * n, coldRepetitions, collectGarbage);
        rows.push(coldStartRow(ADAPTER_LABELS[kind], n, samples));
        if (kind === 'sqlite') {
          log('heap: SQLite');
          rows.push(...(await heapRows(bench, 2 * n, options.repetitions)));
          notes.push(
            'heap rows: over SQLite (records stay off the JS heap until loaded), after full GCs; MB = 1e6 bytes',
          );
        }
      } finally {
        await bench.dispose();
      }
    }
  } finally {
    removeTempFiles();
  }
  if (options.chromium === true || (options.chromium === 'auto' && hasChromium())) {
    // Real IndexedDB commits take about a millisecond: fewer creates keep the run short.
    const creates = Math.min(n, CHROMIUM_MAX_CREATES);
    const repetitions = Math.min(options.repetitions, CHROMIUM_MAX_REPETITIONS);
    log(`IndexedDB in headless Chromium (${creates} creates, ${n}+${n} for the cold start)`);
    const result = await runInChromium({
      records: creates,
      coldRecords: n,
      repetitions,
      warmup: Math.min(options.warmup, creates / 5),
      chunks: CHUNKS,
      footprint,
      withLike: footprint.puts.length > 1,
    });
    rows.push(...createRows(CHROMIUM_LABEL, false, creates, result.rounds));
    rows.push(coldStartRow(CHROMIUM_LABEL, n, result.cold));
    notes.push(
      `IndexedDB (Chromium): headless Chromium ${result.version}, default durability, ${creates} creates per run, ${repetitions} repetitions${result.crossOriginIsolated ? '' : '; NOT cross-origin isolated (coarse timer: latencies unreliable)'}`,
    );
  }
  notes.push(`load average (1/5/15 min): ${loadBefore} at start, ${load()} at end`);
  return { rows, notes, seconds: (performance.now() - started) / 1000 };
}

async function createRounds(
  kind: AdapterKind,
  options: BenchOptions,
  footprint: CreateFootprint,
): Promise<CreateRound[]> {
  const base = {
    newStore: () => createBenchStore(kind),
    footprint,
    // When a create is one put, the single-key write already is "the same puts".
    withLike: footprint.puts.length > 1,
    afterChunk: collectYoungGarbage,
  };
  if (options.warmup > 0) {
    await runCreateRound({ ...base, records: options.warmup, chunk: chunkOf(options.warmup) });
  }
  const rounds: CreateRound[] = [];
  for (let rep = 0; rep < options.repetitions; rep++) {
    const n = options.records;
    rounds.push(await runCreateRound({ ...base, records: n, chunk: chunkOf(n) }));
  }
  return rounds;
}

function createRows(
  label: string,
  memory: boolean,
  n: number,
  rounds: readonly CreateRound[],
): BenchRow[] {
  const store = rounds.map((round) => round.store);
  const raw = rounds.map((round) => round.single);
  const like = rounds.flatMap((round) => (round.like ? [round.like] : []));
  type Field = 'opsPerSecond' | 'p50Micros' | 'p99Micros';
  const values = (runs: typeof store, field: Field) => runs.map((run) => run[field]);
  const perOp = (runs: typeof store) => runs.map((run) => 1 / run.opsPerSecond);
  const throughput = median(values(store, 'opsPerSecond'));
  const throughputRatio = pairedRatio(perOp(store), perOp(raw));
  const p50 = median(values(store, 'p50Micros'));
  const p99 = median(values(store, 'p99Micros'));
  const p99Ratio = pairedRatio(values(store, 'p99Micros'), values(raw, 'p99Micros'));
  const sqlite = label === ADAPTER_LABELS.sqlite;
  const rows: BenchRow[] = [
    {
      benchmark: `heroes.create throughput (${n}, awaited)`,
      adapter: label,
      store: throughput,
      baseline: median(values(raw, 'opsPerSecond')),
      unit: 'ops/s',
      ratio: throughputRatio,
      target: memory
        ? `≥ ${MEMORY_MIN_CREATES_PER_SECOND.toLocaleString('en-US')}/s`
        : `≤ ${MAX_RATIO}× raw write`,
      verdict: verdict(
        memory ? throughput >= MEMORY_MIN_CREATES_PER_SECOND : throughputRatio <= MAX_RATIO,
      ),
    },
    {
      benchmark: 'heroes.create latency p50',
      adapter: label,
      store: p50,
      baseline: median(values(raw, 'p50Micros')),
      unit: 'µs',
      ratio: pairedRatio(values(store, 'p50Micros'), values(raw, 'p50Micros')),
      target: '',
      verdict: 'info',
    },
    {
      benchmark: 'heroes.create latency p99',
      adapter: label,
      store: p99,
      baseline: median(values(raw, 'p99Micros')),
      unit: 'µs',
      ratio: p99Ratio,
      target: memory
        ? `< ${MEMORY_MAX_P99_MICROS} µs`
        : sqlite
          ? `≤ ${SQLITE_MAX_P99_RATIO}× raw`
          : '',
      verdict: memory
        ? verdict(p99 < MEMORY_MAX_P99_MICROS)
        : sqlite
          ? verdict(p99Ratio <= SQLITE_MAX_P99_RATIO)
          : 'info',
    },
  ];
  if (like.length === store.length) {
    rows.push({
      benchmark: '  vs raw batch of the same puts',
      adapter: label,
      store: throughput,
      baseline: median(values(like, 'opsPerSecond')),
      unit: 'ops/s',
      ratio: pairedRatio(perOp(store), perOp(like)),
      target: '',
      verdict: 'info',
    });
  }
  return rows;
}

function coldStartRow(
  label: string,
  n: number,
  samples: { readonly store: readonly number[]; readonly raw: readonly number[] },
): BenchRow {
  const ratio = pairedRatio(samples.store, samples.raw);
  return {
    benchmark: `cold start → first lists (${n}+${n})`,
    adapter: label,
    store: median(samples.store),
    baseline: median(samples.raw),
    unit: 'ms',
    ratio,
    target: `≤ ${MAX_RATIO}× raw scan`,
    verdict: verdict(ratio <= MAX_RATIO),
  };
}

async function heapRows(
  bench: BenchStore,
  expected: number,
  repetitions: number,
): Promise<BenchRow[]> {
  const json = await storedRecordBytes(bench);
  await measureHeap(bench, expected);
  const runs = [];
  for (let rep = 0; rep < repetitions; rep++) runs.push(await measureHeap(bench, expected));
  const n = expected / 2;
  const row = (benchmark: string, bytes: number): BenchRow => ({
    benchmark,
    adapter: ADAPTER_LABELS.sqlite,
    store: bytes / 1e6,
    baseline: json / 1e6,
    unit: 'MB',
    ratio: bytes / json,
    target: '',
    verdict: 'info',
  });
  return [
    row(`heap: store opened (${n}+${n})`, median(runs.map((run) => run.afterOpen))),
    row('heap: + first lists (views kept)', median(runs.map((run) => run.afterLists))),
  ];
}
