import { describe, expect, it } from 'vitest';
import { runCoordinatedCreatesInChromium } from '../../bench/coordination/chromium-creates.js';

// The coordinated-creates benchmark in real Chromium on tiny data: the page checks that every
// store holds every create; here, each ratio is a finite, positive number. Timings are never
// asserted (they depend on the machine).
describe('coordinated creates in Chromium (benchmark smoke)', () => {
  it('runs the three setups and reports finite ratios', async () => {
    const report = await runCoordinatedCreatesInChromium({
      creates: 30,
      chunk: 10,
      repetitions: 1,
    });
    expect(report.rounds).toBe(1);
    for (const value of [report.singleMsPerCreate, report.channel, report.polling]) {
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThan(0);
    }
    expect(report.version).toMatch(/^\d+\./);
  }, 60_000);
});
