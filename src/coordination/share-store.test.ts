import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../storage-adapters/memory-storage.js';
import { openLocalStore } from '../store/local-store.js';
import { broadcastChangeChannel } from './change-channel.js';
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
