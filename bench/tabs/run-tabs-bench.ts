/**
 * Cross-tab visibility latency in real headless Chromium: a hero created in tab 1 until tab 2's
 * live list (`heroes.observe()`) shows it, both tabs running an app over `indexedDBStorage` with
 * coordination on (Web Lock + BroadcastChannel) against the fake backend over loopback. Tab 1
 * is the pusher, so its sync rounds run during the measurement, as in real use.
 *
 * Baseline, measured in the same run and interleaved sample by sample: the raw cost of the same
 * work without the SDK (a row put in one IndexedDB `readwrite` transaction, its key posted on a
 * BroadcastChannel once committed, the row read back in tab 2).
 */

import { startTabsWorld, type Tab, type TabsWorld } from '../../test/support/chromium-tabs.js';
import { percentile } from '../stats.js';

/** Options of {@link runTabsBench}. */
export interface TabsBenchOptions {
  /** Measured samples of each kind. */
  readonly samples: number;
  /** Samples run first and dropped. */
  readonly warmup: number;
  readonly log?: ((line: string) => void) | undefined;
}

/** Latency statistics, ms. */
export interface LatencyStats {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
  readonly samples: number;
}

/** What {@link runTabsBench} measured. */
export interface TabsBenchReport {
  readonly sdk: LatencyStats;
  readonly raw: LatencyStats;
  /** The target for the SDK's p95, ms. */
  readonly targetP95: number;
  readonly verdict: 'PASS' | 'MISS';
  /** Chromium's version. */
  readonly version: string;
}

const stats = (values: readonly number[]): LatencyStats => ({
  p50: percentile(values, 50),
  p95: percentile(values, 95),
  max: Math.max(...values),
  samples: values.length,
});

/** Runs the benchmark in a fresh browser profile. Throws when Chromium is missing. */
export async function runTabsBench(options: TabsBenchOptions): Promise<TabsBenchReport> {
  const world = await startTabsWorld();
  try {
    return await measureCrossTabLatency(world, options);
  } finally {
    await world.close();
  }
}

/**
 * Measures in `world`, for a new user, in two tabs with no app open: `tabs` (left open, their
 * apps closed) or two new ones (closed at the end).
 */
export async function measureCrossTabLatency(
  world: TabsWorld,
  options: TabsBenchOptions,
  tabs?: readonly [Tab, Tab],
): Promise<TabsBenchReport> {
  const log = options.log ?? (() => {});
  const space = `bench-${Date.now()}`;
  const email = `${space}@example.test`;
  const password = 'password-123';
  await world.backend.backend.createUser({ email, password, name: 'Bench' });
  const [one, two] = tabs ?? [await world.openTab(), await world.openTab()];
  try {
    await one.call('open', { baseUrl: world.apiUrl, space });
    await one.call('signIn', email, password);
    await two.call('open', { baseUrl: world.apiUrl, space });
    await Promise.all([one.call('rawOpen', space), two.call('rawOpen', space)]);
    const sdk: number[] = [];
    const raw: number[] = [];
    const total = options.warmup + options.samples;
    log(`cross-tab latency: ${total} samples of each kind in Chromium`);
    for (let i = 0; i < total; i++) {
      const watch = await two.call('watchTimed', `hero-${i}`);
      const write = await one.call('createTimed', `hero-${i}`);
      const seen = await two.call('seenAt', watch);
      const rawWatch = await two.call('rawWatch', `row-${i}`);
      const rawWrite = await one.call('rawWrite', `row-${i}`);
      const rawSeen = await two.call('seenAt', rawWatch);
      if (i < options.warmup) continue;
      sdk.push(seen - write.start);
      raw.push(rawSeen - rawWrite.start);
    }
    const errors = [...one.errors, ...two.errors];
    if (errors.length > 0) throw new Error(`errors in the tabs: ${errors.join('; ')}`);
    const agent = String(await one.page.evaluate('navigator.userAgent'));
    const targetP95 = 50;
    const measured = stats(sdk);
    return {
      sdk: measured,
      raw: stats(raw),
      targetP95,
      verdict: measured.p95 < targetP95 ? 'PASS' : 'MISS',
      version: /Chrome\/([\d.]+)/.exec(agent)?.[1] ?? agent,
    };
  } finally {
    await Promise.all([one.call('close'), two.call('close')]);
    if (!tabs) await Promise.all([one.page.close(), two.page.close()]);
  }
}
