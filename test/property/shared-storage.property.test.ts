// 2–4 stores over one storage, random interleavings of creates, updates, restarts and
// re-reads: no resolved write is lost, every record keeps one coalesced create (as if one client
// had made every write), and all stores converge on what storage holds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { type LocalStore, openLocalStore } from '../../src/store/local-store.js';

type Op =
  | { kind: 'create'; client: number }
  | { kind: 'update'; client: number; pick: number; field: 'name' | 'age'; concurrent: boolean }
  | { kind: 'restart'; client: number }
  | { kind: 'refresh'; client: number };

const op = (clients: number): fc.Arbitrary<Op> => {
  const client = fc.integer({ min: 0, max: clients - 1 });
  return fc.oneof(
    fc.record({ kind: fc.constant('create' as const), client }),
    fc.record({
      kind: fc.constant('update' as const),
      client,
      pick: fc.nat(),
      field: fc.constantFrom('name' as const, 'age' as const),
      concurrent: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('restart' as const), client }),
    fc.record({ kind: fc.constant('refresh' as const), client }),
  );
};

const scenario = fc
  .integer({ min: 2, max: 4 })
  .chain((clients) => fc.tuple(fc.constant(clients), fc.array(op(clients), { maxLength: 30 })));

describe('stores sharing one storage', () => {
  it('lose no resolved write and converge (200 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ([count, ops]) => {
        const storage = memoryStorage();
        const open = () => openLocalStore({ storage, userId: 'u' });
        const stores: LocalStore[] = [];
        for (let i = 0; i < count; i++) stores.push(await open());
        const model = new Map<string, { name: string; age: number }>();
        let value = 0;
        for (const step of ops) {
          const store = stores[step.client] as LocalStore;
          if (step.kind === 'create') {
            const fields = { name: `n${++value}`, age: ++value };
            const hero = await store.create('heroes', { ...fields, traits: ['x'] });
            model.set(hero.id, fields);
          } else if (step.kind === 'update') {
            const known = [...model.keys()].filter((id) => store.get('heroes', id));
            const id = known[step.pick % Math.max(1, known.length)];
            if (id === undefined) continue;
            const next = step.field === 'name' ? `n${++value}` : ++value;
            const write = store.update('heroes', id, { [step.field]: next });
            // The same field written by another store at once: the later write wins.
            const other = stores[(step.client + 1) % count] as LocalStore;
            const rival =
              step.concurrent && other.get('heroes', id)
                ? other.update('heroes', id, { age: ++value })
                : undefined;
            await Promise.all([write, rival]);
            model.set(id, {
              ...(model.get(id) as { name: string; age: number }),
              [step.field]: next,
              ...(rival ? { age: value } : {}),
            });
          } else if (step.kind === 'restart') {
            await store.close();
            stores[step.client] = await open();
          } else {
            await store.shared.refresh();
          }
        }
        const fresh = await open();
        for (const [id, fields] of model) {
          expect(fresh.get('heroes', id)).toMatchObject(fields);
          const entries = fresh.outbox.entries().filter((entry) => entry.localId === id);
          expect(entries.map((entry) => entry.op)).toEqual(['create']);
          expect(entries[0]?.patch).toMatchObject(fields);
        }
        for (const store of stores) {
          await store.shared.refresh();
          for (const [id, fields] of model) expect(store.get('heroes', id)).toMatchObject(fields);
        }
      }),
      { numRuns: 200 },
    );
  });
});
