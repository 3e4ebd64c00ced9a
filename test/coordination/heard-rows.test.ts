// A receiver over a channel reads the rows another client names one read at a time: what it
// hears while a read runs is read together afterwards (decision 0039). Nothing heard is left
// unread, and nothing waits on a timer (the sharing's timers here never fire).
import { describe, expect, it } from 'vitest';
import { type ChangeChannel, memoryChangeChannels } from '../../src/coordination/change-channel.js';
import type { Frames } from '../../src/coordination/heard-rows.js';
import { storagePushLease } from '../../src/coordination/push-lease.js';
import { shareStore } from '../../src/coordination/share-store.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { openLocalStore } from '../../src/store/local-store.js';
import { manualTimers } from './coordinated-device.js';

/** `inner`, noting each read of record rows (their ids) and holding it while `hold` is on. */
function heldReads(inner: StorageAdapter) {
  const reads: string[][] = [];
  let gate: Promise<void> | undefined;
  let open = () => {};
  let read = () => {};
  const adapter: StorageAdapter = {
    get: (key) => inner.get(key),
    async getMany(keys) {
      if (keys.some((key) => key.includes('/rec/'))) {
        reads.push(keys.map((key) => key.slice(key.lastIndexOf('/') + 1)));
        read();
        await gate;
      }
      return inner.getMany(keys);
    },
    scan: (prefix) => inner.scan(prefix),
    batch: (ops) => inner.batch(ops),
    close: () => inner.close(),
  };
  return {
    adapter,
    reads,
    hold: () => {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release: () => open(),
    /** Resolves at the next read of record rows. */
    nextRead: () =>
      new Promise<void>((resolve) => {
        read = resolve;
      }),
  };
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A store over `on` (default `storage`) shared through `channels`, its timers never firing. */
async function openShared(
  id: string,
  storage: StorageAdapter,
  channels: () => ChangeChannel,
  extra: { on?: StorageAdapter; frames?: Frames | null; onError?: (error: unknown) => void } = {},
) {
  const store = await openLocalStore({ storage: extra.on ?? storage, userId: 'u' });
  const sharing = shareStore({
    store,
    clientId: id,
    lock: storagePushLease({ storage, key: 'c/u/push', owner: id, now: Date.now }),
    channel: channels(),
    timers: manualTimers,
    frames: extra.frames,
    onError: extra.onError,
  });
  await sharing.tick();
  return { store, sharing };
}

describe('rows heard from another client', () => {
  it('are read one read at a time, what was heard meanwhile in one read, and all shown', async () => {
    const storage = memoryStorage();
    const channels = memoryChangeChannels();
    const watched = heldReads(storage);
    const a = await openShared('a', storage, channels);
    const b = await openShared('b', storage, channels, { on: watched.adapter });
    watched.hold();
    const first = watched.nextRead();
    const hero = (name: string) => a.store.create('heroes', { name, age: 5, traits: ['brave'] });
    const one = await hero('One');
    await first; // b reads One's row, and that read is held
    const two = await hero('Two');
    const three = await hero('Three');
    await settle(); // both announcements reached b
    expect(watched.reads).toEqual([[one.id]]);
    const second = watched.nextRead();
    watched.release();
    await second;
    await settle();
    expect(watched.reads).toEqual([[one.id], [two.id, three.id]]);
    expect(
      b.store
        .list('heroes')
        .map((each) => each.name)
        .sort(),
    ).toEqual(['One', 'Three', 'Two']);
    for (const side of [a, b]) {
      await side.sharing.close();
      await side.store.close();
    }
  });

  it('are not read once the sharing closed: a sign-out (close, forget) is not refilled by a read that waited for a frame', async () => {
    const storage = memoryStorage();
    const channels = memoryChangeChannels();
    const waiting: Array<() => void> = [];
    const frames: Frames = {
      running: () => true,
      next: (callback) => void waiting.push(callback),
      onChange: () => () => {},
    };
    const errors: unknown[] = [];
    const onError = (error: unknown) => void errors.push(error);
    const a = await openShared('a', storage, channels, { frames: null, onError });
    const b = await openShared('b', storage, channels, { frames, onError });
    await a.store.create('heroes', { name: 'One', age: 5, traits: [] });
    await settle();
    await settle();
    expect(b.store.list('heroes')).toHaveLength(1); // the first announcement is read at once
    await a.store.create('heroes', { name: 'Two', age: 5, traits: [] });
    await settle();
    expect(waiting.length).toBeGreaterThan(0); // the next read waits for a frame
    await b.sharing.close();
    await b.store.close();
    b.store.forget();
    for (const callback of waiting.splice(0)) callback(); // the frame comes after the sign-out
    await settle();
    await settle();
    expect(b.store.list('heroes')).toHaveLength(0);
    expect(errors).toEqual([]);
    await a.sharing.close();
    await a.store.close();
  });
});
