/**
 * Cold start: opening a store holding `n` heroes and `n` stories up to the first
 * `heroes.list()` + `stories.list()` result, against the adapter's own scan of the same keys.
 * Every measurement uses a new connection (for memory: the same instance, a new store).
 * No Node APIs: the Chromium page runs this too.
 */
import { createRepositories } from '../src/repositories/create-repositories.js';
import { keyLayout } from '../src/store/keys.js';
import { openLocalStore } from '../src/store/local-store.js';
import type { BenchStore } from './bench-store.js';
import { BENCH_USER, heroRow, storyRow } from './fixtures.js';
import { now } from './stats.js';

const keys = keyLayout(BENCH_USER);
/** The key prefixes of the hero and story records. */
export const RECORD_PREFIXES = [keys.record('heroes', ''), keys.record('stories', '')] as const;

/** Stores `heroCount` synced heroes and `storyCount` synced stories in `bench`. */
export async function seedStore(
  bench: BenchStore,
  heroCount: number,
  storyCount: number,
): Promise<void> {
  const storage = bench.open();
  const store = await openLocalStore({ storage, userId: BENCH_USER });
  const heroRows = Array.from({ length: heroCount }, (_, i) => heroRow(i));
  await store.applyServerRows('heroes', heroRows);
  const storyRows = Array.from({ length: storyCount }, (_, i) => storyRow(i, heroCount));
  await store.applyServerRows('stories', storyRows);
  await store.close();
  await bench.release(storage);
}

/** JSON bytes of every hero and story record stored in `bench`. */
export async function storedRecordBytes(bench: BenchStore): Promise<number> {
  const storage = bench.open();
  let bytes = 0;
  for (const prefix of RECORD_PREFIXES) {
    for (const [, value] of await storage.scan(prefix)) bytes += JSON.stringify(value).length;
  }
  await bench.release(storage);
  return bytes;
}

/**
 * Milliseconds from opening the store to the first heroes + stories lists. `settle` runs first,
 * untimed (Node: a full GC, so every cold start begins with a clean heap as a new process does).
 */
export async function timeStoreColdStart(
  bench: BenchStore,
  expected: number,
  settle: () => void = () => {},
): Promise<number> {
  const storage = bench.open();
  settle();
  const start = now();
  const store = await openLocalStore({ storage, userId: BENCH_USER });
  const { heroes, stories } = createRepositories({ store });
  const found = heroes.list().length + stories.list().length;
  const elapsed = now() - start;
  await store.close();
  await bench.release(storage);
  if (found !== expected)
    throw new Error(`cold start listed ${found} records, expected ${expected}`);
  return elapsed;
}

/** Milliseconds for the adapter's scans of the hero and story prefixes (`settle`: as above). */
export async function timeRawScan(
  bench: BenchStore,
  expected: number,
  settle: () => void = () => {},
): Promise<number> {
  const storage = bench.open();
  settle();
  const start = now();
  let found = 0;
  for (const prefix of RECORD_PREFIXES) found += (await storage.scan(prefix)).length;
  const elapsed = now() - start;
  await bench.release(storage);
  if (found !== expected) throw new Error(`raw scan read ${found} records, expected ${expected}`);
  return elapsed;
}

/** Median-ready samples of alternating raw scans and store cold starts over a seeded store. */
export async function coldStartSamples(
  bench: BenchStore,
  expected: number,
  repetitions: number,
  settle: () => void = () => {},
): Promise<{ store: number[]; raw: number[] }> {
  // Warm-up: one of each (also brings the data into the OS cache).
  await timeRawScan(bench, expected, settle);
  await timeStoreColdStart(bench, expected, settle);
  const raw: number[] = [];
  const store: number[] = [];
  for (let rep = 0; rep < repetitions; rep++) {
    if (rep % 2 === 0) raw.push(await timeRawScan(bench, expected, settle));
    store.push(await timeStoreColdStart(bench, expected, settle));
    if (rep % 2 === 1) raw.push(await timeRawScan(bench, expected, settle));
  }
  return { store, raw };
}
