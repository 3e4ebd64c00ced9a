import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids.js';

const FORMAT = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The 48-bit time of a UUIDv7. */
const timeOf = (id: string): number => Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('uuidv7', () => {
  it('makes strictly increasing, well-formed ids within one millisecond', () => {
    const at = Date.parse('2030-01-01T00:00:00.000Z');
    const ids = Array.from({ length: 2_000 }, () => uuidv7(at));
    for (const id of ids) expect(id).toMatch(FORMAT);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(timeOf(ids[0] as string)).toBeGreaterThanOrEqual(at);
  });

  it('keeps increasing when the clock goes back, and follows it again once it passes', () => {
    const at = Date.parse('2031-01-01T00:00:00.000Z');
    const first = uuidv7(at);
    const back = uuidv7(at - 60_000);
    expect(back > first).toBe(true);
    expect(timeOf(back)).toBe(timeOf(first));
    const later = uuidv7(at + 5);
    expect(later > back).toBe(true);
    expect(timeOf(later)).toBe(at + 5);
  });
});
