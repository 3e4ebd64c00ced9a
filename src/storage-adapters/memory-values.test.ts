import { describe, expect, it } from 'vitest';
import { memoryStorage } from './memory-storage.js';
import { freezePlainJson, isPlainJson } from './memory-values.js';
import type { JsonValue } from './storage-adapter.js';

const stored = async (value: JsonValue): Promise<JsonValue | undefined> => {
  const storage = memoryStorage();
  await storage.batch([{ type: 'put', key: 'k', value: { d: value, rev: 1 } }]);
  return ((await storage.get('k')) as { d: JsonValue }).d;
};

/** `[1, <hole>, 3]`, built without a hole literal. */
function holey(): number[] {
  const array = [1];
  array[2] = 3;
  return array;
}

describe('freezePlainJson', () => {
  it('marks plain JSON, freezes all of it, and memoryStorage keeps it as it is', async () => {
    const value = JSON.parse('{"name":"Luna","age":5,"traits":["brave"],"n":{"a":[{"b":null}]}}');
    expect(freezePlainJson(value)).toBe(true);
    expect(isPlainJson(value)).toBe(true);
    expect(Object.isFrozen(value.traits)).toBe(true);
    expect(Object.isFrozen(value.n.a[0])).toBe(true);
    expect(await stored(value)).toBe(value);
  });

  it.each([
    ['-0', { a: -0 }],
    ['NaN', { a: Number.NaN }],
    ['Infinity', { a: [Number.POSITIVE_INFINITY] }],
    ['undefined', { a: 1, b: undefined }],
    ['a Date', { at: new Date(0) }],
    ['a toJSON key', { toJSON: 'x' }],
    ['an own __proto__ key', JSON.parse('{"__proto__":{"a":1}}')],
    ['a hole', { a: holey() }],
    ['a class instance', { a: new (class Point {})() }],
    ['a null-prototype object', { a: Object.assign(Object.create(null), { b: 1 }) }],
  ])(
    'refuses a value holding %s: it is frozen, and memoryStorage stores what JSON gives back',
    async (_, value) => {
      expect(freezePlainJson(value)).toBe(false);
      expect(isPlainJson(value)).toBe(false);
      expect(Object.isFrozen(value)).toBe(true);
      const copy = await stored(value as JsonValue);
      expect(copy).not.toBe(value);
      expect(copy).toEqual(JSON.parse(JSON.stringify(value)));
    },
  );

  it('refuses an array with its own toJSON (JSON would not give it back as an array)', () => {
    const value = { a: Object.assign([1], { toJSON: () => 'x' }) };
    expect(freezePlainJson(value)).toBe(false);
    expect(isPlainJson(value)).toBe(false);
  });

  it('refuses values nested deeper than memoryStorage copies', () => {
    let value: JsonValue = 1;
    for (let i = 0; i < 70; i++) value = [value];
    expect(freezePlainJson(value as JsonValue[])).toBe(false);
  });

  it('memoryStorage still copies what was not marked, even when frozen', async () => {
    const value = Object.freeze({ name: 'Luna' });
    const copy = await stored(value);
    expect(copy).toEqual(value);
    expect(copy).not.toBe(value);
  });
});
