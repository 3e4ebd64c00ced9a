import { describe, expect, it } from 'vitest';
import { runCoordinatedCreatesInChromium } from '../../bench/coordination/chromium-creates.js';
import { pairedRatio } from '../../bench/coordination/paired-ratios.js';

// The coordinated-creates benchmark in real Chromium on tiny data: the page checks that every
// store holds every create; here, each ratio is a finite, positive number. Timings are never
// asserted (they depend on the machine).
describe('coordinated creates in Chromium (benchmark smoke)', () => {
  it('runs the four setups and reports finite ratios, per round and turn-paired', async () => {
    const report = await runCoordinatedCreatesInChromium({
      creates: 30,
      chunk: 10,
      repetitions: 1,
    });
    expect(report.rounds).toBe(1);
    expect(report.modes).toEqual(['single', 'channel', 'polling', 'again']);
    expect(report.turns).toHaveLength(3);
    const paired = report.modes.map((_, at) => pairedRatio(report.turns, at).median);
    const perRound = report.modes.map((mode) => report.ratios[mode] ?? Number.NaN);
    for (const value of [report.singleMsPerCreate, ...perRound, ...paired]) {
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThan(0);
    }
    expect(report.version).toMatch(/^\d+\./);
  }, 60_000);

  it('runs beside a listening tab that opens each channel store as a second client', async () => {
    const report = await runCoordinatedCreatesInChromium({
      creates: 20,
      chunk: 10,
      repetitions: 1,
      modes: ['single', 'channel', 'silent', 'text'],
      listener: 'store',
    });
    expect(report.turns).toHaveLength(2);
    for (const at of [1, 2, 3]) {
      expect(Number.isFinite(pairedRatio(report.turns, at).median)).toBe(true);
    }
  }, 60_000);
});
