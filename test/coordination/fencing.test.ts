// Issue 10: the push lease's fencing token is confirmed right before each send. A pusher
// paused while its lease expires and another client takes over sends nothing when it resumes:
// no entry reaches the server twice, wherever the pause fell (in the transaction that marks
// the entry in flight, or in the read that confirms the lease).
import { describe, expect, it } from 'vitest';
import { memoryChangeChannels } from '../../src/coordination/change-channel.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { backendWithUser, coordinatedDevice } from './coordinated-device.js';

/** A storage whose next read of the lease, or next write of a record row, waits for the test. */
function pausable(inner: StorageAdapter) {
  let gate: { kind: 'get' | 'transact'; reached: () => void; resume: Promise<void> } | undefined;
  const wait = async (kind: 'get' | 'transact') => {
    if (gate?.kind !== kind) return;
    const { reached, resume } = gate;
    gate = undefined;
    reached();
    await resume;
  };
  const storage = new Proxy(inner, {
    get(target, property) {
      if (property === 'get') {
        return async (key: string) => {
          if (key.endsWith('/push')) await wait('get');
          return target.get(key);
        };
      }
      if (property === 'transact') {
        return async (...args: Parameters<NonNullable<StorageAdapter['transact']>>) => {
          if (args[0].some((key) => key.includes('/rec/'))) await wait('transact');
          return target.transact?.(...args);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    storage,
    /** Pauses the next such call; `reached` settles once it waits. */
    pauseNext(kind: 'get' | 'transact') {
      let resume!: () => void;
      let reached!: () => void;
      const isReached = new Promise<void>((resolve) => {
        reached = resolve;
      });
      gate = { kind, reached, resume: new Promise<void>((resolve) => (resume = resolve)) };
      return { reached: isReached, resume };
    },
  };
}

describe('a pusher whose lease was taken over never sends', () => {
  it.each([
    ['the transaction that marks the entry in flight', 'transact'],
    ['the read that confirms the lease', 'get'],
  ] as const)('paused in %s: the entry reaches the server once', async (_, where) => {
    const { backend, user } = await backendWithUser('Fence', `fence.${where}`);
    const storage = memoryStorage();
    const channels = memoryChangeChannels();
    let time = Date.now();
    const now = () => time;
    const client = (id: string, shared: StorageAdapter) =>
      coordinatedDevice({
        backend,
        user,
        id,
        storage: shared,
        channel: channels(),
        now,
        background: false,
      });
    try {
      const paused = pausable(storage);
      const a = await client('a', paused.storage);
      expect(a.sharing.isPusher()).toBe(true);
      await a.store.create('heroes', { name: 'Once', age: 5, traits: ['brave'] });
      const pause = paused.pauseNext(where);
      const aRound = a.sharing.syncNow();
      await pause.reached;
      // a is stuck; its lease runs out and b takes over, then pushes.
      time += 6_000;
      const b = await client('b', storage);
      expect(b.sharing.isPusher()).toBe(true);
      await b.sharing.syncNow();
      expect([...backend.db.heroes.values()].map((hero) => hero.name)).toEqual(['Once']);
      pause.resume();
      await aRound;
      await b.sharing.syncNow();
      expect([...backend.db.heroes.values()].map((hero) => hero.name)).toEqual(['Once']);
      const posts = [...a.requests, ...b.requests].filter((line) => line === 'POST /api/v1/heroes');
      expect(posts).toHaveLength(1);
      expect(b.store.outbox.entries()).toEqual([]);
      await Promise.all([a.close(), b.close()]);
    } finally {
      backend.close();
    }
  });
});
