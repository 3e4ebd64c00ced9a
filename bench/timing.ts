/** Garbage-collection helpers for the Node side of the benchmarks. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type GcFunction = (options?: { type: 'major' | 'minor' }) => void;
let gcFunction: GcFunction | undefined;

/**
 * node's `gc`: `global.gc` when node runs with `--expose-gc`; otherwise the flag is enabled at
 * run time and `gc` taken from a fresh context (works in vitest workers too).
 */
function gc(): GcFunction {
  if (!gcFunction) {
    const exposed = (globalThis as { gc?: GcFunction }).gc;
    if (typeof exposed === 'function') {
      gcFunction = exposed;
    } else {
      setFlagsFromString('--expose-gc');
      gcFunction = runInNewContext('gc') as GcFunction;
    }
  }
  return gcFunction;
}

/** A full garbage collection (twice: the first can leave weak entries for the second). */
export function collectGarbage(): void {
  gc()();
  gc()();
}

/** A young-generation collection (scavenge): empties the nursery. */
export function collectYoungGarbage(): void {
  gc()({ type: 'minor' });
}

/** Heap in use after a full GC, in bytes. */
export function settledHeapUsed(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}
