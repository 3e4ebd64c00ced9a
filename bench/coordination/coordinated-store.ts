/**
 * A store as the many-clients benches open it, in one of three setups: without coordination;
 * with a change channel (its transactions only read the sign-out gate); without one (they also
 * keep the change counter). No Node APIs: also bundled into the Chromium page.
 */
import type { ChangeChannel } from '../../src/coordination/change-channel.js';
import { openCoordinatedStorage } from '../../src/coordination/coordinated-storage.js';
import { type PushLock, storagePushLease } from '../../src/coordination/push-lease.js';
import { shareStore } from '../../src/coordination/share-store.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import { openLocalStore } from '../../src/store/local-store.js';

/** How the store is shared. */
export type CoordinationMode = 'single' | 'channel' | 'polling';

/** What the setup needs from the platform. */
export interface CoordinationParts {
  /** The change channel of the `channel` setup. */
  readonly channel: () => ChangeChannel;
  /** The push lock; a lease in the storage by default. */
  readonly lock?: ((storage: StorageAdapter) => PushLock) | undefined;
  /** This client's id among the clients over the storage. @default 'a' */
  readonly clientId?: string | undefined;
}

/** A store over `storage` in `mode`, the way the client opens one; `close` closes all of it. */
export async function openCoordinatedStore(
  storage: StorageAdapter,
  mode: CoordinationMode,
  parts: CoordinationParts,
) {
  // As the client does it: the store writes through the user's change record.
  const shared =
    mode === 'single'
      ? undefined
      : await openCoordinatedStorage(storage, 'bench', { count: mode === 'polling' });
  const store = await openLocalStore({ storage: shared?.storage ?? storage, userId: 'bench' });
  const lease = (on: StorageAdapter) =>
    storagePushLease({
      storage: on,
      key: 'c/bench/push',
      owner: parts.clientId ?? 'a',
      now: Date.now,
    });
  const sharing = shared
    ? shareStore({
        store,
        clientId: parts.clientId ?? 'a',
        lock: (parts.lock ?? lease)(storage),
        channel: mode === 'channel' ? parts.channel() : undefined,
        changes: shared,
        pollMs: 60_000, // the benches measure the writes, not the polls
      })
    : undefined;
  await sharing?.tick();
  return {
    store,
    async close() {
      await sharing?.close();
      await store.close();
      await storage.close();
    },
  };
}
