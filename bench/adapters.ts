/**
 * The three storage adapters under test, each behind the same small interface: create an empty
 * store, reopen it (a new connection, as after an app restart), and throw it away.
 *
 * - memory: `memoryStorage()`; "reopening" keeps the same instance (its data lives in it).
 * - indexeddb: `indexedDBStorage()` over fake-indexeddb (the caller loads `fake-indexeddb/auto`),
 *   one database per instance, deleted on dispose.
 * - sqlite: `sqliteStorage()` over a better-sqlite3 file in a temporary directory (WAL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { memoryStorage } from '../src/storage-adapters/memory-storage.js';
import { sqliteStorage } from '../src/storage-adapters/sqlite-storage.js';
import type { StorageAdapter } from '../src/storage-adapters/storage-adapter.js';
import type { BenchStore } from './bench-store.js';
import { indexedDBBenchStore } from './indexeddb-bench-store.js';

/** The adapters the benchmarks run on. */
export const ADAPTER_KINDS = ['memory', 'indexeddb', 'sqlite'] as const;

/** One of {@link ADAPTER_KINDS}. */
export type AdapterKind = (typeof ADAPTER_KINDS)[number];

/** Display names. */
export const ADAPTER_LABELS: Readonly<Record<AdapterKind, string>> = {
  memory: 'memory',
  indexeddb: 'IndexedDB (fake)',
  sqlite: 'SQLite file WAL',
};

let counter = 0;
let tempDir: string | undefined;

function benchTempDir(): string {
  tempDir ??= mkdtempSync(join(tmpdir(), 'infinitestories-bench-'));
  return tempDir;
}

/** Removes the temporary directory of the SQLite files (call once at the end). */
export function removeTempFiles(): void {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  tempDir = undefined;
}

/** A new, empty store of `kind`. */
export function createBenchStore(kind: AdapterKind): BenchStore {
  counter++;
  const opened: StorageAdapter[] = [];
  const track = (adapter: StorageAdapter): StorageAdapter => {
    opened.push(adapter);
    return adapter;
  };
  const release = async (adapter: StorageAdapter) => {
    const at = opened.indexOf(adapter);
    if (at >= 0) opened.splice(at, 1);
    await adapter.close();
  };
  const closeAll = async () => {
    for (const adapter of opened.splice(0)) await adapter.close().catch(() => {});
  };

  switch (kind) {
    case 'memory': {
      const storage = memoryStorage();
      return {
        open: () => storage,
        release: async () => {},
        dispose: () => storage.close(),
      };
    }
    case 'indexeddb':
      return indexedDBBenchStore(`infinitestories-bench-${process.pid}-${counter}`);
    case 'sqlite': {
      const file = join(benchTempDir(), `bench-${counter}.sqlite`);
      return {
        open: () => track(sqliteStorage(new Database(file))),
        release,
        async dispose() {
          await closeAll();
          for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
        },
      };
    }
  }
}

/** What the SQLite connections run with (journal mode and `synchronous`), for the report. */
export function sqliteSettings(): string {
  const file = join(benchTempDir(), 'settings-probe.sqlite');
  const db = new Database(file);
  try {
    sqliteStorage(db, { closeDatabase: false });
    const mode = db.pragma('journal_mode', { simple: true });
    const sync = db.pragma('synchronous', { simple: true });
    const names: Record<number, string> = { 0: 'OFF', 1: 'NORMAL', 2: 'FULL', 3: 'EXTRA' };
    return `journal_mode=${String(mode)}, synchronous=${names[Number(sync)] ?? String(sync)}`;
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  }
}

/** A new SQLite file in the benchmarks' temporary directory, and how to open it. */
export function sqliteBenchFile(): {
  readonly file: string;
  open(): StorageAdapter;
  remove(): void;
} {
  counter++;
  const file = join(benchTempDir(), `footprint-${counter}.sqlite`);
  return {
    file,
    open: () => sqliteStorage(new Database(file)),
    remove: () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    },
  };
}
