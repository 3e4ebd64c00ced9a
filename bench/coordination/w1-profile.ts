/**
 * W1 creates on one store of one mode, for a CPU profile of the coordinated write path:
 * `node --cpu-prof --import tsx bench/coordination/w1-profile.ts <sqlite|idb|memory> <mode> [creates]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import 'fake-indexeddb/auto';
import { memoryChangeChannels } from '../../src/coordination/change-channel.js';
import { indexedDBStorage } from '../../src/storage-adapters/indexeddb-storage.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { sqliteStorage } from '../../src/storage-adapters/sqlite-storage.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { type CoordinationMode, openCoordinatedStore } from './coordinated-store.js';

const [kind = 'sqlite', mode = 'polling', count = '20000'] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'w1-profile-'));
const open: Record<string, () => StorageAdapter> = {
  sqlite: () => sqliteStorage(new Database(join(dir, 'w1.db'))),
  idb: () => indexedDBStorage({ dbName: 'w1' }),
  memory: () => memoryStorage(),
};
const opened = await openCoordinatedStore(
  (open[kind] ?? (open.sqlite as () => StorageAdapter))(),
  mode as CoordinationMode,
  { channel: memoryChangeChannels() },
);
const started = process.cpuUsage();
for (let i = 0; i < Number(count); i++) {
  await opened.store.create('heroes', { name: `Hero ${i}`, age: 5, traits: ['brave'] });
}
const used = process.cpuUsage(started);
process.stdout.write(
  `${kind} ${mode}: ${((used.user + used.system) / Number(count)).toFixed(1)} µs CPU per create\n`,
);
await opened.close();
rmSync(dir, { recursive: true, force: true });
