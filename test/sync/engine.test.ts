/**
 * The engine: status emitted only on change, one round at a time (syncNow joins a follow-up),
 * scheduling (debounced writes, connectivity, foreground poll), close() aborting cleanly, and
 * pause() (a sign-out) holding rounds back.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAbortError, isOfflineError } from '../../src/errors/index.js';
import { manualConnectivity } from '../../src/platform/connectivity.js';
import type { SyncSnapshot } from '../../src/sync/sync-events.js';
import {
  hero,
  newUser,
  openDevice,
  serverHeroes,
  tick,
  useFakeTime,
  useSyncBackend,
} from './support.js';

const harness = useSyncBackend();

afterEach(() => {
  vi.useRealTimers();
});

describe('sync engine', () => {
  it('emits the status only when it changed, as immutable values', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const device = await openDevice(backend, user);
    const seen: SyncSnapshot[] = [];
    device.engine.subscribe((snapshot) => seen.push(snapshot));
    const initial = device.engine.getSnapshot();
    expect(Object.isFrozen(initial)).toBe(true);
    await device.store.setMeta('unrelated', 1);
    expect(device.engine.getSnapshot()).toBe(initial);
    expect(seen).toEqual([]);

    await device.store.create('heroes', hero('Luna'));
    await device.engine.syncNow();
    await device.engine.syncNow();
    expect(seen.map((s) => `${s.phase} ${s.pendingCount}`)).toEqual([
      'idle 1',
      'pulling 1',
      'pushing 1',
      'pushing 0',
      'idle 0',
      'pulling 0',
      'pushing 0',
      'idle 0',
    ]);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]).not.toEqual(seen[i - 1]);
      expect(Object.isFrozen(seen[i])).toBe(true);
    }
    expect(device.engine.getSnapshot()).toBe(seen[seen.length - 1]);
    await device.close();
  });

  it('never runs two rounds at once: concurrent syncNow calls share one follow-up', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const device = await openDevice(backend, user);
    const slow = backend.faults.delay(40, { method: 'GET', path: '/api/v1/heroes' });
    let running = 0;
    let maxRunning = 0;
    device.engine.subscribe((s) => {
      running = s.phase === 'pulling' || s.phase === 'pushing' ? 1 : 0;
      maxRunning = Math.max(maxRunning, running);
    });
    const first = device.engine.syncNow();
    const second = device.engine.syncNow();
    const third = device.engine.syncNow();
    const [r1, r2, r3] = await Promise.all([first, second, third]);
    slow();
    expect(device.listings('/api/v1/heroes')).toBe(2); // the round and one follow-up
    expect(r2).toBe(r3);
    expect(r1).not.toBe(r2);
    expect(maxRunning).toBe(1);
    await device.close();
  });

  it('syncs after local writes, debounced: three quick writes, one round', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    useFakeTime();
    const device = await openDevice(backend, user, { debounceMs: 500 });
    device.engine.start();
    await tick(device, 0);
    const rounds = () => device.listings('/api/v1/heroes');
    expect(rounds()).toBe(1); // on start

    await device.store.create('heroes', hero('A'));
    await tick(device, 200);
    await device.store.create('heroes', hero('B'));
    await tick(device, 200);
    await device.store.create('heroes', hero('C'));
    expect(rounds()).toBe(1);
    await tick(device, 500);
    expect(rounds()).toBe(2);
    expect(serverHeroes(backend, user.userId)).toHaveLength(3);
    await device.close();
  });

  it('offline: syncNow refuses, writes wait; connectivity regained syncs at once', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    useFakeTime();
    const connectivity = manualConnectivity(false);
    const device = await openDevice(backend, user, { connectivity });
    device.engine.start();
    await device.store.create('heroes', hero('Luna'));
    await tick(device, 60_000);
    expect(device.requests).toEqual([]);
    expect(device.engine.getSnapshot()).toMatchObject({ online: false, pendingCount: 1 });
    expect(isOfflineError(await device.engine.syncNow().catch((e: unknown) => e))).toBe(true);

    connectivity.goOnline();
    await tick(device, 0);
    expect(serverHeroes(backend, user.userId)).toHaveLength(1);
    expect(device.engine.getSnapshot()).toMatchObject({ online: true, pendingCount: 0 });
    await device.close();
  });

  it('polls at foregroundPollMs in the foreground, at intervalMs in the background', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    useFakeTime();
    const device = await openDevice(backend, user, {
      foregroundPollMs: 15_000,
      intervalMs: 15 * 60_000,
    });
    const rounds = () => device.listings('/api/v1/heroes');
    device.engine.start();
    await tick(device, 0);
    await tick(device, 15_000);
    await tick(device, 15_000);
    expect(rounds()).toBe(3);

    // Another device's change shows up within one poll.
    const other = await openDevice(backend, user);
    await other.api.heroes.create(hero('Remote'));
    await tick(device, 15_000);
    expect(device.store.list('heroes').map((h) => h.name)).toEqual(['Remote']);

    device.engine.setForeground(false);
    const before = rounds();
    await tick(device, 14 * 60_000);
    expect(rounds()).toBe(before);
    await tick(device, 60_000);
    expect(rounds()).toBe(before + 1);
    await device.close();
    await other.close();
  });

  it('close() aborts the round in flight; the change stays queued, nothing is lost', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const device = await openDevice(backend, user);
    await device.store.create('heroes', hero('Luna'));
    const stall = backend.faults.delay(10_000, { method: 'POST', path: '/api/v1/heroes' });
    const syncing = device.engine.syncNow().catch((e: unknown) => e);
    await vi.waitFor(() => expect(device.count('POST', '/api/v1/heroes')).toBe(1));
    await device.engine.close();
    expect(isAbortError(await syncing)).toBe(true);
    expect(isAbortError(await device.engine.syncNow().catch((e: unknown) => e))).toBe(true);
    expect(device.store.outbox.pending()).toMatchObject([{ status: 'pending', attempts: 1 }]);
    stall();

    const restarted = await openDevice(backend, user, { storage: device.storage });
    await restarted.engine.syncNow();
    expect(serverHeroes(backend, user.userId)).toHaveLength(1);
    expect(restarted.store.outbox.pendingCount).toBe(0);
    await restarted.close();
  });

  it('pause() lets the running round finish, holds later rounds back until resumed', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    // The server handles the create; its answer waits until `stall()`.
    let stall: () => void = () => {};
    const answered = new Promise<void>((resolve) => {
      stall = resolve;
    });
    const device = await openDevice(backend, user, {
      fetch: async (request) => {
        const response = await globalThis.fetch(request);
        if (request.method === 'POST') await answered;
        return response;
      },
    });
    await device.store.create('heroes', hero('Luna'));
    const syncing = device.engine.syncNow();
    await vi.waitFor(() => expect(serverHeroes(backend, user.userId)).toHaveLength(1));
    const followUp = device.engine.syncNow().catch((e: unknown) => e); // queued behind it
    let paused = false;
    const pausing = device.engine.pause().then((resume) => {
      paused = true;
      return resume;
    });
    expect(isAbortError(await device.engine.syncNow().catch((e: unknown) => e))).toBe(true);
    expect(paused).toBe(false); // the round in flight is not aborted: pause waits for it
    stall();
    const resume = await pausing;
    expect(await syncing).toMatchObject({ pushed: 1, failed: 0 });
    expect(device.store.outbox.pendingCount).toBe(0); // its answer was saved
    expect(isAbortError(await followUp)).toBe(true); // the queued round did nothing
    expect(device.count('POST', '/api/v1/heroes')).toBe(1);

    resume();
    resume(); // idempotent
    await device.store.create('heroes', hero('Milo'));
    expect(await device.engine.syncNow()).toMatchObject({ pushed: 1 });
    expect(serverHeroes(backend, user.userId)).toHaveLength(2);
    await device.close();
  });

  it('syncNow({ signal }): aborting rejects with AbortError and leaves the change queued', async () => {
    const backend = harness.backend();
    const user = await newUser(backend);
    const device = await openDevice(backend, user);
    await device.store.create('heroes', hero('Luna'));
    const stall = backend.faults.delay(10_000, { method: 'POST', path: '/api/v1/heroes' });
    const controller = new AbortController();
    const syncing = device.engine.syncNow({ signal: controller.signal }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(device.count('POST', '/api/v1/heroes')).toBe(1));
    controller.abort();
    expect(isAbortError(await syncing)).toBe(true);
    await device.engine.whenIdle();
    expect(device.engine.getSnapshot()).toMatchObject({ phase: 'idle', pendingCount: 1 });
    expect(device.store.outbox.pending()).toMatchObject([{ status: 'pending' }]);
    stall();
    const summary = await device.engine.syncNow();
    expect(summary.pushed).toBe(1);
    expect(serverHeroes(backend, user.userId)).toHaveLength(1);
    await device.close();
  });
});
