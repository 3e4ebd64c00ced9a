import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clone, type MergeCase, mergeCase } from '../../src/conflict/conflict-fixtures.harness.js';
import { type ConflictStrategy, resolveConflictOptions } from '../../src/conflict/strategies.js';
import { type MergeOutcome, threeWayMerge } from '../../src/conflict/three-way-merge.js';
import { jsonEqual } from '../../src/model/json.js';
import { isServerOwned } from '../../src/model/server-owned.js';

const RUNS = { numRuns: 300 };

const strategy = fc.constantFrom<ConflictStrategy>('lww', 'server-wins', 'client-wins', 'manual');
const options = fc
  .record({ heroes: strategy, stories: strategy, customEvents: strategy, visualProfiles: strategy })
  .map((chosen) => resolveConflictOptions(chosen));
const anyOptions = fc.oneof(fc.constant(resolveConflictOptions()), options);

const input = (c: MergeCase) => ({ ...c, recordId: 'r1' });

function merge(c: MergeCase, opts = resolveConflictOptions()): MergeOutcome {
  const result = threeWayMerge(input(c), opts);
  if (result.kind !== 'merged') throw result.error;
  return result;
}

const writable = (c: MergeCase) =>
  Object.keys(c.local).filter((f) => !isServerOwned(c.collection, f));

describe('threeWayMerge properties', () => {
  it('is deterministic and leaves its inputs untouched', () => {
    fc.assert(
      fc.property(mergeCase, anyOptions, (c, opts) => {
        const before = clone(c);
        const first = threeWayMerge(input(c), opts);
        const second = threeWayMerge(input(clone(c)), opts);
        expect(second).toEqual(first);
        expect(c).toEqual(before);
      }),
      RUNS,
    );
  });

  it('a field changed on one side only takes that side', () => {
    fc.assert(
      fc.property(mergeCase, anyOptions, (c, opts) => {
        const r = merge(c, opts);
        for (const f of writable(c)) {
          const localChanged = !jsonEqual(c.local[f], c.base[f]);
          const remoteChanged = !jsonEqual(c.remote[f], c.base[f]);
          if (localChanged && !remoteChanged) expect(r.merged[f]).toEqual(c.local[f]);
          if (remoteChanged && !localChanged) expect(r.merged[f]).toEqual(c.remote[f]);
          if (jsonEqual(c.local[f], c.remote[f])) expect(r.merged[f]).toEqual(c.remote[f]);
        }
      }),
      RUNS,
    );
  });

  it('server-owned fields always equal the server value and are never sent', () => {
    fc.assert(
      fc.property(mergeCase, anyOptions, (c, opts) => {
        const r = merge(c, opts);
        for (const f of Object.keys(c.remote)) {
          if (!isServerOwned(c.collection, f)) continue;
          expect(r.merged[f]).toEqual(c.remote[f]);
          expect(Object.hasOwn(r.toSend, f)).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('with client-wins, every locally changed field keeps the local value', () => {
    const clientWins = resolveConflictOptions({
      heroes: 'client-wins',
      stories: 'client-wins',
      customEvents: 'client-wins',
      visualProfiles: 'client-wins',
    });
    fc.assert(
      fc.property(mergeCase, (c) => {
        const r = merge(c, clientWins);
        expect(r.needsUser).toBe(false);
        for (const f of writable(c)) {
          if (!jsonEqual(c.local[f], c.base[f])) expect(r.merged[f]).toEqual(c.local[f]);
        }
      }),
      RUNS,
    );
  });

  it('with server-wins, only fields changed on the device alone are sent', () => {
    const serverWins = resolveConflictOptions({
      heroes: 'server-wins',
      stories: 'server-wins',
      customEvents: 'server-wins',
      visualProfiles: 'server-wins',
    });
    fc.assert(
      fc.property(mergeCase, (c) => {
        const r = merge(c, serverWins);
        for (const f of Object.keys(r.toSend)) {
          expect(jsonEqual(c.remote[f], c.base[f])).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('merge(base, x, x) is x with nothing to send', () => {
    fc.assert(
      fc.property(mergeCase, anyOptions, (c, opts) => {
        const r = merge({ ...c, remote: clone(c.local) }, opts);
        expect(r.merged).toEqual(c.local);
        expect(r.toSend).toEqual({});
        expect(r.conflictingFields).toEqual([]);
        expect(r.needsUser).toBe(false);
      }),
      RUNS,
    );
  });

  it('toSend is exactly the writable fields whose kept value differs from the server’s', () => {
    fc.assert(
      fc.property(mergeCase, anyOptions, (c, opts) => {
        const r = merge(c, opts);
        for (const f of Object.keys(r.merged)) {
          const differs = !isServerOwned(c.collection, f) && !jsonEqual(r.merged[f], c.remote[f]);
          expect(Object.hasOwn(r.toSend, f)).toBe(differs);
          if (differs) expect(r.toSend[f]).toEqual(r.merged[f]);
        }
      }),
      RUNS,
    );
  });

  it('after pushing toSend, merging again is a no-op (the merge converges)', () => {
    fc.assert(
      fc.property(mergeCase, anyOptions, (c, opts) => {
        const r = merge(c, opts);
        if (r.needsUser) return;
        const serverAfterPush = { ...c.remote, ...r.toSend };
        const again = merge(
          { ...c, base: serverAfterPush, local: r.merged, remote: serverAfterPush },
          opts,
        );
        expect(again.toSend).toEqual({});
        expect(again.merged).toEqual(serverAfterPush);
      }),
      RUNS,
    );
  });
});
