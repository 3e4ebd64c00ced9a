/**
 * Issue 9, item 6: retry deadlines run on a monotonic clock and are persisted as "retry after
 * N ms", so a device clock set back a day never stops background sync — restart included.
 */
import { describe, expect, it } from 'vitest';
import { memorySecureStore } from '../../src/auth/secure-store.js';
import {
  credentials,
  manualTime,
  newBackend,
  openTestDevice,
  type TestClock,
} from '../support/hardening-client.js';

const DAY = 24 * 60 * 60 * 1000;
const MINUTE = 60_000;
const POST_HEROES = { method: 'POST', path: '/api/v1/heroes' } as const;

async function failedCreate() {
  const backend = newBackend();
  const time = manualTime();
  const secureStore = memorySecureStore();
  const device = openTestDevice(backend, {
    secureStore,
    timers: time.timers,
    monotonicClock: time.monotonicClock,
    sync: { autoStart: true },
  });
  const { client } = device;
  const idle = () => client.sync.whenIdle();
  await client.ready;
  await client.auth.signUp(credentials());
  await time.advance(MINUTE, idle); // the first round, with nothing to send
  backend.faults.failNext(1, { match: POST_HEROES });
  await client.heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
  await time.advance(2_000, idle); // the debounced round: the create gets a 503
  expect(client.sync.pending()).toMatchObject([{ status: 'pending', lastError: { status: 503 } }]);
  const userId = client.auth.getSnapshot().user?.id ?? '';
  const onServer = () => [...backend.db.heroes.values()].filter((h) => h.userId === userId);
  expect(onServer()).toEqual([]);
  return { backend, time, secureStore, device, idle, onServer };
}

describe('clock jumps', () => {
  it('a device clock set back a day does not stop background retries of a failed create', async () => {
    const { time, device, idle, onServer } = await failedCreate();
    device.clock.jump(-DAY);
    await time.advance(10 * MINUTE, idle);
    expect(onServer()).toHaveLength(1);
    expect(device.client.sync.pending()).toEqual([]);
  });

  it('…nor after a restart: the wait is persisted as a duration, counted from the load', async () => {
    const { backend, secureStore, device, onServer } = await failedCreate();
    await device.client.close();
    device.clock.jump(-DAY);
    const time = manualTime();
    const again = openTestDevice(backend, {
      secureStore,
      storage: device.storage,
      testClock: device.clock,
      timers: time.timers,
      monotonicClock: time.monotonicClock,
      sync: { autoStart: true },
    });
    await again.client.ready;
    await time.advance(10 * MINUTE, () => again.client.sync.whenIdle());
    expect(onServer()).toHaveLength(1);
    expect(again.client.sync.pending()).toEqual([]);
  });
});

describe('lost acknowledgement under a wrong clock', () => {
  it('a create sent under a clock a day ahead, answer lost, restart with the clock fixed: the server copy is adopted', async () => {
    const backend = newBackend();
    const secureStore = memorySecureStore();
    const device = openTestDevice(backend, { secureStore });
    await device.client.ready;
    await device.client.auth.signUp(credentials());
    device.clock.jump(DAY); // the device clock is a day ahead
    await device.client.sync.syncNow(); // the server offset is learnt (−1 day)
    const luna = await device.client.heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    backend.faults.dropResponse(1, POST_HEROES);
    await expect(device.client.sync.syncNow()).rejects.toThrow();
    await device.client.close();

    device.clock.jump(-DAY); // fixed before the app starts again
    const again = openTestDevice(backend, {
      secureStore,
      storage: device.storage,
      testClock: device.clock,
    });
    await again.client.ready;
    await again.client.sync.syncNow();
    const userId = again.client.auth.getSnapshot().user?.id ?? '';
    const rows = [...backend.db.heroes.values()].filter((h) => h.userId === userId);
    expect(rows).toHaveLength(1); // no duplicate
    expect(again.count(/^POST \/api\/v1\/heroes$/)).toBe(0);
    expect(again.client.heroes.list().map((h) => h.id)).toEqual([luna.id]);
  });
});

/** A device clock that stands still unless a test moves it (every event at a known time). */
function standingClock(at: number): TestClock {
  let now = at;
  return {
    now: () => now,
    jump(ms) {
      now += ms;
    },
  };
}

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);
const HOUR = 60 * MINUTE;

/** Two devices of one user on a backend whose clock stands at T0; A's clock is the server's. */
async function twoDevices(bClockAt: number) {
  const backend = newBackend({ now: () => new Date(T0) });
  const serverClock: TestClock = { now: () => backend.clock.now().getTime(), jump: () => {} };
  const a = openTestDevice(backend, { testClock: serverClock });
  const secureStore = memorySecureStore();
  const b = openTestDevice(backend, { testClock: standingClock(bClockAt), secureStore });
  const account = credentials();
  await a.client.ready;
  await a.client.auth.signUp(account);
  await b.client.ready;
  await b.client.auth.signIn(account);
  return { backend, a, b, secureStore };
}

/** `b` again, restarted on its storage, secure store and clock. */
async function restarted(
  backend: ReturnType<typeof newBackend>,
  b: ReturnType<typeof openTestDevice>,
  secureStore: ReturnType<typeof memorySecureStore>,
) {
  await b.client.close();
  const again = openTestDevice(backend, {
    secureStore,
    storage: b.storage,
    testClock: b.clock,
  });
  await again.client.ready;
  return again;
}

describe('times recorded on the server clock', () => {
  it.each([
    { how: 'set back a day', ahead: 0, restart: false },
    { how: 'set back a day', ahead: 0, restart: true },
    { how: 'a day ahead, then fixed', ahead: DAY, restart: false },
    { how: 'a day ahead, then fixed', ahead: DAY, restart: true },
  ])(
    'a device clock $how (restart: $restart) does not hide another device’s edits and deletes when it reads its old time again',
    async ({ ahead, restart }) => {
      const { backend, a, b: first, secureStore } = await twoDevices(T0 + ahead);
      const luna = await a.client.heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
      const max = await a.client.heroes.create({ name: 'Max', age: 7, traits: ['kind'] });
      await a.client.sync.syncNow();
      const lunaServerId = a.client.heroes.get(luna.id)?.serverId;
      await first.client.sync.syncNow(); // B hears of both heroes at its clock's T0 (+ ahead)
      expect(first.client.heroes.list()).toHaveLength(2);

      first.clock.jump(-DAY); // set back a day (or fixed, when it was a day ahead)
      await first.client.sync.syncNow();
      backend.clock.advance(DAY); // a day later, B's clock reads what it read when it heard
      first.clock.jump(DAY);
      await a.client.heroes.update(luna.id, { name: 'Luna the Brave' });
      await a.client.heroes.delete(max.id);
      await a.client.sync.syncNow();

      const b = restart ? await restarted(backend, first, secureStore) : first;
      await b.client.sync.syncNow();
      const lunaOnB = b.client.heroes.list().find((h) => h.serverId === lunaServerId);
      expect(lunaOnB?.name).toBe('Luna the Brave');
      expect(b.client.heroes.list()).toHaveLength(1); // Max is gone
    },
  );

  it.each([false, true])(
    'an edit made under a clock a day behind, fixed before the sync, wins over an older edit of another device (restart: %s)',
    async (restart) => {
      const { backend, a, b: first, secureStore } = await twoDevices(T0 - DAY);
      const luna = await a.client.heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
      await a.client.sync.syncNow();
      await first.client.sync.syncNow(); // B learns the server's offset (a day ahead of it)
      const onB = () => first.client.heroes.list()[0];
      const localId = onB()?.id ?? '';

      backend.clock.advance(HOUR);
      await a.client.heroes.update(luna.id, { name: 'Luna A' }); // the older edit
      await a.client.sync.syncNow();
      backend.clock.advance(HOUR);
      first.clock.jump(2 * HOUR);
      await first.client.heroes.update(localId, { name: 'Luna B' }); // the later edit, offline

      first.clock.jump(DAY + MINUTE); // B's clock is fixed before it syncs
      backend.clock.advance(MINUTE);
      const b = restart ? await restarted(backend, first, secureStore) : first;
      await b.client.sync.syncNow();
      const userId = a.client.auth.getSnapshot().user?.id ?? '';
      const rows = [...backend.db.heroes.values()].filter((h) => h.userId === userId);
      expect(rows.map((h) => h.name)).toEqual(['Luna B']);
      expect(b.client.heroes.get(localId)?.name).toBe('Luna B');
      expect(b.client.sync.superseded()).toEqual([]);
    },
  );
});
