// Issue 10: the pusher keeps renewing its push lease while a sign-out holds its sync back
// (the running round finishes first, however long its request takes) and while one of its
// ticks runs a long round. Before, the renewals ran only in ticks: the lease lapsed after
// its ttl and another client took pushing over in the middle of this client's round.
import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { manualTimers } from '../support/manual-timers.js';
import { backendWithUser, coordinatedDevice } from './coordinated-device.js';

/** Lets the promise chains a timer started run to their end. */
async function settle(): Promise<void> {
  for (let i = 0; i < 30; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Two clients over one memory storage and one backend, on manual timers and a manual clock;
 * A's requests wait while `hold()` was called, until `letGo()`.
 */
async function twoClients(name: string, counted: boolean) {
  const { backend, user } = await backendWithUser(name);
  const storage = memoryStorage();
  const clock = manualTimers();
  const world = { time: Date.now(), holding: false };
  let letGo: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    letGo = resolve;
  });
  const device = (id: string, beforeRequest?: () => Promise<void>) =>
    coordinatedDevice({
      backend,
      user,
      id,
      storage,
      now: () => world.time,
      timers: clock.timers,
      beforeRequest,
      counted,
    });
  const a = await device('a', () => (world.holding ? held : Promise.resolve()));
  const b = await device('b');
  /** Moves the clock and the timers on by one second and lets what they started run. */
  const second = async () => {
    world.time += 1000;
    clock.advance(1000);
    await settle();
  };
  return { backend, a, b, second, hold: () => (world.holding = true), letGo: () => letGo() };
}

describe('the push lease while the pusher is held back', () => {
  it('is renewed while a sign-out waits for the running round: no other client takes over', async () => {
    const { backend, a, b, second, hold, letGo } = await twoClients('held-back', false);
    try {
      expect(a.sharing.isPusher()).toBe(true);
      await a.store.create('heroes', { name: 'Slow', age: 5, traits: ['brave'] });
      hold();
      const round = a.engine.syncNow(); // its push waits on the server's answer
      const resume = await a.sharing.pause(); // a sign-out begins: sync is held back
      for (let s = 0; s < 8; s++) await second();
      // Eight seconds later (the lease lasts five), A still holds it and B does not push.
      expect(b.sharing.isPusher()).toBe(false);
      expect(a.sharing.isPusher()).toBe(true);
      letGo();
      await round;
      resume();
      expect(backend.db.heroes.size).toBe(1);
      await Promise.all([a.close(), b.close()]);
    } finally {
      backend.close();
    }
  });

  it('is renewed while a tick runs a long round for another client: no takeover meanwhile', async () => {
    const { backend, a, b, second, hold, letGo } = await twoClients('long-tick', true);
    try {
      expect(a.sharing.isPusher()).toBe(true);
      await b.store.create('heroes', { name: 'Asked', age: 5, traits: ['brave'] });
      hold();
      const asked = b.sharing.syncNow(); // B asks the pusher; A's next tick runs the round
      for (let s = 0; s < 8; s++) await second();
      expect(b.sharing.isPusher()).toBe(false);
      expect(a.sharing.isPusher()).toBe(true);
      letGo();
      let answered = false;
      void asked.finally(() => {
        answered = true;
      });
      // B hears the answer at one of its ticks, once the backend has taken the push.
      for (let ticks = 0; !answered; ticks++) {
        expect(ticks, 'B never heard the answer').toBeLessThan(60);
        await second();
      }
      await expect(asked).resolves.toMatchObject({ pushed: 1 });
      expect(backend.db.heroes.size).toBe(1);
      await Promise.all([a.close(), b.close()]);
    } finally {
      backend.close();
    }
  });
});
