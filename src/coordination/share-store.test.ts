import { describe, expect, it } from 'vitest';
import type { Timers } from '../platform/clock.js';
import { memoryStorage } from '../storage-adapters/memory-storage.js';
import { keyLayout } from '../store/keys.js';
import { openLocalStore } from '../store/local-store.js';
import { ANNOUNCE_GAP_MS } from './announcer.js';
import {
  broadcastChangeChannel,
  type ChangeChannel,
  type ChangeMessage,
} from './change-channel.js';
import { storagePushLease } from './push-lease.js';
import { shareStore } from './share-store.js';

describe('shareStore', () => {
  it('closes its change channel once it and its store closed (a tab that switches users keeps no channel open)', async () => {
    const closed: string[] = [];
    class RecordingChannel extends BroadcastChannel {
      override close(): void {
        closed.push(this.name);
        super.close();
      }
    }
    const storage = memoryStorage();
    const store = await openLocalStore({ storage, userId: 'u' });
    const sharing = shareStore({
      store,
      clientId: 'a',
      lock: storagePushLease({ storage, key: 'c/u/push', owner: 'a', now: Date.now }),
      channel: broadcastChangeChannel('changes:u', RecordingChannel),
      timers: { setTimeout: () => 0, clearTimeout: () => {} },
    });
    await sharing.tick();
    expect(closed).toEqual([]);
    await sharing.close();
    await sharing.close();
    // The store may still make queued writes durable: they are announced until it closes.
    expect(closed).toEqual([]);
    await store.close();
    // The close chain runs on promises: one macrotask later every step of it has run.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(closed).toEqual(['changes:u']);
  });
});

describe('shareStore announcements', () => {
  it('announces a write at once, the writes within the gap after it in one message at its end (or at the first write after it), and what waits at close', async () => {
    const messages: ChangeMessage[] = [];
    let closedAt: number | undefined;
    const channel: ChangeChannel = {
      post: (message) => messages.push(message),
      subscribe: () => () => {},
      close: () => {
        closedAt = messages.length;
      },
    };
    const gaps: Array<() => void> = [];
    let clock = 1_000;
    const timers: Timers = {
      setTimeout(callback, ms) {
        if (ms === ANNOUNCE_GAP_MS) gaps.push(callback);
        return gaps.length;
      },
      clearTimeout: () => {},
    };
    const storage = memoryStorage();
    const store = await openLocalStore({ storage, userId: 'u' });
    const sharing = shareStore({
      store,
      clientId: 'a',
      lock: storagePushLease({ storage, key: 'c/u/push', owner: 'a', now: Date.now }),
      channel,
      timers,
      now: () => clock,
    });
    await sharing.tick();
    const create = (name: string) => store.create('heroes', { name, age: 5, traits: ['brave'] });
    const keysOf = (ids: readonly string[]) => ids.map((id) => keyLayout('u').record('heroes', id));

    const first = await create('One');
    expect(messages.map((m) => m.keys)).toEqual([keysOf([first.id])]);
    const second = await create('Two');
    const third = await create('Three');
    expect(messages).toHaveLength(1); // within the gap: waiting
    gaps.shift()?.();
    expect(messages.map((m) => m.keys)).toEqual([
      keysOf([first.id]),
      keysOf([second.id, third.id]),
    ]);
    expect(messages.every((m) => m.source === 'a')).toBe(true);

    // The gap reopened with that message: a write now waits.
    const fourth = await create('Four');
    expect(messages).toHaveLength(2);
    // A timer that is late (a hidden tab's): the first write after the gap's end posts both.
    clock += ANNOUNCE_GAP_MS;
    const fifth = await create('Five');
    expect(messages.map((m) => m.keys)).toEqual([
      keysOf([first.id]),
      keysOf([second.id, third.id]),
      keysOf([fourth.id, fifth.id]),
    ]);
    // What waits when the client closes is posted before the channel closes.
    const sixth = await create('Six');
    expect(messages).toHaveLength(3);
    await sharing.close();
    await store.close();
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(messages.map((m) => m.keys)).toEqual([
      keysOf([first.id]),
      keysOf([second.id, third.id]),
      keysOf([fourth.id, fifth.id]),
      keysOf([sixth.id]),
    ]);
    expect(closedAt).toBe(4); // posted before the channel closed
  });
});
