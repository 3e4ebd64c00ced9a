// Issue 10: a write the store makes durable while its client closes (queued before the close,
// written during it) is announced to the other clients like any other: with a change channel
// they never poll, so an unannounced write stayed out of their memory until they re-read.
import { describe, expect, it } from 'vitest';
import { memoryChangeChannels } from '../../src/coordination/change-channel.js';
import { storagePushLease } from '../../src/coordination/push-lease.js';
import { shareStore } from '../../src/coordination/share-store.js';
import type { Timers } from '../../src/platform/clock.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { openLocalStore } from '../../src/store/local-store.js';

/** Timers that never fire: only the calls of the test move anything. */
const still: Timers = { setTimeout: () => 0, clearTimeout: () => {} };

async function client(
  storage: StorageAdapter,
  id: string,
  channels: ReturnType<typeof memoryChangeChannels>,
) {
  const store = await openLocalStore({ storage, userId: 'u' });
  const channel = channels();
  const sharing = shareStore({
    store,
    clientId: id,
    lock: storagePushLease({ storage, key: 'c/u/push', owner: id, now: Date.now }),
    channel,
    timers: still,
  });
  await sharing.tick();
  return { store, sharing };
}

/** Lets the channel's deliveries and the refreshes they start run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('closing a client that shares its store', () => {
  it('announces the writes that become durable while it closes', async () => {
    const storage = memoryStorage();
    const channels = memoryChangeChannels();
    const a = await client(storage, 'a', channels);
    const b = await client(storage, 'b', channels);
    // Queued, not yet durable, when the client starts closing (as the user session closes).
    const created = a.store.create('heroes', { name: 'Late', age: 5, traits: ['brave'] });
    await a.sharing.close();
    await a.store.close();
    const { id } = await created;
    await settle();
    expect(b.store.get('heroes', id)).toMatchObject({ name: 'Late' });
    await b.sharing.close();
    await b.store.close();
  });
});
