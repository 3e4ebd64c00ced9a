/**
 * Heap cost of a loaded store: the heap delta (after full GCs) of opening a store over
 * persisted records, then of its first `heroes.list()` + `stories.list()` (the views they
 * build stay cached for as long as the records live).
 */
import { createRepositories } from '../src/repositories/create-repositories.js';
import { openLocalStore } from '../src/store/local-store.js';
import type { BenchStore } from './bench-store.js';
import { BENCH_USER } from './fixtures.js';
import { settledHeapUsed } from './timing.js';

/** Heap deltas in bytes. */
export interface HeapRun {
  /** After opening the store (its in-memory state). */
  readonly afterOpen: number;
  /** After opening and listing both collections, results kept alive. */
  readonly afterLists: number;
}

/** Measures one open + list of `bench` (best on an adapter that keeps data off the JS heap). */
export async function measureHeap(bench: BenchStore, expected: number): Promise<HeapRun> {
  const storage = bench.open();
  const before = settledHeapUsed();
  const store = await openLocalStore({ storage, userId: BENCH_USER });
  const afterOpen = settledHeapUsed();
  const { heroes, stories } = createRepositories({ store });
  const lists = [heroes.list(), stories.list()];
  const afterLists = settledHeapUsed();
  const found = (lists[0]?.length ?? 0) + (lists[1]?.length ?? 0);
  await store.close();
  await bench.release(storage);
  if (found !== expected) throw new Error(`heap run listed ${found} records, expected ${expected}`);
  return { afterOpen: afterOpen - before, afterLists: afterLists - before };
}
