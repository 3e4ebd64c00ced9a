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

/** Every mode a run can compare (a `Record` so that the compiler checks it is complete). */
const KNOWN_MODES: Record<Mode, true> = {
  single: true,
  channel: true,
  polling: true,
  again: true,
  silent: true,
  text: true,
  heard: true,
};
/** Every listening page, and `none` for the writer alone. */
const KNOWN_LISTENERS: Record<ListenerKind | 'none', true> = { none: true, raw: true, store: true };

/**
 * The comma-separated values of the environment variable `name`, or `fallback` when it is not
 * set. Throws on a value not in `known`, naming it and the values allowed.
 */
function listFromEnv<T extends string>(
  name: string,
  known: Record<T, true>,
  fallback: readonly T[],
): T[] {
  const value = process.env[name];
  if (value === undefined) return [...fallback];
  const allowed: readonly string[] = Object.keys(known);
  return value.split(',').map((item) => {
    if (!allowed.includes(item)) {
      throw new Error(`${name}: unknown value '${item}' (allowed: ${allowed.join(', ')})`);
    }
    return item as T;
  });
}

const order = listFromEnv('MODES', KNOWN_MODES, [
  'single',
  'channel',
  'heard',
  'silent',
  'text',
  'again',
]);
const listenerNames = listFromEnv('LISTENERS', KNOWN_LISTENERS, ['none', 'raw', 'store']);
const listeners = listenerNames.map((kind) => (kind === 'none' ? undefined : kind));
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
