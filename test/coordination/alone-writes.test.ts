// Issue 10 (decision 0042): the push-lock holder that has heard no other client posts none of
// its writes. A client that opens while those writes commit must still show every row (the
// holder answers its hello with a refresh), its own writes reach the holder, and a client that
// does not hold the lock posts every write. Nothing here waits on a timer: the storage's
// reads and writes are held and released by the test.
import { describe, expect, it } from 'vitest';
import {
  type ChangeChannel,
  type ChangeMessage,
  memoryChangeChannels,
} from '../../src/coordination/change-channel.js';
import { type PushLock, storagePushLease } from '../../src/coordination/push-lease.js';
import { shareStore } from '../../src/coordination/share-store.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { type LocalStore, openLocalStore } from '../../src/store/local-store.js';
import { manualTimers } from './coordinated-device.js';

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

/** A gate: `reached` resolves when something waits at it, `release` lets it through. */
function gate() {
  let open = () => {};
  let reach = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const reached = new Promise<void>((resolve) => {
    reach = resolve;
  });
  return { opened, reached, reach, release: () => open() };
}

/** `inner`, with a full read (`scan`) or the next write (`batch`) held once at `held`. */
function holding(inner: StorageAdapter) {
  const held: {
    scan?: ReturnType<typeof gate> | undefined;
    batch?: ReturnType<typeof gate> | undefined;
  } = {};
  const adapter: StorageAdapter = {
    get: (key) => inner.get(key),
    getMany: (keys) => inner.getMany(keys),
    async scan(prefix) {
      const rows = await inner.scan(prefix); // read now, answered once released
      const at = held.scan;
      if (at) {
        held.scan = undefined;
        at.reach();
        await at.opened;
      }
      return rows;
    },
    async batch(ops) {
      const at = held.batch;
      if (at) {
        held.batch = undefined;
        at.reach();
        await at.opened;
      }
      return inner.batch(ops);
    },
    close: () => inner.close(),
  };
  return { adapter, held };
}

/** The keys-carrying messages `channel` posts (writes, not presence). */
function recording(channel: ChangeChannel) {
  const posts: ChangeMessage[] = [];
  const recorded: ChangeChannel = {
    ...channel,
    post(message) {
      if (message.presence === undefined) posts.push(message);
      channel.post(message);
    },
  };
  return { posts, channel: recorded };
}

/** A store over `on`, shared through `channel`; its lease in `storage` on the clock `now`. */
async function openShared(
  id: string,
  storage: StorageAdapter,
  on: StorageAdapter,
  channel: ChangeChannel,
  now: () => number = Date.now,
  lock?: PushLock,
) {
  const store = await openLocalStore({ storage: on, userId: 'u' });
  const sharing = shareStore({
    store,
    clientId: id,
    lock: lock ?? storagePushLease({ storage, key: 'c/u/push', owner: id, now }),
    channel,
    timers: manualTimers,
    frames: null,
  });
  await sharing.tick();
  return { store, sharing };
}

/** `channel`, whose deliveries to this client wait while held (a message on its way). */
function heldDelivery(channel: ChangeChannel) {
  let queue: Array<() => void> | undefined;
  const held: ChangeChannel = {
    ...channel,
    subscribe: (listener) =>
      channel.subscribe((message) => {
        if (queue) queue.push(() => listener(message));
        else listener(message);
      }),
  };
  return {
    channel: held,
    hold: () => {
      queue = [];
    },
    release: () => {
      const waiting = queue ?? [];
      queue = undefined;
      for (const deliver of waiting) deliver();
    },
  };
}

const names = (store: LocalStore) =>
  store
    .list('heroes')
    .map((hero) => hero.name)
    .sort();

describe('writes of a client alone', () => {
  it('are not posted; a client that opens while they commit shows every row, and is heard', async () => {
    const storage = memoryStorage();
    const channels = memoryChangeChannels();
    const onA = holding(storage);
    const onB = holding(storage);
    const sentA = recording(channels());
    const sentB = recording(channels());
    const a = await openShared('a', storage, onA.adapter, sentA.channel);
    expect(a.sharing.isPusher()).toBe(true);
    const hero = (name: string) => ({ name, age: 5, traits: ['brave'] });
    await a.store.create('heroes', hero('One'));
    // b reads the rows as it opens (One), and is answered only once Two is durable.
    onB.held.scan = gate();
    const scanned = onB.held.scan.reached;
    const releaseScan = onB.held.scan.release;
    const opening = openShared('b', storage, onB.adapter, sentB.channel);
    await scanned;
    await a.store.create('heroes', hero('Two'));
    expect(sentA.posts).toEqual([]); // nobody to hear One and Two
    // Three is being written (held) while b says hello and a answers.
    onA.held.batch = gate();
    const writing = onA.held.batch;
    const three = a.store.create('heroes', hero('Three'));
    await writing.reached;
    releaseScan();
    const b = await opening;
    expect(b.sharing.isPusher()).toBe(false);
    await settle();
    writing.release();
    await three;
    await settle();
    expect(names(b.store)).toEqual(['One', 'Three', 'Two']);
    expect(sentA.posts).toHaveLength(1); // Three, after the hello
    // b does not hold the lock: it posts each write, and a shows it.
    await b.store.create('heroes', hero('Four'));
    await b.store.create('heroes', hero('Five'));
    await settle();
    expect(sentB.posts).toHaveLength(2);
    expect(names(a.store)).toEqual(['Five', 'Four', 'One', 'Three', 'Two']);
    for (const side of [a, b]) {
      await side.sharing.close();
      await side.store.close();
    }
  });

  it('a holder that dies before it answers: the next holder tells the clients that opened meanwhile to re-read', async () => {
    const storage = memoryStorage();
    const channels = memoryChangeChannels();
    let time = Date.now();
    const now = () => time;
    const channelA = channels();
    const a = await openShared('a', storage, storage, channelA, now);
    const onB = holding(storage);
    const onC = holding(storage);
    onB.held.scan = gate();
    onC.held.scan = gate();
    const scannedB = onB.held.scan;
    const scannedC = onC.held.scan;
    const openingB = openShared('b', storage, onB.adapter, channels(), now);
    const openingC = openShared('c', storage, onC.adapter, channels(), now);
    await Promise.all([scannedB.reached, scannedC.reached]);
    await a.store.create('heroes', { name: 'Last', age: 5, traits: [] });
    channelA.close(); // a's tab is gone: it hears no hello, says nothing more
    scannedB.release();
    scannedC.release();
    const [b, c] = await Promise.all([openingB, openingC]);
    await settle();
    expect(names(c.store)).toEqual([]);
    time += 6_000; // a's lease runs out; b takes it over
    await b.sharing.tick();
    expect(b.sharing.isPusher()).toBe(true);
    await settle();
    expect(names(b.store)).toEqual(['Last']);
    expect(names(c.store)).toEqual(['Last']);
    for (const side of [b, c]) {
      await side.sharing.close();
      await side.store.close();
    }
    await a.store.close();
  });

  it('a holder that closes with writes unannounced tells a client whose hello it has not heard yet', async () => {
    const storage = memoryStorage();
    const channels = memoryChangeChannels();
    const deaf = heldDelivery(channels());
    const a = await openShared('a', storage, storage, deaf.channel);
    // The lock a closes goes to a client of an older build (it announces no takeover): b
    // never gets it.
    const elsewhere: PushLock = {
      acquire: async () => false,
      held: () => false,
      release: async () => {},
    };
    deaf.hold();
    const b = await openShared('b', storage, storage, channels(), Date.now, elsewhere);
    await settle(); // b's hello waits on the way to a
    await a.store.create('heroes', { name: 'Last', age: 5, traits: [] });
    await a.sharing.close();
    deaf.release();
    await settle();
    expect(names(b.store)).toEqual(['Last']);
    await b.sharing.close();
    await b.store.close();
    await a.store.close();
  });
});
