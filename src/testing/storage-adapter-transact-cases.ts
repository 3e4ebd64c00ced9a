import type { JsonValue, StorageAdapter, StorageOp } from '../storage-adapters/storage-adapter.js';
import { check, equal } from './storage-adapter-contract-assert.js';

/** The contract cases of the optional `transact` (skipped by adapters that do not offer it). */
export function addTransactCases(
  add: (name: string, body: (ctx: { readonly adapter: StorageAdapter }) => Promise<void>) => void,
): void {
  add(
    'transact (if offered) reads, plans and writes atomically; a throwing plan writes nothing',
    async (ctx) => {
      const { adapter } = ctx;
      const transact = adapter.transact?.bind(adapter);
      if (!transact) return;
      await adapter.batch([{ type: 'put', key: 't/n', value: 0 }]);
      const increment = (values: ReadonlyArray<JsonValue | undefined>): StorageOp[] => [
        { type: 'put', key: 't/n', value: (values[0] as number) + 1 },
      ];
      await Promise.all(Array.from({ length: 20 }, () => transact(['t/n'], increment)));
      equal(await adapter.get('t/n'), 20, 'after 20 concurrent increments');
      let seen: unknown;
      await transact(['t/n', 't/missing'], (values) => {
        seen = values;
        return [];
      });
      equal(seen, [20, undefined], 'values handed to plan');
      const failure = new Error('plan refused');
      let caught: unknown;
      await transact(['t/n'], () => {
        throw failure;
      }).catch((error: unknown) => {
        caught = error;
      });
      check(caught !== undefined, 'a throwing plan rejects');
      equal(await adapter.get('t/n'), 20, 'after a throwing plan');
    },
  );
}
