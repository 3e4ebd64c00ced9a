/** Storage for the pull benchmarks: memory, or a better-sqlite3 file (WAL) in a temp dir. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { sqliteStorage } from '../../src/storage-adapters/sqlite-storage.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';

/** The adapters the pull benchmarks run on. */
export type PullStorageKind = 'memory' | 'sqlite';

/** Display names. */
export const STORAGE_LABELS: Readonly<Record<PullStorageKind, string>> = {
  memory: 'memory',
  sqlite: 'SQLite file WAL',
};

/** A fresh, empty storage and the function that closes and deletes it. */
export interface BenchStorage {
  readonly storage: StorageAdapter;
  dispose(): Promise<void>;
}

let dir: string | undefined;
let files = 0;

/** A new empty storage of `kind`. */
export function createStorage(kind: PullStorageKind): BenchStorage {
  if (kind === 'memory') {
    const storage = memoryStorage();
    return { storage, dispose: () => storage.close() };
  }
  dir ??= mkdtempSync(join(tmpdir(), 'infinitestories-sync-bench-'));
  const file = join(dir, `pull-${++files}.sqlite`);
  const storage = sqliteStorage(new Database(file));
  return {
    storage,
    async dispose() {
      await storage.close();
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    },
  };
}

/** Removes the temporary directory (call once at the end). */
export function removeStorageFiles(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
}
