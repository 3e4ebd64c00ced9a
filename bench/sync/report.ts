/** The sync benchmark's rows and their plain-text table. */

/** How a row's target is judged. */
export type SyncVerdict = 'PASS' | 'MISS' | 'info';

/** One line of the report. */
export interface SyncBenchRow {
  readonly benchmark: string;
  readonly storage: string;
  /** Median time of the SDK, ms. */
  readonly sdkMs: number;
  /** Median time of the baseline (raw, or the SDK's full pull for the incremental rows), ms. */
  readonly baselineMs: number;
  /** Median CPU time of this (client) process during the SDK run / the baseline run, ms. */
  readonly sdkCpuMs: number;
  readonly baselineCpuMs: number;
  /** What the baseline is. */
  readonly baseline: string;
  /** SDK ÷ baseline. */
  readonly ratio: number;
  /** `×` (a ratio) or `%` (a fraction of the full pull). */
  readonly ratioUnit: '×' | '%';
  /** Requests of one SDK run (max over repetitions) and of one baseline run. */
  readonly sdkRequests: number;
  readonly baselineRequests: number | null;
  readonly target: string;
  readonly verdict: SyncVerdict;
  /** Every repetition's SDK time, ms (for the notes). */
  readonly samples: readonly number[];
}

/** Rows plus context lines. */
export interface SyncBenchReport {
  readonly rows: readonly SyncBenchRow[];
  readonly notes: readonly string[];
  readonly seconds: number;
}

/** The median of `values` (NaN when empty). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const ms = (value: number): string =>
  Number.isFinite(value) ? `${value.toFixed(value < 100 ? 1 : 0)} ms` : String(value);

function ratio(row: SyncBenchRow): string {
  if (!Number.isFinite(row.ratio)) return String(row.ratio);
  return row.ratioUnit === '%' ? `${(row.ratio * 100).toFixed(2)} %` : `${row.ratio.toFixed(2)}×`;
}

const HEADERS = [
  'benchmark',
  'storage',
  'SDK',
  'baseline',
  'baseline is',
  'ratio',
  'requests SDK / base',
  'client CPU SDK / base',
  'target',
  'result',
];

/** The report as a table (header, rows, then notes). */
export function formatSyncReport(report: SyncBenchReport): string {
  const cells = report.rows.map((row) => [
    row.benchmark,
    row.storage,
    ms(row.sdkMs),
    ms(row.baselineMs),
    row.baseline,
    ratio(row),
    `${row.sdkRequests} / ${row.baselineRequests ?? '—'}`,
    `${row.sdkCpuMs.toFixed(0)} / ${row.baselineCpuMs.toFixed(0)} ms`,
    row.target,
    row.verdict,
  ]);
  const widths = HEADERS.map((header, column) =>
    Math.max(header.length, ...cells.map((line) => (line[column] ?? '').length)),
  );
  const numeric = new Set([2, 3, 5, 6, 7]);
  const render = (line: readonly string[]): string =>
    `| ${line
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [
    render(HEADERS),
    rule,
    ...cells.map(render),
    '',
    ...report.notes,
    ...report.rows.map(
      (row) =>
        `samples (SDK ms) ${row.benchmark} / ${row.storage}: ${row.samples.map((v) => v.toFixed(1)).join(', ')}`,
    ),
    `total ${report.seconds.toFixed(1)} s`,
  ].join('\n');
}
