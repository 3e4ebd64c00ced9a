// Bundled by test/support/chromium-tabs.ts and run in real Chromium pages of one origin: one
// app per page, over the browser's own IndexedDB, with coordination on (a Web Lock decides who
// pushes, a BroadcastChannel carries the writes), talking to the fake backend over loopback.
// The Node side drives it through `globalThis.tab`.
import { browserConnectivity, createClient, type InfiniteStoriesClient } from '../../src/index.js';
import {
  broadcastChangeChannel,
  type ChangeChannel,
  indexedDBStorage,
  webLocksPushLock,
} from '../../src/indexeddb.js';

/** What a test needs to see of a hero. */
export interface HeroView {
  readonly id: string;
  readonly serverId: string | null;
  readonly name: string;
  readonly appearance: string | null;
  readonly syncStatus: string;
}

/**
 * A state of the live hero list to wait for: every `heroes` entry matches some hero (by the
 * fields it gives), `count` (if given) is the number of heroes, and with `synced` nothing is
 * pending and every hero is synced; with `roundDone` a sync round of this app has finished
 * and none is running.
 */
export interface Want {
  readonly heroes?: ReadonlyArray<Partial<HeroView>>;
  readonly count?: number;
  readonly synced?: boolean;
  readonly roundDone?: boolean;
}

/** Where the app of this page keeps its data and how it reaches the API. */
export interface OpenOptions {
  readonly baseUrl: string;
  /** Names the IndexedDB database, the lock and the channel (one space per test). */
  readonly space: string;
}

let client: InfiniteStoriesClient | undefined;
const watches = new Map<number, Promise<HeroView[]>>();
let nextWatch = 0;
const signOuts = new Map<number, Promise<{ status: string; listed: number }>>();

function app(): InfiniteStoriesClient {
  if (!client) throw new Error('no app is open in this page (call tab.open first)');
  return client;
}

function heroes(): HeroView[] {
  return app()
    .heroes.list()
    .map((hero) => ({
      id: hero.id,
      serverId: hero.serverId,
      name: hero.name,
      appearance: hero.appearance ?? null,
      syncStatus: hero.syncStatus,
    }));
}

function matches(want: Want): boolean {
  const list = heroes();
  if (want.count !== undefined && list.length !== want.count) return false;
  if (want.synced && (app().sync.pending().length > 0 || list.some(notSynced))) return false;
  const status = app().sync.getSnapshot();
  if (want.roundDone && (status.lastSyncedAt === null || status.phase !== 'idle')) return false;
  return (want.heroes ?? []).every((wanted) =>
    list.some((hero) =>
      Object.entries(wanted).every(([key, value]) => hero[key as keyof HeroView] === value),
    ),
  );
}

const notSynced = (hero: HeroView): boolean => hero.syncStatus !== 'synced';

/**
 * Resolves (with the list) the first time the live list and the sync status satisfy `want`:
 * driven by `heroes.observe()` and `sync.subscribe()`, never by polling.
 */
function until(want: Want): Promise<HeroView[]> {
  const current = app();
  return new Promise((resolve, reject) => {
    const list = current.heroes.observe();
    const stops: Array<() => void> = [];
    const check = (): void => {
      let met: HeroView[] | undefined;
      try {
        if (!matches(want)) return;
        met = heroes();
      } catch (error) {
        // The app closed or signed out while waiting: no list to match any more.
        for (const stop of stops.splice(0)) stop();
        reject(error);
        return;
      }
      for (const stop of stops.splice(0)) stop();
      resolve(met);
    };
    stops.push(list.subscribe(check), current.sync.subscribe(check));
    check();
  });
}

/** A clock both pages share (epoch ms, sub-millisecond): for the cross-tab latency bench. */
const stamp = (): number => performance.timeOrigin + performance.now();
const timings = new Map<number, Promise<number>>();

/** When a hero named `name` first shows in the live list (armed now). */
function watchTimed(name: string): number {
  const current = app();
  const id = ++nextWatch;
  timings.set(
    id,
    new Promise((resolve) => {
      const list = current.heroes.observe();
      const check = (): void => {
        if (!list.getSnapshot().some((hero) => hero.name === name)) return;
        const at = stamp();
        stop();
        resolve(at);
      };
      const stop = list.subscribe(check);
      check();
    }),
  );
  return id;
}

/**
 * The raw cost of the same cross-tab work, for the bench's baseline: a row written in one
 * IndexedDB `readwrite` transaction, its key posted on a BroadcastChannel once committed, and
 * the row read back by the other tab.
 */
let raw: { db: IDBDatabase; channel: BroadcastChannel } | undefined;

function rawOpen(space: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(`raw-${space}`, 1);
    request.onupgradeneeded = () => request.result.createObjectStore('kv');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      raw = { db: request.result, channel: new BroadcastChannel(`raw-${space}`) };
      resolve();
    };
  });
}

function rawWatch(key: string): number {
  if (!raw) throw new Error('call tab.rawOpen first');
  const { db, channel } = raw;
  const id = ++nextWatch;
  timings.set(
    id,
    new Promise((resolve, reject) => {
      const heard = (event: MessageEvent<string>): void => {
        if (event.data !== key) return;
        channel.removeEventListener('message', heard);
        const read = db.transaction('kv', 'readonly').objectStore('kv').get(key);
        read.onerror = () => reject(read.error);
        read.onsuccess = () => resolve(stamp());
      };
      channel.addEventListener('message', heard);
    }),
  );
  return id;
}

function rawWrite(key: string): Promise<{ start: number; durable: number }> {
  if (!raw) throw new Error('call tab.rawOpen first');
  const { db, channel } = raw;
  const start = stamp();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction('kv', 'readwrite');
    transaction.objectStore('kv').put({ key, name: key, at: start }, key);
    transaction.onerror = () => reject(transaction.error);
    transaction.oncomplete = () => {
      channel.postMessage(key);
      resolve({ start, durable: stamp() });
    };
  });
}

/** How many write announcements (messages naming rows) this page's app posted since it opened. */
let writesPosted = 0;

/** `channel`, counting the write announcements posted through it. */
function counted(channel: ChangeChannel): ChangeChannel {
  return {
    ...channel,
    post(message) {
      if (message.keys.length > 0) writesPosted++;
      channel.post(message);
    },
  };
}

const tab = {
  /** How many write announcements this page's app posted so far. */
  posted: (): number => writesPosted,
  async open(options: OpenOptions): Promise<string> {
    const { baseUrl, space } = options;
    writesPosted = 0;
    client = createClient({
      baseUrl,
      storage: indexedDBStorage({ dbName: `tabs-${space}` }),
      connectivity: browserConnectivity(window, navigator),
      sync: { debounceMs: 20 },
      coordination: {
        lock: (userId) => webLocksPushLock(`tabs-${space}:push:${userId}`, navigator.locks),
        channel: (userId) => counted(broadcastChangeChannel(`tabs-${space}:changes:${userId}`)),
        sessionChannel: () => broadcastChangeChannel(`tabs-${space}:session`),
      },
    });
    await client.ready;
    return client.auth.getSnapshot().status;
  },
  async close(): Promise<void> {
    await client?.close();
    client = undefined;
  },
  async signIn(email: string, password: string): Promise<string> {
    return (await app().auth.signIn({ email, password })).status;
  },
  async signOut(): Promise<string> {
    return (await app().auth.signOut()).status;
  },
  status: (): string => app().auth.getSnapshot().status,
  /**
   * Starts waiting (listeners in place when this returns) until this app is signed out and the
   * live hero list it holds now is empty; {@link seenSignOut} then gives what it saw.
   */
  watchSignOut(): number {
    const current = app();
    const list = current.heroes.observe();
    const id = ++nextWatch;
    signOuts.set(
      id,
      new Promise((resolve) => {
        const stops: Array<() => void> = [];
        const check = (): void => {
          const status = current.auth.getSnapshot().status;
          if (status !== 'signed-out' || list.getSnapshot().length > 0) return;
          for (const stop of stops.splice(0)) stop();
          resolve({ status, listed: list.getSnapshot().length });
        };
        stops.push(list.subscribe(check), current.auth.subscribe(check));
        check();
      }),
    );
    return id;
  },
  async seenSignOut(id: number): Promise<{ status: string; listed: number }> {
    const found = signOuts.get(id);
    if (!found) throw new Error(`no sign-out watch ${id}`);
    signOuts.delete(id);
    return found;
  },
  async create(name: string): Promise<string> {
    return (await app().heroes.create({ name, age: 6, traits: ['brave'] })).id;
  },
  async update(id: string, patch: { name?: string; appearance?: string }): Promise<void> {
    await app().heroes.update(id, patch);
  },
  async syncNow(): Promise<void> {
    await app().sync.syncNow();
  },
  heroes,
  pending: (): number => app().sync.pending().length,
  until,
  async createTimed(name: string): Promise<{ start: number; durable: number }> {
    const start = stamp();
    await app().heroes.create({ name, age: 6, traits: ['brave'] });
    return { start, durable: stamp() };
  },
  watchTimed,
  /** When the timed watch `id` saw its hero (or raw row). */
  async seenAt(id: number): Promise<number> {
    const found = timings.get(id);
    if (!found) throw new Error(`no timed watch ${id}`);
    timings.delete(id);
    return found;
  },
  rawOpen,
  rawWatch,
  rawWrite,
  /** Starts waiting for `want` now (the listener is in place when this returns). */
  watch(want: Want): number {
    const id = ++nextWatch;
    watches.set(id, until(want));
    return id;
  },
  /** The list once the watch `id` was satisfied. */
  async seen(id: number): Promise<HeroView[]> {
    const found = watches.get(id);
    if (!found) throw new Error(`no watch ${id}`);
    watches.delete(id);
    return found;
  },
};

/** The functions the Node side calls in this page. */
export type TabApi = typeof tab;

(globalThis as { tab?: TabApi }).tab = tab;
