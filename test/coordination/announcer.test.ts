/**
 * Write announcements on the change channel: at most one message per window, the first write
 * after a quiet spell at once, every written key announced exactly once, and nothing left
 * unannounced when sharing stops.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Announcer } from '../../src/coordination/announcer.js';
import { memoryChangeChannels } from '../../src/coordination/change-channel.js';
import { storagePushLease } from '../../src/coordination/push-lease.js';
import { shareStore } from '../../src/coordination/share-store.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { openLocalStore } from '../../src/store/local-store.js';
import { manualTimers } from '../support/manual-timers.js';

function recorder() {
  const posts: string[][] = [];
  return { posts, post: (keys: readonly string[]) => posts.push([...keys]) };
}

describe('Announcer', () => {
  it('announces a lone write at once and gathers a burst into one message per window', () => {
    const clock = manualTimers();
    const { posts, post } = recorder();
    const announcer = new Announcer(post, clock.timers, 8);
    announcer.add(['a']);
    expect(posts).toEqual([['a']]);
    announcer.add(['b']);
    announcer.add(['c', 'b']);
    expect(posts).toHaveLength(1);
    clock.advance(8);
    expect(posts).toEqual([['a'], ['b', 'c']]);
    announcer.add(['d']); // still paced: the window reopened when the burst was sent
    expect(posts).toHaveLength(2);
    clock.advance(8);
    expect(posts.at(-1)).toEqual(['d']);
    clock.advance(8); // a quiet window closes it
    expect(clock.pending()).toBe(0);
    announcer.add(['e']);
    expect(posts.at(-1)).toEqual(['e']);
  });

  it('flush sends what is gathered and closes the window', () => {
    const clock = manualTimers();
    const { posts, post } = recorder();
    const announcer = new Announcer(post, clock.timers, 8);
    announcer.add(['a']);
    announcer.add(['b']);
    announcer.flush();
    expect(posts).toEqual([['a'], ['b']]);
    expect(clock.pending()).toBe(0);
    announcer.flush();
    expect(posts).toHaveLength(2);
  });

  it('every key is announced within one window of its write; messages are a window apart', () => {
    const write = fc.tuple(fc.nat(20), fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 3 }));
    fc.assert(
      fc.property(fc.array(write, { maxLength: 30 }), (writes) => {
        const clock = manualTimers();
        let now = 0;
        const tick = () => {
          now += 1;
          clock.advance(1);
        };
        const heard: Array<{ readonly at: number; readonly keys: readonly string[] }> = [];
        const announcer = new Announcer((keys) => heard.push({ at: now, keys }), clock.timers, 8);
        const made: Array<{ readonly at: number; readonly key: string }> = [];
        for (const [gap, keys] of writes) {
          for (let i = 0; i < gap; i++) tick();
          announcer.add(keys);
          for (const key of keys) made.push({ at: now, key });
        }
        for (let i = 0; i < 8; i++) tick();
        for (const { at, key } of made) {
          const message = heard.find((m) => m.at >= at && m.keys.includes(key));
          expect(message && message.at - at).toBeLessThanOrEqual(8);
        }
        for (let i = 1; i < heard.length; i++) {
          const [before, after] = [heard[i - 1], heard[i]] as const;
          expect((after?.at ?? 0) - (before?.at ?? 0)).toBeGreaterThanOrEqual(8);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('sharing announces a burst of writes once the window ends', () => {
  it('the other client sees every write of a burst; the last ones after the window, or at close', async () => {
    const storage = memoryStorage();
    const channels = memoryChangeChannels();
    const clock = manualTimers();
    const open = async (clientId: string) => {
      const store = await openLocalStore({ storage, userId: 'u' });
      const sharing = shareStore({
        store,
        clientId,
        lock: storagePushLease({ storage, key: 'c/u/push', owner: clientId, now: () => 0 }),
        channel: channels(),
        timers: clock.timers,
        now: () => 0,
      });
      await sharing.tick();
      return { store, sharing };
    };
    const a = await open('a');
    const b = await open('b');
    const seen = (id: string) => b.store.get('heroes', id) !== undefined;
    const until = async (check: () => boolean) => {
      for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setImmediate(r));
      return check();
    };

    const first = await a.store.create('heroes', { name: 'One', age: 5, traits: [] });
    expect(await until(() => seen(first.id))).toBe(true); // a lone write: at once
    const second = await a.store.create('heroes', { name: 'Two', age: 5, traits: [] });
    const third = await a.store.create('heroes', { name: 'Three', age: 5, traits: [] });
    expect(await until(() => seen(second.id))).toBe(false); // gathered in the window
    clock.advance(8);
    expect(await until(() => seen(second.id) && seen(third.id))).toBe(true);

    const fourth = await a.store.create('heroes', { name: 'Four', age: 5, traits: [] });
    await a.sharing.close(); // within the window: announced when sharing stops
    expect(await until(() => seen(fourth.id))).toBe(true);
    await b.sharing.close();
    await a.store.close();
    await b.store.close();
  });
});
