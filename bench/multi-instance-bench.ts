/**
 * W1 creates with coordination on (the store writing through the user's change record, a push
 * lease in the storage and a change channel) as a ratio to the same store without it, in the
 * same run, on each adapter: the three stores are timed in interleaved chunks, so machine load
 * affects them alike; this process's CPU time (the figure the targets are about) and wall
 * clock. Each chunk starts on an empty young generation, so it collects its own garbage. Run with
 * `npx tsx bench/multi-instance-bench.ts [creates] [repetitions] [chunk] [adapter]` (larger
 * chunks average out the kernel's CPU-time ticks on a loaded machine; `adapter`: the start of
 * one adapter's label, e.g. `memory`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import 'fake-indexeddb/auto';
import { memoryChangeChannels } from '../src/coordination/change-channel.js';
import { indexedDBStorage } from '../src/storage-adapters/indexeddb-storage.js';
import { memoryStorage } from '../src/storage-adapters/memory-storage.js';
import { sqliteStorage } from '../src/storage-adapters/sqlite-storage.js';
import type { StorageAdapter } from '../src/storage-adapters/storage-adapter.js';
import { type CoordinationMode, openCoordinatedStore } from './coordination/coordinated-store.js';
import { createInterleaved } from './interleaved-creates.js';
import { median } from './stats.js';

const creates = Number(process.argv[2] ?? 300);
const repetitions = Number(process.argv[3] ?? 7);
const dir = mkdtempSync(join(tmpdir(), 'bench-multi-'));
let counter = 0;

const adapters: Record<string, () => StorageAdapter> = {
  memory: () => memoryStorage(),
  'IndexedDB (fake-indexeddb)': () => indexedDBStorage({ dbName: `bench-${++counter}` }),
  'SQLite file': () => sqliteStorage(new Database(join(dir, `bench-${++counter}.db`))),
};
/** The targets: the CPU ratio to the store without coordination, at most. */
const targets: Record<string, number> = {
  memory: 1.05,
  'IndexedDB (fake-indexeddb)': 1.1,
  'SQLite file': 1.05,
};

type Mode = CoordinationMode;

/** A store of `mode` on a new storage (see coordinated-store.ts), timed by the rounds. */
async function openMode(open: () => StorageAdapter, mode: Mode) {
  const opened = await openCoordinatedStore(open(), mode, { channel: memoryChangeChannels() });
  return { mode, ...opened, wall: 0, cpu: 0 };
}

const CHUNK = Number(process.argv[4] ?? 25);

/** One round: `creates` awaited creates on a new store of each mode, interleaved in chunks. */
async function round(open: () => StorageAdapter) {
  const sides = [];
  for (const mode of modes) sides.push(await openMode(open, mode));
  await createInterleaved(sides, creates, CHUNK);
  for (const side of sides) await side.close();
  return sides;
}

const modes: readonly Mode[] = ['single', 'channel', 'polling'];
const loadBefore = loadavg()[0] ?? 0;
const lines = [
  '| adapter | single: wall (ms) | channel: CPU ratio (wall) | polling: CPU ratio (wall) | target (CPU) |',
  '|---|---|---|---|---|',
];
const only = process.argv[5];
for (const [label, open] of Object.entries(adapters)) {
  if (only && !label.startsWith(only)) continue;
  await round(open); // warm-up
  const single: number[] = [];
  const ratios: Record<'channel' | 'polling', { wall: number[]; cpu: number[] }> = {
    channel: { wall: [], cpu: [] },
    polling: { wall: [], cpu: [] },
  };
  for (let r = 0; r < repetitions; r++) {
    const [base, ...others] = await round(open);
    if (!base) continue;
    single.push(base.wall);
    for (const side of others) {
      if (side.mode === 'single') continue;
      ratios[side.mode].wall.push(side.wall / base.wall);
      ratios[side.mode].cpu.push(side.cpu / base.cpu);
    }
  }
  const target = targets[label] ?? 1;
  const cell = (mode: 'channel' | 'polling') => {
    const cpu = median(ratios[mode].cpu);
    const verdict = cpu <= target ? 'met' : 'missed';
    return `**${cpu.toFixed(3)}×** ${verdict} (${median(ratios[mode].wall).toFixed(3)}×)`;
  };
  lines.push(
    `| ${label} | ${median(single).toFixed(1)} | ${cell('channel')} | ${cell('polling')} | ≤ ${target}× |`,
  );
}
rmSync(dir, { recursive: true, force: true });
process.stdout.write(
  `W1: ${creates} awaited creates per store, interleaved in chunks of ${CHUNK}; medians of ${repetitions} rounds of the paired ratios to the store without coordination (load ${loadBefore.toFixed(2)} → ${(loadavg()[0] ?? 0).toFixed(2)})\n${lines.join('\n')}\n`,
);
