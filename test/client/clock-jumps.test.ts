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
