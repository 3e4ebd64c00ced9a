import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../storage-adapters/memory-storage.js';
import { storagePushLease, webLocksPushLock } from './push-lease.js';

describe('storagePushLease', () => {
  it('one holder at a time; taken over only after expiry; released at once on release()', async () => {
    const storage = memoryStorage();
    let time = 1_000;
    const now = () => time;
    const a = storagePushLease({ storage, key: 'c/u/push', owner: 'a', now, ttlMs: 4_000 });
    const b = storagePushLease({ storage, key: 'c/u/push', owner: 'b', now, ttlMs: 4_000 });
    expect(await Promise.all([a.acquire(), b.acquire()])).toEqual([true, false]);
    time += 2_000;
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    time += 3_000; // a's renewal is still valid until 7,000
    expect(a.held()).toBe(false); // but a stops pushing a quarter ttl early
    expect(await b.acquire()).toBe(false);
    time += 1_001;
    expect(await b.acquire()).toBe(true);
    expect(await a.acquire()).toBe(false);
    expect(((await storage.get('c/u/push')) as { token: number }).token).toBe(2);
    await b.release();
    expect(await a.acquire()).toBe(true);
  });
});

describe('webLocksPushLock', () => {
  it('gives the lock to one holder and hands it over on release', async () => {
    const queue: Array<() => void> = [];
    let holder = false;
    const locks = {
      async request(
        _: string,
        __: { ifAvailable: true },
        callback: (lock: unknown) => Promise<void>,
      ) {
        if (holder) return callback(null);
        holder = true;
        await callback({});
        holder = false;
        for (const wake of queue.splice(0)) wake();
      },
    };
    const a = webLocksPushLock('push', locks);
    const b = webLocksPushLock('push', locks);
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    await a.release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await b.acquire()).toBe(true);
    expect(a.held()).toBe(false);
  });
});
