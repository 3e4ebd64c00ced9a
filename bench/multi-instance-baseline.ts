/**
 * Single-instance creates of this checkout against another checkout of the SDK (for issue 10:
 * the commit before it), in one process, on each adapter: both stores are loaded side by side
 * and timed in alternating runs (the order swaps every repetition), so machine load affects
 * both alike. Medians, and the median of the paired ratios; the load average is printed.
 *
 * ```
 * npx tsx bench/multi-instance-baseline.ts <other checkout> [creates] [repetitions] [adapter]
 * ```
 *
 * `adapter`: `memory`, `indexeddb` or `sqlite` (default: all three). With `<other checkout>`
 * set to `-`, only this checkout runs (for a CPU profile: `node --cpu-prof --import tsx …`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import 'fake-indexeddb/auto';
import { createInterleaved } from './interleaved-creates.js';
import { median } from './stats.js';

interface Adapter {
  close(): Promise<void>;
}
interface Store {
  create(collection: 'heroes', data: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
}
/** What the benchmark needs of a checkout (the same in both). */
interface Checkout {
  readonly label: string;
  openLocalStore(options: { storage: Adapter; userId: string }): Promise<Store>;
  memoryStorage(): Adapter;
  indexedDBStorage(options: { dbName: string }): Adapter;
  sqliteStorage(db: unknown): Adapter;
}

async function load(root: string, label: string): Promise<Checkout> {
  const from = async (path: string) =>
    (await import(pathToFileURL(join(root, 'src', path)).href)) as Record<string, unknown>;
  const [store, memory, idb, sqlite] = await Promise.all([
    from('store/local-store.ts'),
    from('storage-adapters/memory-storage.ts'),
    from('storage-adapters/indexeddb-storage.ts'),
    from('storage-adapters/sqlite-storage.ts'),
  ]);
  return {
    label,
    openLocalStore: store.openLocalStore as Checkout['openLocalStore'],
    memoryStorage: memory.memoryStorage as Checkout['memoryStorage'],
    indexedDBStorage: idb.indexedDBStorage as Checkout['indexedDBStorage'],
    sqliteStorage: sqlite.sqliteStorage as Checkout['sqliteStorage'],
  };
}

const [other = '-', createsArg, repetitionsArg, only] = process.argv.slice(2);
const creates = Number(createsArg ?? 1000);
const repetitions = Number(repetitionsArg ?? 9);
const dir = mkdtempSync(join(tmpdir(), 'bench-baseline-'));
let counter = 0;

type Kind = 'memory' | 'indexeddb' | 'sqlite';
const KINDS: readonly Kind[] = ['memory', 'indexeddb', 'sqlite'];

function deleteDatabase(name: string): Promise<void> {
  return new Promise((done) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => done();
    request.onerror = () => done();
    request.onblocked = () => done();
  });
}

/** A new, empty store of `kind` from `checkout`, and how to throw it away. */
async function openSide(checkout: Checkout, kind: Kind) {
  const id = ++counter;
  const dbName = `baseline-${process.pid}-${id}`;
  const file = join(dir, `baseline-${id}.db`);
  const storage =
    kind === 'memory'
      ? checkout.memoryStorage()
      : kind === 'indexeddb'
        ? checkout.indexedDBStorage({ dbName })
        : checkout.sqliteStorage(new Database(file));
  const store = await checkout.openLocalStore({ storage, userId: 'bench' });
  return {
    checkout,
    store,
    wall: 0,
    cpu: 0,
    async dispose() {
      await store.close();
      await storage.close();
      if (kind === 'indexeddb') await deleteDatabase(dbName);
      if (kind === 'sqlite')
        for (const end of ['', '-wal', '-shm']) rmSync(file + end, { force: true });
    },
  };
}

/** One round: `creates` awaited creates on a new store of each checkout, interleaved in chunks. */
async function round(kind: Kind, sides: readonly Checkout[]) {
  const opened = [];
  for (const side of sides) opened.push(await openSide(side, kind));
  await createInterleaved(opened, creates, CHUNK);
  for (const side of opened) await side.dispose();
  return opened;
}

const CHUNK = 50;
const here = await load(resolve(import.meta.dirname, '..'), 'this checkout');
const baseline = other === '-' ? undefined : await load(resolve(other), 'baseline');
const sides = baseline ? [here, baseline] : [here];
const kinds = only ? KINDS.filter((kind) => kind === only) : KINDS;
const loadBefore = loadavg()[0] ?? 0;
const lines = [
  '| adapter | this checkout (creates/s, wall) | baseline (creates/s, wall) | wall ratio | CPU ratio |',
  '|---|---|---|---|---|',
];
const rate = (ms: number) => (creates / (ms / 1000)).toFixed(0);
for (const kind of kinds) {
  await round(kind, sides); // warm-up
  const walls: number[][] = sides.map(() => []);
  const wallRatios: number[] = [];
  const cpuRatios: number[] = [];
  for (let r = 0; r < repetitions; r++) {
    const done = await round(kind, sides);
    for (const [i, side] of done.entries()) walls[i]?.push(side.wall);
    const [mine, theirs] = done;
    if (mine && theirs) {
      wallRatios.push(mine.wall / theirs.wall);
      cpuRatios.push(mine.cpu / theirs.cpu);
    }
  }
  const [mine = [], theirs = []] = walls;
  lines.push(
    baseline
      ? `| ${kind} | ${rate(median(mine))} | ${rate(median(theirs))} | ${median(wallRatios).toFixed(3)}× | ${median(cpuRatios).toFixed(3)}× |`
      : `| ${kind} | ${rate(median(mine))} | – | – | – |`,
  );
}
rmSync(dir, { recursive: true, force: true });
process.stdout.write(
  `${creates} awaited creates per store and round, interleaved in chunks of ${CHUNK}; medians of ${repetitions} rounds (ratios: this ÷ baseline, time per create; load ${loadBefore.toFixed(
    2,
  )} → ${(loadavg()[0] ?? 0).toFixed(2)})\n${lines.join('\n')}\n`,
);
