import { describe, expect, it } from 'vitest';
import { deferred } from '../../test/support/deferred.js';
import { runPool } from './run-pool.js';

describe('runPool', () => {
  it('runs every item, at most `concurrency` at once', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await runPool([1, 2, 3, 4, 5], 2, async (item) => {
      running++;
      peak = Math.max(peak, running);
      await Promise.resolve();
      running--;
      done.push(item);
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });

  it('after a failure starts nothing new, and rejects once the started tasks settled', async () => {
    const gates = new Map([1, 2, 3, 4].map((item) => [item, deferred()]));
    const started: number[] = [];
    const settled: number[] = [];
    const pool = runPool([1, 2, 3, 4], 2, async (item) => {
      started.push(item);
      await gates.get(item)?.promise;
      settled.push(item);
    });
    let outcome: unknown;
    const watched = pool.catch((error: unknown) => {
      outcome = error;
    });
    gates.get(1)?.reject(new Error('disk full'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([1, 2]); // item 3 would have taken the failed worker's place
    expect(outcome).toBeUndefined(); // item 2 still runs
    gates.get(2)?.resolve();
    await watched;
    expect(outcome).toMatchObject({ message: 'disk full' });
    expect(settled).toEqual([2]);
    expect(started).toEqual([1, 2]);
  });
});
