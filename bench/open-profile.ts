/**
 * W2 of the peer harness in-process, for profiling: `tsx bench/open-profile.ts <memory|sqlite>
 * [--n=10000] [--reps=7] [--synced] [--stories=N] [--fresh] [--wall]`. Seeds n heroes (pending creates, as the harness's W1
 * leaves them; `--synced`: pulled rows), then alternates the raw read (SQLite: a new
 * connection, `SELECT` + `JSON.parse` of the same rows; memory: the adapter's scan) with a cold
 * open of the store + the first `heroes.list()` (`--stories=N`: N synced stories stored too, not
 * listed; `--fresh`: as the harness, one warm-up at n/10 then one measurement per process).
 * Prints open/list times (CPU ms of the process; `--wall`: elapsed) and the ratio.
 * Run under `node --cpu-prof --import tsx` to profile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createRepositories } from '../src/repositories/create-repositories.js';
import { memoryStorage } from '../src/storage-adapters/memory-storage.js';
import { sqliteStorage } from '../src/storage-adapters/sqlite-storage.js';
import type { StorageAdapter } from '../src/storage-adapters/storage-adapter.js';
import { keyLayout } from '../src/store/keys.js';
import { openLocalStore } from '../src/store/local-store.js';
import { BENCH_USER, heroRow, storyRow } from './fixtures.js';
import { median } from './stats.js';
import { collectGarbage } from './timing.js';

const args = process.argv.slice(2);
const kind = args[0] === 'sqlite' ? 'sqlite' : 'memory';
const num = (name: string, fallback: number) => {
  const arg = args.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.slice(name.length + 3)) : fallback;
};
let n = num('n', 10_000);
const reps = num('reps', 7);
const synced = args.includes('--synced');
/** Synced stories stored beside the heroes (not listed). */
const stories = num('stories', 0);
const TRAITS = ['brave', 'kind', 'curious', 'funny', 'smart', 'adventurous', 'creative'];

const dir = mkdtempSync(join(tmpdir(), 'open-profile-'));
let file = join(dir, 'w2.sqlite');
let memory = memoryStorage();
let files = 0;
/** A new, empty store (for the measured run after the warm-up). */
const reset = () => {
  file = join(dir, `w2-${++files}.sqlite`);
  memory = memoryStorage();
};
const open = (): StorageAdapter => (kind === 'memory' ? memory : sqliteStorage(new Database(file)));
/** CPU milliseconds of this process (user + system): steadier than wall time on a busy machine. */
const cpu = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const clock = args.includes('--wall') ? () => performance.now() : cpu;
const release = async (storage: StorageAdapter) => {
  if (kind === 'sqlite') await storage.close();
};

async function seed(): Promise<void> {
  const storage = open();
  const store = await openLocalStore({ storage, userId: BENCH_USER });
  if (synced) {
    await store.applyServerRows(
      'heroes',
      Array.from({ length: n }, (_, i) => heroRow(i)),
    );
  } else {
    const { heroes } = createRepositories({ store });
    for (let i = 0; i < n; i++) {
      await heroes.create({
        name: `Hero ${i}`,
        age: 3 + (i % 10),
        traits: [TRAITS[i % 7] as string, TRAITS[(i + 3) % 7] as string],
      });
    }
  }
  if (stories > 0) {
    await store.applyServerRows(
      'stories',
      Array.from({ length: stories }, (_, i) => storyRow(i, n)),
    );
  }
  await store.close();
  await release(storage);
}

async function raw(): Promise<number> {
  const prefix = keyLayout(BENCH_USER).record('heroes', '');
  const start = clock();
  let count: number;
  if (kind === 'sqlite') {
    const db = new Database(file);
    const texts = db
      .prepare('SELECT value FROM infinitestories_kv WHERE key >= ? AND key < ?')
      .pluck()
      .all(prefix, `${prefix}\uffff`) as string[];
    count = texts.map((text) => JSON.parse(text)).length;
    db.close();
  } else {
    count = (await memory.scan(prefix)).length;
  }
  if (count !== n) throw new Error(`raw read ${count}`);
  return clock() - start;
}

async function cold(): Promise<{ open: number; list: number }> {
  const start = clock();
  const storage = open();
  const store = await openLocalStore({ storage, userId: BENCH_USER });
  const { heroes } = createRepositories({ store });
  const opened = clock();
  const count = heroes.list().length;
  const listed = clock();
  if (count !== n) throw new Error(`listed ${count}`);
  await store.close();
  await release(storage);
  return { open: opened - start, list: listed - opened };
}

if (args.includes('--fresh')) {
  // As the peer harness runs W2: a new process, one warm-up at n/10, then one measurement.
  const full = n;
  n = Math.max(10, Math.round(full / 10));
  await seed();
  await cold();
  await raw();
  n = full;
  reset();
  await seed();
  collectGarbage();
  const r = await raw();
  collectGarbage();
  const c = await cold();
  console.log(JSON.stringify({ kind, raw: r, open: c.open, list: c.list }));
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
await seed();
await raw();
await cold();
const raws: number[] = [];
const colds: Array<{ open: number; list: number }> = [];
for (let rep = 0; rep < reps; rep++) {
  collectGarbage();
  if (rep % 2 === 0) raws.push(await raw());
  collectGarbage();
  colds.push(await cold());
  collectGarbage();
  if (rep % 2 === 1) raws.push(await raw());
}
const totals = colds.map((c) => c.open + c.list);
console.log(
  `${args.includes('--wall') ? 'wall' : 'CPU'} ${kind}${synced ? ' synced' : ' pending'} n=${n}: raw ${median(raws).toFixed(1)} ms, store ${median(totals).toFixed(1)} ms (open ${median(colds.map((c) => c.open)).toFixed(1)} + list ${median(colds.map((c) => c.list)).toFixed(1)}), ratio ${median(totals.map((t, i) => t / (raws[i] as number))).toFixed(2)}×`,
);
rmSync(dir, { recursive: true, force: true });
