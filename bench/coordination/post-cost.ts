/**
 * Where the cost of a coordinated create's `BroadcastChannel` post is, in real Chromium:
 * `tsx bench/coordination/post-cost.ts [creates] [rounds] [runs]`. Each run opens a fresh
 * browser with the writer page alone, with a page that only hears the channels (`raw`), or with
 * a page that opens each channel store's database as a second client (`store`), in turn; every
 * run compares the web setup (`channel`), the same with a channel that posts nothing (`silent`),
 * with messages as one string (`text`), once it heard another client (`heard`: every write
 * posted, the rule before 0042), and an A/A store, each paired turn by turn with the store
 * without coordination (chunks of 5 creates). `MODES=single,channel,…` and
 * `LISTENERS=none,raw,store` pick a subset.
 */
import { hasChromium } from '../chromium-bench.js';
import { runCoordinatedCreatesInChromium } from './chromium-creates.js';
import type { ListenerKind, Mode } from './chromium-creates-page.js';
import { formatPaired, pairedRatio } from './paired-ratios.js';

const [creates = 1000, repetitions = 6, runs = 1] = process.argv.slice(2).map(Number);
if (!hasChromium()) throw new Error('no Chromium');
const order = (process.env.MODES?.split(',') ?? [
  'single',
  'channel',
  'heard',
  'silent',
  'text',
  'again',
]) as Mode[];
const listeners = (process.env.LISTENERS?.split(',') ?? ['none', 'raw', 'store']).map((kind) =>
  kind === 'none' ? undefined : (kind as ListenerKind),
);
for (let run = 0; run < runs; run++) {
  for (const listener of listeners) {
    const report = await runCoordinatedCreatesInChromium({
      creates,
      chunk: 5,
      repetitions,
      modes: order,
      listener,
    });
    const cells = order
      .slice(1)
      .map((mode, i) => `${mode} ${formatPaired(pairedRatio(report.turns, i + 1))}`);
    console.log(
      `run ${run + 1}, listener ${listener ?? 'none'}: single ${(report.singleMsPerCreate * 1000).toFixed(0)} µs/create; ${cells.join('; ')} (${report.turns.length} turns)`,
    );
  }
}
