/**
 * The benchmark page for real IndexedDB: bundled by `chromium-bench.ts` and run in headless
 * Chromium. Same rounds and cold starts as in Node, over `indexedDBStorage` on the browser's
 * own IndexedDB.
 */
import { coldStartSamples, seedStore } from './cold-start-bench.js';
import { type CreateFootprint, type CreateRound, runCreateRound } from './create-round.js';
import { indexedDBBenchStore } from './indexeddb-bench-store.js';

/** What the Node side asks the page to run. */
export interface PageRequest {
  /** Creates per round. */
  readonly records: number;
  /** Heroes (and stories) for the cold start. */
  readonly coldRecords: number;
  readonly repetitions: number;
  readonly warmup: number;
  readonly chunks: number;
  readonly footprint: CreateFootprint;
  readonly withLike: boolean;
}

/** What the page measured. */
export interface PageResult {
  readonly rounds: CreateRound[];
  readonly cold: { readonly store: number[]; readonly raw: number[] };
  /** `performance.now()` is only fine-grained in a cross-origin-isolated page. */
  readonly crossOriginIsolated: boolean;
}

let counter = 0;
const newStore = () => indexedDBBenchStore(`bench-${Date.now()}-${++counter}`);

// With `--js-flags=--expose-gc`, charge each chunk its young-generation GC as in Node.
const exposedGc = (globalThis as { gc?: (options?: { type: 'minor' }) => void }).gc;
const afterChunk = exposedGc ? () => exposedGc({ type: 'minor' }) : undefined;

async function runBenchInPage(request: PageRequest): Promise<PageResult> {
  const { records: n, footprint, withLike } = request;
  const chunkOf = (count: number) => Math.max(1, Math.ceil(count / request.chunks));
  const base = { newStore, footprint, withLike, ...(afterChunk ? { afterChunk } : {}) };
  if (request.warmup > 0) {
    await runCreateRound({ ...base, records: request.warmup, chunk: chunkOf(request.warmup) });
  }
  const rounds: CreateRound[] = [];
  for (let rep = 0; rep < request.repetitions; rep++) {
    rounds.push(await runCreateRound({ ...base, records: n, chunk: chunkOf(n) }));
  }
  const bench = newStore();
  try {
    await seedStore(bench, request.coldRecords, request.coldRecords);
    const cold = await coldStartSamples(bench, 2 * request.coldRecords, request.repetitions);
    return { rounds, cold, crossOriginIsolated: globalThis.crossOriginIsolated === true };
  } finally {
    await bench.dispose();
  }
}

(globalThis as { runBenchInPage?: typeof runBenchInPage }).runBenchInPage = runBenchInPage;
