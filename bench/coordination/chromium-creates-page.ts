/**
 * W1 with coordination on, in real Chromium: bundled by `chromium-creates.ts` and run in a
 * headless page. Stores over the browser's own IndexedDB, each in its own database: one
 * without coordination, one as the documented web setup (Web Lock + BroadcastChannel: its
 * transactions only read the gate), one without a channel (its transactions also keep the
 * change counter). Their awaited creates run in interleaved chunks, so the machine's load
 * affects them alike; a page has no CPU clock, so the ratios are of wall time. A fourth store,
 * again without coordination, gives an A/A ratio: how far two identical stores differ in the
 * same run (the noise floor of the other ratios).
 *
 * For the question where a post's cost is, three more setups (`silent`: the web setup with a
 * channel that posts nothing; `text`: its messages as one string; `heard`: the web setup once
 * it heard another client, which posts every write as all clients did before 0042) and a listening page
 * (`listenToCreates`, opened beside by the Node side): the writer asks it, on a control channel,
 * to open each channel store's database as a second client (`store`) or only to hear its
 * channel (`raw`).
 */
import {
  broadcastChangeChannel,
  type ChangeChannel,
  type ChangeMessage,
} from '../../src/coordination/change-channel.js';
import { webLocksPushLock } from '../../src/coordination/push-lease.js';
import { indexedDBStorage } from '../../src/storage-adapters/indexeddb-storage.js';
import { median, now } from '../stats.js';
import { type CoordinationMode, openCoordinatedStore } from './coordinated-store.js';

/** The stores a run can compare (see the module comment). */
export type Mode = CoordinationMode | 'again' | 'silent' | 'text' | 'heard';

/** What a listening page does with each channel store of the writer. */
export type ListenerKind = 'store' | 'raw';

/** What the Node side asks the page to run. */
export interface CoordinatedCreatesRequest {
  /** Awaited creates per store and round. */
  readonly creates: number;
  readonly chunk: number;
  /** Timed rounds, after one untimed. */
  readonly repetitions: number;
  /** The stores, in turn order. @default {@link modes} */
  readonly modes?: readonly Mode[] | undefined;
  /** Whether a listening page is open beside (it must be, see `listenToCreates`). */
  readonly listener?: ListenerKind | undefined;
}

/** Ratios to the store without coordination: medians over the rounds, and each round's. */
export interface CoordinatedCreatesResult {
  /** The store without coordination: ms per create (median round). */
  readonly singleMsPerCreate: number;
  /** The stores, in the order of each turn's chunk times. */
  readonly modes: readonly Mode[];
  /** Per mode: the median over the rounds of its wall time ÷ the store without coordination. */
  readonly ratios: Readonly<Partial<Record<Mode, number>>>;
  readonly rounds: number;
  /**
   * Each turn's chunk times (ms) of the timed rounds, in the order of `modes`: chunks of one
   * turn run back to back, so their ratios are the finest paired comparison the run has.
   */
  readonly turns: readonly (readonly number[])[];
}

/** The default stores and their order. */
export const modes: readonly Mode[] = ['single', 'channel', 'polling', 'again'];
const channelModes: readonly Mode[] = ['channel', 'silent', 'text', 'heard'];
const control = 'coord-bench-control';
let counter = 0;

/** A change channel over `BroadcastChannel` whose messages are one string (`text`). */
function textChannel(name: string): ChangeChannel {
  const channel = new BroadcastChannel(name);
  return {
    post: ({ source, keys }) => channel.postMessage(`${source}\n${keys.join('\n')}`),
    subscribe(listener) {
      const handler = (event: MessageEvent<string>) => {
        const [source = '', ...keys] = event.data.split('\n');
        listener({ source, keys });
      };
      channel.addEventListener('message', handler);
      return () => channel.removeEventListener('message', handler);
    },
    close: () => channel.close(),
  };
}

/** The change channel of `mode` named `name`. */
function channelOf(mode: Mode, name: string): ChangeChannel {
  if (mode === 'text') return textChannel(name);
  const real = broadcastChangeChannel(name);
  if (mode === 'heard') {
    // The web setup that once heard another client (a tab of an older build that says no
    // hello): it is never alone, so it posts every write, as every client did before 0042.
    return {
      ...real,
      subscribe(listener) {
        const undo = real.subscribe(listener);
        queueMicrotask(() => listener({ source: 'another-tab', keys: [] }));
        return undo;
      },
    };
  }
  if (mode !== 'silent') return real;
  return { post: (_message: ChangeMessage) => {}, subscribe: real.subscribe, close: real.close };
}

/** Sends `message` on the control channel and waits for the listening page's answer. */
function ask(message: { open?: string; close?: string; mode?: Mode }): Promise<void> {
  const channel = new BroadcastChannel(control);
  const name = message.open ?? message.close;
  return new Promise<void>((done) => {
    channel.onmessage = (event: MessageEvent<{ done?: string }>) => {
      if (event.data.done !== name) return;
      channel.close();
      done();
    };
    channel.postMessage(message);
  });
}

async function openMode(mode: Mode, listener: ListenerKind | undefined) {
  const name = `coord-bench-${Date.now()}-${++counter}`;
  const setup = mode === 'again' ? 'single' : mode === 'polling' ? 'polling' : mode;
  const shared = channelModes.includes(mode);
  const opened = await openCoordinatedStore(
    indexedDBStorage({ dbName: name }),
    shared ? 'channel' : (setup as CoordinationMode),
    {
      channel: () => channelOf(mode, `${name}:changes`),
      ...(shared ? { lock: () => webLocksPushLock(`${name}:push`, navigator.locks) } : {}),
    },
  );
  const listened = shared && listener !== undefined;
  if (listened) await ask({ open: name, mode });
  return {
    mode,
    store: opened.store,
    wall: 0,
    async close() {
      if (listened) await ask({ close: name });
      await opened.close();
      await new Promise<void>((done) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = request.onerror = request.onblocked = () => done();
      });
    },
  };
}

async function round(request: CoordinatedCreatesRequest, order: readonly Mode[]) {
  const sides: Awaited<ReturnType<typeof openMode>>[] = [];
  for (const mode of order) sides.push(await openMode(mode, request.listener));
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
  return { walls: sides.map((side) => side.wall), turns };
}

async function runCoordinatedCreates(
  request: CoordinatedCreatesRequest,
): Promise<CoordinatedCreatesResult> {
  const order = request.modes ?? modes;
  if (order[0] !== 'single') throw new Error('the first store is the one without coordination');
  await round(request, order); // warm-up
  const rounds: Awaited<ReturnType<typeof round>>[] = [];
  for (let r = 0; r < request.repetitions; r++) rounds.push(await round(request, order));
  const ratios: Partial<Record<Mode, number>> = {};
  order.forEach((mode, at) => {
    ratios[mode] = median(rounds.map((r) => (r.walls[at] as number) / (r.walls[0] as number)));
  });
  return {
    singleMsPerCreate: median(rounds.map((r) => r.walls[0] as number)) / request.creates,
    modes: order,
    ratios,
    rounds: rounds.length,
    turns: rounds.flatMap((r) => r.turns),
  };
}

/**
 * The listening page: for each channel store the writer opens, a second client over its
 * database (`store`: it takes every row the writer names into memory, as another tab does) or
 * only a listener on its channel (`raw`). Resolves once it listens.
 */
function listenToCreates(kind: ListenerKind): void {
  const open = new Map<string, () => Promise<void>>();
  const channel = new BroadcastChannel(control);
  channel.onmessage = async (
    event: MessageEvent<{ open?: string; close?: string; mode: Mode }>,
  ) => {
    const { open: name, close, mode } = event.data;
    if (name !== undefined) {
      if (kind === 'raw') {
        const heard = channelOf(mode, `${name}:changes`);
        heard.subscribe(() => {});
        open.set(name, async () => heard.close());
      } else {
        const opened = await openCoordinatedStore(indexedDBStorage({ dbName: name }), 'channel', {
          channel: () => channelOf(mode, `${name}:changes`),
          lock: () => webLocksPushLock(`${name}:push`, navigator.locks),
          clientId: 'b',
        });
        open.set(name, () => opened.close());
      }
      channel.postMessage({ done: name });
    } else if (close !== undefined) {
      await open.get(close)?.();
      open.delete(close);
      channel.postMessage({ done: close });
    }
  };
}

Object.assign(globalThis, { runCoordinatedCreates, listenToCreates });
