import { describe, expect, it } from 'vitest';
import { frozenCopy, isPlainObject, jsonEqual, jsonKind, jsonProblem } from './json.js';

describe('jsonEqual', () => {
  it.each([
    [1, 1, true],
    [1, '1', false],
    [null, undefined, false],
    [undefined, undefined, true],
    [[1, [2]], [1, [2]], true],
    [[1, 2], [2, 1], false],
    [[1], { 0: 1 }, false],
    [{ a: 1, b: { c: [1] } }, { b: { c: [1] }, a: 1 }, true],
    [{ a: 1 }, { a: 1, b: null }, false],
    [{ a: undefined }, { b: undefined }, false],
  ] as const)('%o vs %o → %s', (a, b, expected) => {
    expect(jsonEqual(a as never, b as never)).toBe(expected);
    expect(jsonEqual(b as never, a as never)).toBe(expected);
  });
});

describe('jsonKind / isPlainObject / jsonProblem / frozenCopy', () => {
  it('classifies values', () => {
    expect([null, true, 1, 's', [], {}].map((v) => jsonKind(v))).toEqual([
      'null',
      'boolean',
      'number',
      'string',
      'array',
      'object',
    ]);
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    expect(isPlainObject(new Map())).toBe(false);
    expect(isPlainObject([])).toBe(false);
  });

  it('finds what is not JSON, and allows shared (non-cyclic) references', () => {
    const shared = { a: 1 };
    expect(jsonProblem({ x: shared, y: [shared] })).toBeNull();
    expect(jsonProblem(Number.POSITIVE_INFINITY)).toContain('not a JSON number');
    expect(jsonProblem(1n)).toContain('bigint');
    expect(jsonProblem({ a: Symbol('s') })).toContain('symbol');
    expect(jsonProblem([new Map()])).toContain('non-plain');
  });

  it('copies deeply and freezes', () => {
    const source = { a: [{ b: 1 }] };
    const copy = frozenCopy(source);
    expect(copy).toEqual(source);
    source.a[0] = { b: 2 };
    expect(copy.a[0]).toEqual({ b: 1 });
    expect(Object.isFrozen(copy.a)).toBe(true);
    expect(Object.isFrozen(copy.a[0])).toBe(true);
  });
});
