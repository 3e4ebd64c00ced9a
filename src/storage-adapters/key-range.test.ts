import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hasLoneSurrogate,
  prefixUpperBound,
  prefixUpperBoundCodePoints,
  sortByKey,
} from './key-range.js';

const inCodeUnitRange = (key: string, prefix: string) => {
  const upper = prefixUpperBound(prefix);
  return key >= prefix && (upper === undefined || key < upper);
};

/** Compares like SQLite's BINARY collation on UTF-8: by code points. */
const compareCodePoints = (a: string, b: string) => {
  const x = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const y = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  }
  return x.length - y.length;
};

const inCodePointRange = (key: string, prefix: string) => {
  const upper = prefixUpperBoundCodePoints(prefix);
  return (
    compareCodePoints(key, prefix) >= 0 &&
    (upper === undefined || compareCodePoints(key, upper) < 0)
  );
};

// Small alphabets around the interesting boundaries make prefixes and near-misses likely.
const unit = fc.constantFrom(
  'a',
  'b',
  '/',
  '0',
  '\u00e9',
  '\ud7ff',
  '\ue000',
  '\uffff',
  '\u{1f600}',
  '\u{10ffff}',
);
const key = fc.array(unit, { maxLength: 5 }).map((parts) => parts.join(''));

describe('prefix ranges', () => {
  it('the code unit range holds exactly the keys that start with the prefix', () => {
    fc.assert(
      fc.property(key, key, key, (prefix, rest, other) => {
        for (const candidate of [prefix + rest, other, prefix]) {
          expect(inCodeUnitRange(candidate, prefix)).toBe(candidate.startsWith(prefix));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('the code point range holds exactly the keys that start with the prefix', () => {
    fc.assert(
      fc.property(key, key, key, (prefix, rest, other) => {
        for (const candidate of [prefix + rest, other, prefix]) {
          expect(inCodePointRange(candidate, prefix)).toBe(candidate.startsWith(prefix));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('has no upper bound for the empty prefix or a prefix of maximal characters', () => {
    expect(prefixUpperBound('')).toBeUndefined();
    expect(prefixUpperBound('\uffff\uffff')).toBeUndefined();
    expect(prefixUpperBound('u/1/')).toBe('u/10');
    expect(prefixUpperBoundCodePoints('')).toBeUndefined();
    expect(prefixUpperBoundCodePoints('\u{10ffff}')).toBeUndefined();
    expect(prefixUpperBoundCodePoints('a\ud7ff')).toBe('a\ue000');
    expect(prefixUpperBoundCodePoints('a\uffff')).toBe('a\u{10000}');
  });
});

describe('sortByKey', () => {
  it('sorts by UTF-16 code units and keeps already-sorted input as is', () => {
    const sorted: Array<[string, number]> = [
      ['a', 1],
      ['b', 2],
    ];
    expect(sortByKey(sorted)).toBe(sorted);
    expect(
      sortByKey([
        ['\uffff', 1],
        ['\u{1f600}', 2],
        ['a', 3],
      ]).map(([k]) => k),
    ).toEqual(['a', '\u{1f600}', '\uffff']);
  });
});

describe('hasLoneSurrogate', () => {
  it('accepts pairs and rejects lone halves', () => {
    expect(hasLoneSurrogate('a\u{1f600}b')).toBe(false);
    expect(hasLoneSurrogate('a\ud83d')).toBe(true);
    expect(hasLoneSurrogate('\ude00a')).toBe(true);
  });
});
