/**
 * The turn-paired ratio of the coordinated-creates bench: each turn runs one chunk of creates on
 * every store back to back, so a chunk's time over the same turn's chunk of the store without
 * coordination is a ratio both sides of which saw the same load. Their median, with a 95 %
 * interval, separates 1.05 from 1.15 where the medians of whole rounds cannot.
 */

/** A median of per-turn ratios and its 95 % interval. */
export interface PairedRatio {
  readonly median: number;
  readonly low: number;
  readonly high: number;
  /** How many turns. */
  readonly pairs: number;
}

/**
 * The median over `turns` of `turn[at] / turn[base]`, with the distribution-free 95 % interval
 * of a median (the order statistics at n/2 ∓ 0.98·√n).
 */
export function pairedRatio(
  turns: readonly (readonly number[])[],
  at: number,
  base = 0,
): PairedRatio {
  const ratios = turns
    .map((turn) => (turn[at] as number) / (turn[base] as number))
    .filter((ratio) => Number.isFinite(ratio))
    .sort((a, b) => a - b);
  const n = ratios.length;
  if (n === 0) return { median: Number.NaN, low: Number.NaN, high: Number.NaN, pairs: 0 };
  const pick = (rank: number) => ratios[Math.min(n - 1, Math.max(0, rank))] as number;
  const mid = (n - 1) / 2;
  const spread = 0.98 * Math.sqrt(n);
  return {
    median: (pick(Math.floor(mid)) + pick(Math.ceil(mid))) / 2,
    low: pick(Math.floor(mid - spread)),
    high: pick(Math.ceil(mid + spread)),
    pairs: n,
  };
}

/** `1.150× (1.137–1.164)`. */
export function formatPaired({ median, low, high }: PairedRatio): string {
  return `${median.toFixed(3)}× (${low.toFixed(3)}–${high.toFixed(3)})`;
}
