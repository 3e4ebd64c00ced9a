/**
 * Child process of the SQLite crash test: opens the database file given in argv, runs the
 * deterministic workload and prints `done <index>` after each write whose promise resolved,
 * until the parent kills it with SIGKILL (no close(), no flush).
 */
import Database from 'better-sqlite3';
import { sqliteStorage } from '../../src/storage-adapters/sqlite-storage.js';
import { openLocalStore } from '../../src/store/local-store.js';
import { runWorkload } from './crash-workload.js';

const [file, seed] = process.argv.slice(2);
let n = 0;
let t = Date.parse('2026-01-01T00:00:00.000Z');
const store = await openLocalStore({
  storage: sqliteStorage(new Database(file as string)),
  userId: 'crash',
  newId: () => `id-${++n}`,
  now: () => t++,
});
process.stdout.write('ready\n');
await runWorkload(store, Number(seed), 1_000_000, {
  onDone: (i) => process.stdout.write(`done ${i}\n`),
});
