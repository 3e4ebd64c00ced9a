import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnyLocalRecord, StoredRecord } from '../model/types.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import { recordComparator, runQuery, type SortKey, selectViews, type Visibility } from './query.js';

const value: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: 0, max: 5 }),
  fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.001Z', 'a', 'b'),
  fc.constant(['x']),
);

const records = fc
  .uniqueArray(
    fc.tuple(
      fc.string({ unit: fc.constantFrom('0', '1', '2', 'a', 'b'), minLength: 1, maxLength: 3 }),
      value,
      fc.boolean(),
    ),
    {
      selector: ([id]) => id,
      maxLength: 40,
    },
  )
  .map((rows) =>
    rows.map(([id, v, missing]): StoredRecord => {
      const data: Record<string, JsonValue> = missing ? {} : { v };
      return {
        id,
        serverId: id,
        syncStatus: 'synced',
        serverUpdatedAt: null,
        base: {},
        lastSyncedAt: null,
        syncError: null,
        data,
      };
    }),
  );

/** No order, one key either way, two keys: each sort path of a list. */
const order = fc.constantFrom<SortKey[]>(
  [],
  [{ field: 'v', direction: 'asc' }],
  [{ field: 'v', direction: 'desc' }],
  [
    { field: 'v', direction: 'desc' },
    { field: 'w', direction: 'asc' },
  ],
);
const paging = fc.option(fc.integer({ min: 0, max: 45 }), { nil: undefined });
// Every record visible (`undefined`), or those without an "a" in their id.
const visibility = fc.constantFrom<Visibility>(undefined, (r) => !r.id.includes('a'));

describe('runQuery ordering by one key', () => {
  it('orders exactly as the general comparator, in both directions, from any input order', () => {
    fc.assert(
      fc.property(records, fc.constantFrom<SortKey['direction']>('asc', 'desc'), (all, dir) => {
        const orderBy = [{ field: 'v', direction: dir }] as const;
        const expected = [...all].sort(recordComparator(orderBy)).map((r) => r.id);
        const got = runQuery(all, { orderBy }, () => true).map((r) => r.id);
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('pages the ordered visible result (offset, limit), whichever sort path it took', () => {
    fc.assert(
      fc.property(
        records,
        order,
        paging,
        paging,
        visibility,
        (all, orderBy, offset, limit, visible) => {
          const seen = visible ? all.filter(visible) : all;
          const sorted = orderBy.length > 0 ? [...seen].sort(recordComparator(orderBy)) : seen;
          const start = offset ?? 0;
          const expected = sorted
            .slice(start, limit === undefined ? undefined : start + limit)
            .map((r) => r.id);
          const got = runQuery(all, { orderBy, offset, limit }, visible).map((r) => r.id);
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('orders input already in order (or in reverse order) as the general comparator', () => {
    fc.assert(
      fc.property(
        records,
        fc.constantFrom<SortKey['direction']>('asc', 'desc'),
        fc.constantFrom<SortKey['direction']>('asc', 'desc'),
        (all, given, dir) => {
          const sorted = [...all].sort(recordComparator([{ field: 'v', direction: given }]));
          const orderBy = [{ field: 'v', direction: dir }] as const;
          const expected = [...all].sort(recordComparator(orderBy)).map((r) => r.id);
          const got = runQuery(sorted, { orderBy }, () => true).map((r) => r.id);
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('selectViews (a first list over stored views)', () => {
  it('selects, orders and pages the views as runQuery does the records they belong to', () => {
    const where = fc.constantFrom(undefined, { v: null }, { v: 'a' }, { v: 2 });
    fc.assert(
      fc.property(
        records,
        order,
        paging,
        paging,
        where,
        visibility,
        (all, orderBy, offset, limit, filter, visible) => {
          // Each record's view: its data with the view keys, as the store seals it.
          const views = new Map<StoredRecord, AnyLocalRecord>();
          for (const record of all) {
            const view = { ...record.data, id: record.id, syncStatus: record.syncStatus };
            views.set(record, view as unknown as AnyLocalRecord);
          }
          const query = { where: filter, orderBy, offset, limit };
          const expected = runQuery(all, query, visible).map((r) => views.get(r));
          const got = selectViews([...views.values()], query, visible);
          expect(got).toEqual(expected);
          got.forEach((view, i) => {
            expect(view).toBe(expected[i]);
          });
          // What a list hands out is frozen; views it leaves out are not touched.
          const handedOut = new Set(got);
          for (const view of views.values()) {
            expect(Object.isFrozen(view)).toBe(handedOut.has(view));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
