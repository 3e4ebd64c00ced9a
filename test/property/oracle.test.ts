/**
 * The convergence oracle's rule for a record whose delete lost to another device's edit
 * (seed 268776222 of the soak): the record keeps what the deleting device had sent, and edits
 * it made after its last sync went with the delete, never sent.
 */
import { describe, expect, it } from 'vitest';
import { Oracle } from './harness/oracle.js';

const EVENT = { title: 'e3.t', description: 'e3.c', tone: 'cheerful', isFavorite: false };

/** d0 creates e3 (synced), edits its description, deletes it; d1 sets its tone meanwhile. */
function story(overUnsent: boolean): Oracle {
  const oracle = new Oracle();
  oracle.record({
    device: 0,
    coll: 'customEvents',
    identity: 'e3',
    kind: 'create',
    fields: EVENT,
    before: undefined,
  });
  oracle.record({
    device: 0,
    coll: 'customEvents',
    identity: 'e3',
    kind: 'update',
    fields: { description: 'e3.u1' },
    before: EVENT,
  });
  oracle.record({
    device: 0,
    coll: 'customEvents',
    identity: 'e3',
    kind: 'delete',
    fields: {},
    before: { ...EVENT, description: 'e3.u1' },
    overUnsent,
  });
  oracle.record({
    device: 1,
    coll: 'customEvents',
    identity: 'e3',
    kind: 'update',
    fields: { tone: 'calm' },
    before: EVENT,
  });
  return oracle;
}

const kept = (description: string) => [
  { identity: 'e3', fields: { ...EVENT, description, tone: 'calm' } },
];

describe('oracle: a delete that lost to a concurrent edit', () => {
  it('allows the value from before the edits that went unsent with the delete', () => {
    expect(story(true).check('customEvents', kept('e3.c'))).toEqual([]);
    expect(story(true).check('customEvents', kept('e3.u1'))).toEqual([]);
  });

  it('requires the last value when the deleting device had sent everything', () => {
    expect(story(false).check('customEvents', kept('e3.u1'))).toEqual([]);
    expect(story(false).check('customEvents', kept('e3.c'))).toEqual([
      expect.stringContaining('e3.description: the server has "e3.c"'),
    ]);
  });

  it('never allows a value no intent wrote', () => {
    expect(story(true).check('customEvents', kept('e3.zz'))).toEqual([
      expect.stringContaining('e3.description: the server has "e3.zz"'),
    ]);
  });

  it('never allows a sent value that another device had seen and overwrote', () => {
    const oracle = story(true);
    // d2 saw d0's create and wrote its own description after it: d0's create cannot win.
    oracle.record({
      device: 2,
      coll: 'customEvents',
      identity: 'e3',
      kind: 'update',
      fields: { description: 'e3.u2' },
      before: EVENT,
    });
    expect(oracle.check('customEvents', kept('e3.u2'))).toEqual([]);
    expect(oracle.check('customEvents', kept('e3.c'))).toEqual([
      expect.stringContaining('e3.description: the server has "e3.c"'),
    ]);
  });
});
