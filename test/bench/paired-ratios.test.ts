import { describe, expect, it } from 'vitest';
import { formatPaired, pairedRatio } from '../../bench/coordination/paired-ratios.js';

describe('pairedRatio (the coordinated-creates bench statistic)', () => {
  it('is the median of per-turn ratios to the base column, with a median interval', () => {
    // 25 turns: the second column is 1.0, 1.1, …, 3.4 times the first, in shuffled order.
    const turns = Array.from({ length: 25 }, (_, i) => {
      const k = (i * 7) % 25;
      return [2, 2 * (1 + k / 10)];
    });
    const paired = pairedRatio(turns, 1);
    expect(paired.pairs).toBe(25);
    expect(paired.median).toBeCloseTo(2.2);
    // n/2 ∓ 0.98·√25: the order statistics 7 and 17 (0-based) of the sorted ratios.
    expect(paired.low).toBeCloseTo(1.7);
    expect(paired.high).toBeCloseTo(2.7);
    expect(formatPaired(paired)).toBe('2.200× (1.700–2.700)');
  });

  it('drops turns whose base chunk took no time, and reports NaN without turns', () => {
    expect(
      pairedRatio(
        [
          [0, 1],
          [1, 3],
        ],
        1,
      ).median,
    ).toBe(3);
    expect(pairedRatio([], 1).median).toBeNaN();
  });
});
