/**
 * Progress of long property runs (the soak): with `SOAK_PROGRESS=<file>`, every 50th run of a
 * property appends a line `<time> <property> <runs> <seconds since the first run> seed <SEED>` to
 * that file, so a soak stopped early still tells how many runs it completed, how long each took
 * and which seed they came from.
 */
import { appendFileSync } from 'node:fs';

const counts = new Map<string, { runs: number; started: number }>();

/** Counts one completed run of `property`. */
export function progress(property: string): void {
  const file = process.env.SOAK_PROGRESS;
  if (!file) return;
  const count = counts.get(property) ?? { runs: 0, started: performance.now() };
  count.runs++;
  counts.set(property, count);
  if (count.runs % 50 !== 0) return;
  const seconds = ((performance.now() - count.started) / 1000).toFixed(0);
  appendFileSync(
    file,
    `${new Date().toISOString()} ${property} ${count.runs} ${seconds} seed ${process.env.SEED ?? '-'}\n`,
  );
}
