// Issue 10 (decision 0042, its review): a full re-read of the rows (a `refresh` another client
// asked for, a takeover) reads a snapshot of the storage that can be older than what the store
// holds by the time it is answered. Rows this store wrote or took in meanwhile are kept, and
// nothing is taken in once the sharing or the store has closed. The storage's full reads are
// held and released by the test; no timer runs.
import { describe, expect, it } from 'vitest';
import { memoryChangeChannels } from '../../src/coordination/change-channel.js';
import { storagePushLease } from '../../src/coordination/push-lease.js';
import { shareStore } from '../../src/coordination/share-store.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { type LocalStore, openLocalStore } from '../../src/store/local-store.js';
import { manualTimers } from './coordinated-device.js';

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

/** `inner`, whose next full read (armed) takes its snapshot, then waits for `release`. */
function holdingScans(inner: StorageAdapter) {
  let armed = false;
  let reach = () => {};
  let release = () => {};
  const reached = new Promise<void>((resolve) => {
    reach = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const adapter: StorageAdapter = {
    get: (key) => inner.get(key),
    getMany: (keys) => inner.getMany(keys),
    async scan(prefix) {
      const rows = await inner.scan(prefix); // the snapshot, answered once released
      if (armed) {
        armed = false;
        reach();
        await released;
      }
      return rows;
    },
    batch: (ops) => inner.batch(ops),
    close: () => inner.close(),
  };
  return { adapter, arm: () => (armed = true), reached, release: () => release() };
}

const hero = (name: string) => ({ name, age: 5, traits: ['brave'] });
const names = (store: LocalStore) =>
  store
    .list('heroes')
    .map((h) => h.name)
    .sort();

function setup() {
  const storage = memoryStorage();
  const channels = memoryChangeChannels();
  const open = async (id: string, on: StorageAdapter = storage) => {
    const store = await openLocalStore({ storage: on, userId: 'u' });
    const lock = storagePushLease({ storage, key: 'c/u/push', owner: id, now: Date.now });
    const channel = channels();
    const sharing = shareStore({ store, clientId: id, lock, channel, timers: manualTimers });
    await sharing.tick();
    return { store, sharing };
  };
  /** `a` with one hero, then `b` over the storage with its full reads held by the test. */
  const pair = async (name = 'One') => {
    const a = await open('a');
    const created = await a.store.create('heroes', hero(name));
    const onB = holdingScans(storage);
    const b = await open('b', onB.adapter);
    await settle();
    return { a, b, onB, created };
  };
  /** Another client's `refresh` (a holder that wrote alone, or one that took the lock over). */
  const refreshFromElsewhere = () =>
    channels().post({ source: 'x', keys: [], presence: 'refresh' });
  return { storage, open, pair, refreshFromElsewhere };
}

describe('a full re-read answered after newer rows reached the store', () => {
  it('keeps a row heard by key while the full read was under way', async () => {
    const { pair, refreshFromElsewhere } = setup();
    const { a, b, onB } = await pair();
    onB.arm();
    refreshFromElsewhere();
    await onB.reached;
    await a.store.create('heroes', hero('Two')); // a has heard b: posted, read by key in b
    await settle();
    expect(names(b.store)).toEqual(['One', 'Two']);
    onB.release();
    await settle();
    expect(names(b.store)).toEqual(['One', 'Two']);
  });

  it("keeps the holder's own create, and its outbox entry, made durable meanwhile", async () => {
    const { storage, open, refreshFromElsewhere } = setup();
    const onH = holdingScans(storage);
    const h = await open('h', onH.adapter);
    expect(h.sharing.isPusher()).toBe(true);
    onH.arm();
    refreshFromElsewhere();
    await onH.reached;
    await h.store.create('heroes', hero('Mine'));
    onH.release();
    await settle();
    // Dropped from memory, the entry would not be pushed by this holder until a reload.
    expect(names(h.store)).toEqual(['Mine']);
    expect(h.store.outbox.entries().map((e) => e.op)).toEqual(['create']);
  });
});

describe('a full re-read answered after a known row changed here', () => {
  it("keeps the holder's own edit, and its outbox entry, made durable meanwhile", async () => {
    const { storage, open, refreshFromElsewhere } = setup();
    const onH = holdingScans(storage);
    const h = await open('h', onH.adapter);
    const created = await h.store.create('heroes', hero('Before'));
    onH.arm();
    refreshFromElsewhere();
    await onH.reached; // the snapshot holds the row as created
    await h.store.update('heroes', created.id, { name: 'After' });
    onH.release();
    await settle();
    expect(names(h.store)).toEqual(['After']);
    expect(h.store.outbox.entries().map((e) => [e.op, e.patch?.name])).toEqual([
      ['create', 'After'],
    ]);
  });

  it('keeps a known row another client changed, heard by key meanwhile', async () => {
    const { pair, refreshFromElsewhere } = setup();
    const { a, b, onB, created } = await pair('Before');
    onB.arm();
    refreshFromElsewhere();
    await onB.reached;
    await a.store.update('heroes', created.id, { name: 'After' }); // posted: b reads it by key
    await settle();
    expect(names(b.store)).toEqual(['After']);
    onB.release();
    await settle();
    expect(names(b.store)).toEqual(['After']);
  });
});

describe('a full re-read under way at sign-out', () => {
  it("the sharing's close waits for it, so a forgotten store stays empty", async () => {
    const { pair, refreshFromElsewhere } = setup();
    const { b, onB } = await pair();
    expect(names(b.store)).toEqual(['One']);
    onB.arm();
    refreshFromElsewhere();
    await onB.reached;
    let closed = false;
    const closing = b.sharing.close().then(() => {
      closed = true;
    });
    await settle();
    expect(closed).toBe(false);
    onB.release();
    await closing;
    // The session's close (user-session.ts): sharing, then store, then forget.
    await b.store.close();
    b.store.forget();
    await settle();
    expect(names(b.store)).toEqual([]);
  });

  it('a store closed and forgotten takes in nothing a late read brings', async () => {
    const { storage, pair } = setup();
    const { b, onB } = await pair();
    // A row b has not heard of (written by a store that shares nothing): only the read finds it.
    const quiet = await openLocalStore({ storage, userId: 'u' });
    await quiet.create('heroes', hero('Unheard'));
    onB.arm();
    const late = b.store.shared.refresh();
    await onB.reached;
    await b.store.close();
    b.store.forget();
    onB.release();
    expect(await late).toBe(0);
    expect(names(b.store)).toEqual([]);
  });
});
