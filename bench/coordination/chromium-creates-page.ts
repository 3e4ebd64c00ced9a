/**
 * W1 with coordination on, in real Chromium: bundled by `chromium-creates.ts` and run in a
 * headless page. Three stores over the browser's own IndexedDB, each in its own database: one
 * without coordination, one as the documented web setup (Web Lock + BroadcastChannel: its
 * transactions only read the gate), one without a channel (its transactions also keep the
 * change counter). Their awaited creates run in interleaved chunks, so the machine's load
 * affects them alike; a page has no CPU clock, so the ratios are of wall time.
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

/** Ratios to the store without coordination: medians over the rounds. */
export interface CoordinatedCreatesResult {
  /** The store without coordination: ms per create (median round). */
  readonly singleMsPerCreate: number;
  readonly channel: number;
  readonly polling: number;
  readonly rounds: number;
}

type Mode = CoordinationMode;
const modes: readonly Mode[] = ['single', 'channel', 'polling'];
let counter = 0;

async function openMode(mode: Mode) {
  const name = `coord-bench-${Date.now()}-${++counter}`;
  const opened = await openCoordinatedStore(indexedDBStorage({ dbName: name }), mode, {
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
  for (let start = 0, turn = 0; start < request.creates; start += request.chunk, turn++) {
    for (let k = 0; k < sides.length; k++) {
      const side = sides[(turn + k) % sides.length] as (typeof sides)[number];
      const began = now();
      for (let i = start; i < Math.min(request.creates, start + request.chunk); i++) {
        await side.store.create('heroes', { name: `Hero ${i}`, age: 5, traits: ['brave'] });
      }
      side.wall += now() - began;
    }
  }
  for (const side of sides) {
    const stored = side.store.list('heroes').length;
    await side.close();
    if (stored !== request.creates) {
      throw new Error(`${side.mode}: ${stored} heroes stored after ${request.creates} creates`);
    }
  }
  const wall = (mode: Mode) => sides.find((side) => side.mode === mode)?.wall ?? Number.NaN;
  return { single: wall('single'), channel: wall('channel'), polling: wall('polling') };
}

async function runCoordinatedCreates(
  request: CoordinatedCreatesRequest,
): Promise<CoordinatedCreatesResult> {
  await round(request); // warm-up
  const rounds = [];
  for (let r = 0; r < request.repetitions; r++) rounds.push(await round(request));
  return {
    singleMsPerCreate: median(rounds.map((r) => r.single)) / request.creates,
    channel: median(rounds.map((r) => r.channel / r.single)),
    polling: median(rounds.map((r) => r.polling / r.single)),
    rounds: rounds.length,
  };
}

(globalThis as { runCoordinatedCreates?: typeof runCoordinatedCreates }).runCoordinatedCreates =
  runCoordinatedCreates;
