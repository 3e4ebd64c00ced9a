/**
 * Optimistic create throughput: `heroes.create()` awaited one at a time on a fresh store, against
 * the adapter's own single-key write (`batch([{ type: 'put' }])`, awaited) of the same value.
 * No Node APIs: the Chromium page runs this too.
 */
import { createRepositories } from '../src/repositories/create-repositories.js';
import type { CreateHeroInput } from '../src/schemas/hero.js';
import { memoryStorage } from '../src/storage-adapters/memory-storage.js';
import type {
  JsonValue,
  StorageAdapter,
  StorageOp,
} from '../src/storage-adapters/storage-adapter.js';
import { uuidv7 } from '../src/store/ids.js';
import { keyLayout } from '../src/store/keys.js';
import { openLocalStore } from '../src/store/local-store.js';
import type { BenchStore } from './bench-store.js';
import { BENCH_USER, heroInput } from './fixtures.js';
import { now, percentile } from './stats.js';

/** One timed run of `n` sequential awaited operations. */
export interface WriteRun {
  readonly opsPerSecond: number;
  /** Median latency, µs. */
  readonly p50Micros: number;
  /** 99th-percentile latency, µs. */
  readonly p99Micros: number;
}

function summarise(latencies: Float64Array, totalMs: number): WriteRun {
  return {
    opsPerSecond: latencies.length / (totalMs / 1000),
    p50Micros: percentile(latencies, 50) * 1000,
    p99Micros: percentile(latencies, 99) * 1000,
  };
}

/** What one create writes: the puts of its batch (key, JSON size, JSON text), in order. */
export interface CreateFootprint {
  readonly puts: ReadonlyArray<{
    readonly key: string;
    readonly bytes: number;
    readonly json: string;
  }>;
  /** The local id of the created hero (appears in its record key). */
  readonly localId: string;
}

/**
 * Creates one hero on a memory store, recording the batch it writes. Learned by watching the
 * adapter, so the benchmark follows whatever storage format the store uses.
 */
export async function measureCreateFootprint(): Promise<CreateFootprint> {
  const inner = memoryStorage();
  let last: readonly StorageOp[] = [];
  const storage: StorageAdapter = {
    get: (key) => inner.get(key),
    getMany: (keys) => inner.getMany(keys),
    scan: (prefix) => inner.scan(prefix),
    batch: (ops) => {
      last = ops;
      return inner.batch(ops);
    },
    close: () => inner.close(),
  };
  try {
    const store = await openLocalStore({ storage, userId: BENCH_USER });
    const hero = await createRepositories({ store }).heroes.create(heroInput(0));
    await store.close();
    const puts = last.flatMap((op) => {
      if (op.type !== 'put') return [];
      const json = JSON.stringify(op.value);
      return [{ key: op.key, bytes: json.length, json }];
    });
    return { puts, localId: hero.id };
  } finally {
    await inner.close();
  }
}

/**
 * The raw write compared with a create: `single` puts, under a new hero key, a copy of the
 * value a create stores for its record (same shape and size: the adapter's own single-key write
 * of a hero); `like` repeats every put one create makes (same key shapes, same values), which
 * isolates the store's own overhead when a create writes more than one key.
 */
export type RawWriteShape = {
  readonly kind: 'single' | 'like';
  readonly footprint: CreateFootprint;
};

/** A fresh key shaped like `key` (a create's key) for the `i`-th raw batch. */
function keyLike(key: string, localId: string, newId: string, i: number): string {
  if (key.includes(localId)) return key.replace(localId, newId);
  const digits = /\d+$/.exec(key);
  if (digits) return key.slice(0, digits.index) + String(i + 1).padStart(digits[0].length, '0');
  return `${key}/${i}`;
}

/** The put of the hero's own record in a create, else its largest put. */
export function recordPut(footprint: CreateFootprint): CreateFootprint['puts'][number] {
  const own = footprint.puts.find((put) => put.key.includes(footprint.localId));
  const largest = [...footprint.puts].sort((a, b) => b.bytes - a.bytes)[0];
  const put = own ?? largest;
  if (!put) throw new Error('a create wrote nothing');
  return put;
}

/** The raw batch number `i` of `shape`: copies of the create's values under fresh ids. */
function rawBatch(shape: RawWriteShape, i: number): StorageOp[] {
  const { footprint } = shape;
  const newId = uuidv7();
  const puts = shape.kind === 'single' ? [recordPut(footprint)] : footprint.puts;
  return puts.map((put) => ({
    type: 'put',
    key: keyLike(put.key, footprint.localId, newId, i),
    value: JSON.parse(put.json.replaceAll(footprint.localId, newId)) as JsonValue,
  }));
}

/** One side of a create round: a fresh store, and its `i`-th operation. */
interface Side {
  readonly name: 'store' | 'single' | 'like';
  run(i: number): Promise<unknown>;
  /** Checks the stored result and releases everything. */
  finish(): Promise<void>;
  readonly latencies: Float64Array;
  elapsed: number;
}

async function storeSide(bench: BenchStore, n: number): Promise<Side> {
  const store = await openLocalStore({ storage: bench.open(), userId: BENCH_USER });
  const { heroes } = createRepositories({ store });
  const inputs = Array.from({ length: n }, (_, i) => heroInput(i));
  return {
    name: 'store',
    run: (i) => heroes.create(inputs[i] as CreateHeroInput),
    async finish() {
      const stored = heroes.list().length;
      await store.close();
      await bench.dispose();
      if (stored !== n) throw new Error(`expected ${n} heroes after the run, found ${stored}`);
    },
    latencies: new Float64Array(n),
    elapsed: 0,
  };
}

async function rawSide(bench: BenchStore, n: number, shape: RawWriteShape): Promise<Side> {
  const storage = bench.open();
  const keys = keyLayout(BENCH_USER);
  // Open the connection first, as opening a store does.
  await storage.get(keys.format);
  const batches = Array.from({ length: n }, (_, i) => rawBatch(shape, i));
  const written = new Set(batches.flatMap((ops) => ops.map((op) => op.key))).size;
  return {
    name: shape.kind,
    run: (i) => storage.batch(batches[i] as StorageOp[]),
    async finish() {
      const stored = (await storage.scan(keys.prefix)).length;
      await bench.dispose();
      if (stored !== written) {
        throw new Error(`expected ${written} raw keys after the run, found ${stored}`);
      }
    },
    latencies: new Float64Array(n),
    elapsed: 0,
  };
}

/** The results of one create round. */
export interface CreateRound {
  readonly store: WriteRun;
  /** The single-key raw write. */
  readonly single: WriteRun;
  /** The raw batch of the same puts as a create (only when asked for). */
  readonly like?: WriteRun;
}

/** How to run one create round. */
export interface CreateRoundOptions {
  /** A new, empty store (one per side). */
  readonly newStore: () => BenchStore;
  readonly records: number;
  /** Operations per interleaved chunk. */
  readonly chunk: number;
  readonly footprint: CreateFootprint;
  /** Also run the raw batch of the same puts as a create. */
  readonly withLike: boolean;
  /** Runs after each chunk, timed as part of it (Node: a young-generation GC). */
  readonly afterChunk?: () => void;
}

/**
 * One round: `records` awaited `heroes.create()` on a fresh store, and as many awaited raw
 * batches on fresh stores of the same kind, interleaved in chunks with a rotating order so that
 * every side sees the same machine conditions. `afterChunk` (a young-generation GC in Node) is
 * charged to the chunk's side: each side pays for its own garbage, never for another's.
 */
export async function runCreateRound(options: CreateRoundOptions): Promise<CreateRound> {
  const { records: n, chunk, footprint } = options;
  const sides: Side[] = [
    await rawSide(options.newStore(), n, { kind: 'single', footprint }),
    await storeSide(options.newStore(), n),
  ];
  if (options.withLike)
    sides.push(await rawSide(options.newStore(), n, { kind: 'like', footprint }));
  const afterChunk = options.afterChunk ?? (() => {});
  try {
    afterChunk();
    for (let start = 0, turn = 0; start < n; start += chunk, turn++) {
      const end = Math.min(n, start + chunk);
      for (let k = 0; k < sides.length; k++) {
        const side = sides[(turn + k) % sides.length] as Side;
        const begin = now();
        for (let i = start; i < end; i++) {
          const t = now();
          await side.run(i);
          side.latencies[i] = now() - t;
        }
        afterChunk();
        side.elapsed += now() - begin;
      }
    }
  } finally {
    for (const side of sides) await side.finish();
  }
  const result = (name: Side['name']) => {
    const side = sides.find((s) => s.name === name);
    return side && summarise(side.latencies, side.elapsed);
  };
  const like = result('like');
  return {
    store: result('store') as WriteRun,
    single: result('single') as WriteRun,
    ...(like ? { like } : {}),
  };
}
