/**
 * W1 with coordination on, in real Chromium: bundled by `chromium-creates.ts` and run in a
 * headless page. Three stores over the browser's own IndexedDB, each in its own database: one
 * without coordination, one as the documented web setup (Web Lock + BroadcastChannel: its
 * transactions only read the gate), one without a channel (its transactions also keep the
 * change counter). Their awaited creates run in interleaved chunks, so the machine's load
 * affects them alike; a page has no CPU clock, so the ratios are of wall time. A fourth store,
 * again without coordination, gives an A/A ratio: how far two identical stores differ in the
 * same run (the noise floor of the other ratios).
 */
import { broadcastChangeChannel } from '../../src/coordination/change-channel.js';
import { webLocksPushLock } from '../../src/coordination/push-lease.js';
import { indexedDBStorage } from '../../src/storage-adapters/indexeddb-storage.js';
import { median, now } from '../stats.js';
import { type CoordinationMode, openCoordinatedStore } from './coordinated-store.js';

/** What the Node side asks the page to run. */
export interface CoordinatedCreatesRequest {
  /** Awaited creates per store and round. */
  readonly creates: number;
  readonly chunk: number;
  /** Timed rounds, after one untimed. */
  readonly repetitions: number;
}

/** The ratios of one round to the store without coordination. */
export interface RoundRatios {
  readonly channel: number;
  readonly polling: number;
  /** The second store without coordination (A/A). */
  readonly again: number;
}

/** Ratios to the store without coordination: medians over the rounds, and each round's. */
export interface CoordinatedCreatesResult {
  /** The store without coordination: ms per create (median round). */
  readonly singleMsPerCreate: number;
  readonly channel: number;
  readonly polling: number;
  /** A/A: the second store without coordination. */
  readonly again: number;
  readonly rounds: number;
  readonly perRound: readonly RoundRatios[];
  /**
   * Each turn's chunk times (ms) of the timed rounds, in the order of `modes`: chunks of one
   * turn run back to back, so their ratios are the finest paired comparison the run has.
   */
  readonly turns: readonly (readonly number[])[];
}

type Mode = CoordinationMode | 'again';
/** The order of the stores (and of each turn's chunk times). */
export const modes: readonly Mode[] = ['single', 'channel', 'polling', 'again'];
let counter = 0;

async function openMode(mode: Mode) {
  const name = `coord-bench-${Date.now()}-${++counter}`;
  const setup = mode === 'again' ? 'single' : mode;
  const opened = await openCoordinatedStore(indexedDBStorage({ dbName: name }), setup, {
    channel: () => broadcastChangeChannel(`${name}:changes`),
    ...(mode === 'channel'
      ? { lock: () => webLocksPushLock(`${name}:push`, navigator.locks) }
      : {}),
  });
  return {
    mode,
    store: opened.store,
    wall: 0,
    async close() {
      await opened.close();
      await new Promise<void>((done) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = request.onerror = request.onblocked = () => done();
      });
    },
  };
}

async function round(request: CoordinatedCreatesRequest) {
  const sides: Awaited<ReturnType<typeof openMode>>[] = [];
  for (const mode of modes) sides.push(await openMode(mode));
  const turns: number[][] = [];
  for (let start = 0, turn = 0; start < request.creates; start += request.chunk, turn++) {
    const times = new Array<number>(sides.length).fill(0);
    for (let k = 0; k < sides.length; k++) {
      const at = (turn + k) % sides.length;
      const side = sides[at] as (typeof sides)[number];
      const began = now();
      for (let i = start; i < Math.min(request.creates, start + request.chunk); i++) {
        await side.store.create('heroes', { name: `Hero ${i}`, age: 5, traits: ['brave'] });
      }
      times[at] = now() - began;
      side.wall += times[at];
    }
    turns.push(times);
  }
  for (const side of sides) {
    const stored = side.store.list('heroes').length;
    await side.close();
    if (stored !== request.creates) {
      throw new Error(`${side.mode}: ${stored} heroes stored after ${request.creates} creates`);
    }
  }
  const wall = (mode: Mode) => sides.find((side) => side.mode === mode)?.wall ?? Number.NaN;
  const single = wall('single');
  return {
    single,
    channel: wall('channel') / single,
    polling: wall('polling') / single,
    again: wall('again') / single,
    turns,
  };
}

async function runCoordinatedCreates(
  request: CoordinatedCreatesRequest,
): Promise<CoordinatedCreatesResult> {
  await round(request); // warm-up
  const rounds = [];
  for (let r = 0; r < request.repetitions; r++) rounds.push(await round(request));
  return {
    singleMsPerCreate: median(rounds.map((r) => r.single)) / request.creates,
    channel: median(rounds.map((r) => r.channel)),
    polling: median(rounds.map((r) => r.polling)),
    again: median(rounds.map((r) => r.again)),
    rounds: rounds.length,
    perRound: rounds.map(({ channel, polling, again }) => ({ channel, polling, again })),
    turns: rounds.flatMap((r) => r.turns),
  };
}

(globalThis as { runCoordinatedCreates?: typeof runCoordinatedCreates }).runCoordinatedCreates =
  runCoordinatedCreates;
