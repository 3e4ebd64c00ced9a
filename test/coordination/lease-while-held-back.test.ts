// Issue 10: the pusher keeps renewing its push lease while a sign-out holds its sync back
// (the running round finishes first, however long its request takes) and while one of its
// ticks runs a long round. Before, the renewals ran only in ticks: the lease lapsed after
// its ttl and another client took pushing over in the middle of this client's round.
import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { createFakeBackend } from '../../src/testing/index.js';
import { manualTimers } from '../support/manual-timers.js';
import { coordinatedDevice } from './coordinated-device.js';

/** Lets the promise chains a timer started run to their end. */
async function settle(): Promise<void> {
  for (let i = 0; i < 30; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('the push lease while the pusher is held back', () => {
  it('is renewed while a sign-out waits for the running round: no other client takes over', async () => {
    const backend = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
    try {
      const user = await backend.createUser({
        email: `held-back.${process.pid}@example.test`,
        password: 'password-123',
        name: 'Held',
      });
      const storage = memoryStorage();
      const clock = manualTimers();
      let time = Date.now();
      const now = () => time;
      let holding = false;
      let letGo: (() => void) | undefined;
      const held = new Promise<void>((resolve) => {
        letGo = resolve;
      });
      const device = (id: string, beforeRequest?: () => Promise<void>) =>
        coordinatedDevice({ backend, user, id, storage, now, timers: clock.timers, beforeRequest });
      const a = await device('a', () => (holding ? held : Promise.resolve()));
      const b = await device('b');
      expect(a.sharing.isPusher()).toBe(true);
      await a.store.create('heroes', { name: 'Slow', age: 5, traits: ['brave'] });
      holding = true;
      const round = a.engine.syncNow(); // its push waits on the server's answer
      const resume = await a.sharing.pause(); // a sign-out begins: sync is held back
      for (let second = 0; second < 8; second++) {
        time += 1000;
        clock.advance(1000);
        await settle();
      }
      // Eight seconds later (the lease lasts five), A still holds it and B does not push.
      expect(b.sharing.isPusher()).toBe(false);
      expect(a.sharing.isPusher()).toBe(true);
      letGo?.();
      await round;
      resume();
      expect(backend.db.heroes.size).toBe(1);
      await Promise.all([a.close(), b.close()]);
    } finally {
      backend.close();
    }
  });

  it('is renewed while a tick runs a long round for another client: no takeover meanwhile', async () => {
    const backend = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
    try {
      const user = await backend.createUser({
        email: `long-tick.${process.pid}@example.test`,
        password: 'password-123',
        name: 'Long',
      });
      const storage = memoryStorage();
      const clock = manualTimers();
      let time = Date.now();
      const now = () => time;
      let holding = false;
      let letGo: (() => void) | undefined;
      const held = new Promise<void>((resolve) => {
        letGo = resolve;
      });
      const device = (id: string, beforeRequest?: () => Promise<void>) =>
        coordinatedDevice({
          backend,
          user,
          id,
          storage,
          now,
          timers: clock.timers,
          beforeRequest,
          counted: true,
        });
      const a = await device('a', () => (holding ? held : Promise.resolve()));
      const b = await device('b');
      expect(a.sharing.isPusher()).toBe(true);
      await b.store.create('heroes', { name: 'Asked', age: 5, traits: ['brave'] });
      holding = true;
      const asked = b.sharing.syncNow(); // B asks the pusher; A's next tick runs the round
      for (let second = 0; second < 8; second++) {
        time += 1000;
        clock.advance(1000);
        await settle();
      }
      expect(b.sharing.isPusher()).toBe(false);
      expect(a.sharing.isPusher()).toBe(true);
      letGo?.();
      let answered = false;
      void asked.finally(() => {
        answered = true;
      });
      // B hears the answer at one of its ticks, once the backend has taken the push.
      for (let ticks = 0; !answered; ticks++) {
        expect(ticks, 'B never heard the answer').toBeLessThan(60);
        time += 1000;
        clock.advance(1000);
        await settle();
      }
      await expect(asked).resolves.toMatchObject({ pushed: 1 });
      expect(backend.db.heroes.size).toBe(1);
      await Promise.all([a.close(), b.close()]);
    } finally {
      backend.close();
    }
  });
});
