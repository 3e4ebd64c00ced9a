/** Formats the benchmark rows as one plain-text table. */
import type { BenchReport, BenchRow } from './run-bench.js';

function formatValue(value: number, unit: BenchRow['unit']): string {
  if (!Number.isFinite(value)) return String(value);
  switch (unit) {
    case 'ops/s':
      return `${Math.round(value).toLocaleString('en-US')}/s`;
    case 'µs':
      return `${value.toFixed(1)} µs`;
    case 'ms':
      return `${value.toFixed(1)} ms`;
    case 'MB':
      return `${value.toFixed(1)} MB`;
    case 'MiB':
      return `${value.toFixed(2)} MiB`;
    case 'B':
      return `${Math.round(value)} B`;
  }
}

/**
 * A markdown table: columns as wide as their widest cell, the `numeric` columns right-aligned.
 */
export function markdownTable(
  headers: readonly string[],
  cells: readonly (readonly string[])[],
  numeric: ReadonlySet<number> = new Set(),
): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...cells.map((line) => (line[column] ?? '').length)),
  );
  const render = (line: readonly string[]) =>
    `| ${line
      .map((cell, column) =>
        numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join(' | ')} |`;
  const rule = `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`;
  return [render(headers), rule, ...cells.map(render)].join('\n');
}

const HEADERS = ['benchmark', 'adapter', 'store', 'raw / JSON', 'ratio', 'target', 'result'];

/** The report as a table (with a header, the rows, then the notes). */
export function formatReport(report: BenchReport): string {
  const cells = report.rows.map((row) => [
    row.benchmark,
    row.adapter,
    formatValue(row.store, row.unit),
    formatValue(row.baseline, row.unit),
    `${row.ratio.toFixed(2)}×`,
    row.target || '—',
    row.verdict,
  ]);
  const table = markdownTable(HEADERS, cells, new Set([2, 3, 4]));
  return [
    table,
    '',
    'store/raw: medians over the repetitions; ratio = store time ÷ raw time, the median of the per-repetition ratios',
    '(throughput rows: raw ops/s ÷ store ops/s); heap rows: heap delta ÷ JSON size of the records',
    ...report.notes,
    `total ${report.seconds.toFixed(1)} s`,
  ].join('\n');
}
