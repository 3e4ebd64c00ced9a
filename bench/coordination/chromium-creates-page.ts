/**
 * W1 with coordination on, in real Chromium: bundled by `chromium-creates.ts` and run in a
 * headless page. Three stores over the browser's own IndexedDB, each in its own database: one
 * without coordination, one as the documented web setup (Web Lock + BroadcastChannel: its
 * transactions only read the gate), one without a channel (its transactions also keep the
 * change counter). Their awaited creates run in interleaved chunks, so the machine's load
 * affects them alike; a page has no CPU clock, so the ratios are of wall time.
 */
import { broadcastChangeChannel } from '../../src/coordination/change-channel.js';
import { openCoordinatedStorage } from '../../src/coordination/coordinated-storage.js';
import { storagePushLease, webLocksPushLock } from '../../src/coordination/push-lease.js';
import { shareStore } from '../../src/coordination/share-store.js';
import { indexedDBStorage } from '../../src/storage-adapters/indexeddb-storage.js';
import { openLocalStore } from '../../src/store/local-store.js';
import { median, now } from '../stats.js';

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

type Mode = 'single' | 'channel' | 'polling';
const modes: readonly Mode[] = ['single', 'channel', 'polling'];
let counter = 0;

async function openMode(mode: Mode) {
  const name = `coord-bench-${Date.now()}-${++counter}`;
  const storage = indexedDBStorage({ dbName: name });
  const shared =
    mode === 'single'
      ? undefined
      : await openCoordinatedStorage(storage, 'bench', { count: mode === 'polling' });
  const store = await openLocalStore({ storage: shared?.storage ?? storage, userId: 'bench' });
  const sharing = shared
    ? shareStore({
        store,
        clientId: 'a',
        lock:
          mode === 'channel'
            ? webLocksPushLock(`${name}:push`, navigator.locks)
            : storagePushLease({ storage, key: 'c/bench/push', owner: 'a', now: Date.now }),
        channel: mode === 'channel' ? broadcastChangeChannel(`${name}:changes`) : undefined,
        changes: shared,
        pollMs: 60_000, // the bench measures the writes, not the polls
      })
    : undefined;
  await sharing?.tick();
  return {
    mode,
    store,
    wall: 0,
    async close() {
      await sharing?.close();
      await store.close();
      await storage.close();
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
