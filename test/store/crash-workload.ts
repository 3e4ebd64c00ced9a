/**
 * A deterministic write workload shared by the SQLite crash test and its child process: the
 * same seed gives the same sequence of writes (and, with the same ids and clock, the same
 * store state after every prefix of it).
 */

import type { StoredRecord } from '../../src/model/types.js';
import type { LocalStore } from '../../src/store/local-store.js';

/** mulberry32: a tiny seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Issues `count` writes in groups of 1–4 concurrent calls. `onIssued(i)` runs right after
 * write `i` was called (its change is already in memory), `onDone(i)` when its promise
 * resolved. Groups start only after the previous group settled.
 */
export async function runWorkload(
  store: LocalStore,
  seed: number,
  count: number,
  hooks: { onIssued?: (index: number) => void; onDone?: (index: number) => void } = {},
): Promise<void> {
  const random = prng(seed);
  let index = 0;
  while (index < count) {
    const size = Math.min(count - index, 1 + Math.floor(random() * 4));
    const group: Promise<void>[] = [];
    for (let k = 0; k < size; k++, index++) {
      const i = index;
      const live = store.list('heroes');
      const r = random();
      let write: Promise<unknown>;
      if (live.length === 0 || r < 0.35) {
        write = store.create('heroes', { name: `hero ${i}`, age: 3 + (i % 10), traits: [`t${i}`] });
      } else {
        const target = live[Math.floor(random() * live.length)] as { id: string };
        write =
          r < 0.85
            ? store.update('heroes', target.id, {
                age: 3 + Math.floor(random() * 10),
                name: `renamed ${i}`,
              })
            : store.delete('heroes', target.id);
      }
      hooks.onIssued?.(i);
      group.push(write.then(() => hooks.onDone?.(i)));
    }
    await Promise.all(group);
  }
}

/** A canonical, comparable form of everything the store holds. */
export function canonicalState(store: LocalStore): string {
  const records = [...store.storedRecords('heroes')]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((r: StoredRecord) => [r.id, r.syncStatus, r.data]);
  const outbox = store.outbox.entries().map((e) => [e.mutationId, e.seq, e.localId, e.op, e.patch]);
  return JSON.stringify({ records, outbox });
}
