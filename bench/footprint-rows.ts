/** The footprint rows of the storage report (see footprint-bench.ts). */
import { sqliteBenchFile } from './adapters.js';
import {
  type Footprint,
  pendingCreateFootprint,
  sqliteFileFootprint,
  syncedFootprint,
} from './footprint-bench.js';
import type { BenchRow } from './run-bench.js';

const MiB = 1024 * 1024;
const SYNCED_MAX_RATIO = 1.3;
const PENDING_MAX_RATIO = 1.5;
const SQLITE_MAX_MIB = 8;

function bytesRow(benchmark: string, footprint: Footprint, max: number): BenchRow {
  const ratio = footprint.storedBytes / footprint.serverBytes;
  return {
    benchmark,
    adapter: 'any (stored JSON)',
    store: footprint.storedBytes / footprint.records,
    baseline: footprint.serverBytes / footprint.records,
    unit: 'B',
    ratio,
    target: `≤ ${max}× server JSON`,
    verdict: ratio <= max ? 'PASS' : 'MISS',
  };
}

/** Bytes per synced record and per pending create; SQLite file size for `n` synced heroes. */
export async function footprintRows(n: number, sqlite: boolean): Promise<BenchRow[]> {
  const rows = [
    bytesRow('bytes per synced hero', await syncedFootprint(n), SYNCED_MAX_RATIO),
    bytesRow('bytes per pending create', await pendingCreateFootprint(n), PENDING_MAX_RATIO),
  ];
  if (sqlite) {
    const target = sqliteBenchFile();
    try {
      const file = await sqliteFileFootprint(() => target.open(), target.file, n);
      const mib = file.storedBytes / MiB;
      // The target is set for 10k heroes; smaller runs scale it.
      const max = (SQLITE_MAX_MIB * n) / 10_000;
      rows.push({
        benchmark: `SQLite file, ${n} synced heroes`,
        adapter: 'SQLite file WAL',
        store: mib,
        baseline: file.serverBytes / MiB,
        unit: 'MiB',
        ratio: file.storedBytes / file.serverBytes,
        target: `≤ ${max} MiB`,
        verdict: mib <= max ? 'PASS' : 'MISS',
      });
    } finally {
      target.remove();
    }
  }
  return rows;
}
