/**
 * W1 creates with coordination on (the store writing through the user's change record, a push
 * lease in the storage and a change channel) as a ratio to the same store without it, in the
 * same run, on each adapter. Run with
 * `npx tsx bench/multi-instance-bench.ts [creates] [repetitions]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import 'fake-indexeddb/auto';
import { memoryChangeChannels } from '../src/coordination/change-channel.js';
import { openCoordinatedStorage } from '../src/coordination/coordinated-storage.js';
import { storagePushLease } from '../src/coordination/push-lease.js';
import { shareStore } from '../src/coordination/share-store.js';
import { indexedDBStorage } from '../src/storage-adapters/indexeddb-storage.js';
import { memoryStorage } from '../src/storage-adapters/memory-storage.js';
import { sqliteStorage } from '../src/storage-adapters/sqlite-storage.js';
import type { StorageAdapter } from '../src/storage-adapters/storage-adapter.js';
import { openLocalStore } from '../src/store/local-store.js';
import { median, now } from './stats.js';

const creates = Number(process.argv[2] ?? 300);
const repetitions = Number(process.argv[3] ?? 7);
const dir = mkdtempSync(join(tmpdir(), 'bench-multi-'));
let counter = 0;

const adapters: Record<string, () => StorageAdapter> = {
  memory: () => memoryStorage(),
  'IndexedDB (fake-indexeddb)': () => indexedDBStorage({ dbName: `bench-${++counter}` }),
  'SQLite file': () => sqliteStorage(new Database(join(dir, `bench-${++counter}.db`))),
};

type Mode = 'single' | 'channel' | 'polling';

/**
 * `channel`: a change channel, so the store's transactions only read the gate; `polling`: no
 * channel, so they also bump the change counter (the Node default).
 */
async function w1(open: () => StorageAdapter, mode: Mode): Promise<number> {
  const storage = open();
  // As the client does it: the store writes through the user's change record.
  const shared =
    mode === 'single'
      ? undefined
      : await openCoordinatedStorage(storage, 'bench', { count: mode === 'polling' });
  const store = await openLocalStore({ storage: shared?.storage ?? storage, userId: 'bench' });
  const sharing = shared
    ? shareStore({
        store,
        clientId: 'a',
        lock: storagePushLease({ storage, key: 'c/bench/push', owner: 'a', now: Date.now }),
        channel: mode === 'channel' ? memoryChangeChannels()() : undefined,
        changes: shared,
        pollMs: 60_000, // the bench measures the writes, not the polls
      })
    : undefined;
  await sharing?.tick();
  const start = now();
  for (let i = 0; i < creates; i++) {
    await store.create('heroes', { name: `Hero ${i}`, age: 5, traits: ['brave'] });
  }
  const elapsed = now() - start;
  await sharing?.close();
  await store.close();
  await storage.close();
  return elapsed;
}

const modes: readonly Mode[] = ['single', 'channel', 'polling'];
const lines = [
  '| adapter | single (ms) | with channel (ms) | polling (ms) | channel ratio | polling ratio |',
  '|---|---|---|---|---|---|',
];
for (const [label, open] of Object.entries(adapters)) {
  for (const mode of modes) await w1(open, mode);
  const times: Record<Mode, number[]> = { single: [], channel: [], polling: [] };
  for (let r = 0; r < repetitions; r++) {
    for (const mode of modes) times[mode].push(await w1(open, mode));
  }
  const [a, b, c] = modes.map((mode) => median(times[mode])) as [number, number, number];
  lines.push(
    `| ${label} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${c.toFixed(1)} | ${(b / a).toFixed(3)}× | ${(c / a).toFixed(3)}× |`,
  );
}
rmSync(dir, { recursive: true, force: true });
process.stdout.write(
  `W1: ${creates} awaited creates, median of ${repetitions}\n${lines.join('\n')}\n`,
);
