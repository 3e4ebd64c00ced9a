/**
 * Several clients over one storage (browser tabs, an app and its background task, two
 * processes over one SQLite file), for one user's store:
 *
 * - each durable write is announced on the change channel, and the other clients take the
 *   rows it names into memory (live queries update without a reload); without a channel, the
 *   store re-reads its rows every `pollMs`;
 * - one client at a time pushes: the holder of the push lock. The others' outbox is not
 *   sendable; they still pull, applying what they get through the same merge rules. A client
 *   that takes the lock re-reads the store first (it sends what storage holds, never what it
 *   remembered), then starts a sync round.
 *
 * Writes themselves never overwrite each other's whatever this module does: the store rebases
 * a write onto another client's (see the store's commit path).
 */
import { systemTimers, type TimerHandle, type Timers } from '../platform/clock.js';
import type { LocalStore } from '../store/local-store.js';
import type { ChangeChannel } from './change-channel.js';
import type { PushLock } from './push-lease.js';

/** Options of {@link shareStore}. */
export interface ShareStoreOptions {
  readonly store: LocalStore;
  /** This client's id, unique among the clients over the storage. */
  readonly clientId: string;
  /** Who pushes (see `webLocksPushLock`, `storagePushLease`). */
  readonly lock: PushLock;
  /**
   * Announces writes to the other clients; without one the store polls (`pollMs`). Closed by
   * {@link StoreSharing.close}.
   */
  readonly channel?: ChangeChannel | undefined;
  /**
   * The client's sync engine. Only the pusher syncs: it is started when this client becomes
   * the pusher (with a round at once) and stopped when it stops being one. The other clients
   * get the pusher's results through the storage (a pull there could race with a send).
   */
  readonly engine?: { start(): void; stop(): void; syncNow(): Promise<unknown> } | undefined;
  /** How often the lock is taken or renewed. @default 1000 */
  readonly renewMs?: number | undefined;
  /** How often the store re-reads its rows when there is no channel. @default 1000 */
  readonly pollMs?: number | undefined;
  readonly timers?: Timers | undefined;
  /** Clock for the poll interval, epoch ms. @default Date.now */
  readonly now?: (() => number) | undefined;
  /** Told about a failed renewal or refresh (they are retried on the next tick). */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** A running {@link shareStore}. */
export interface StoreSharing {
  /** Whether this client is the pusher now. */
  isPusher(): boolean;
  /** A sync round on the pusher; elsewhere a re-read of the store (what the pusher wrote). */
  syncNow(): Promise<void>;
  /** Runs one renewal (and, without a channel, one poll) now. */
  tick(): Promise<void>;
  /** Stops, closes the channel and gives the push lock up. Idempotent. */
  close(): Promise<void>;
}

/** Shares `options.store` with the other clients over its storage (see the module comment). */
export function shareStore(options: ShareStoreOptions): StoreSharing {
  const { store, lock, channel, clientId } = options;
  const timers = options.timers ?? systemTimers;
  const onError = options.onError ?? (() => {});
  const clock = options.now ?? Date.now;
  let closed = false;
  let timer: TimerHandle | undefined;
  let lastPoll = Number.NEGATIVE_INFINITY;
  let ticking: Promise<void> | undefined;
  /** Whether this client acted as the pusher at the last tick (`undefined` before the first). */
  let pushing: boolean | undefined;

  store.outbox.pushAllowed = () => !closed && lock.held();
  const unwritten = store.shared.onWritten((keys) => {
    channel?.post({ source: clientId, keys });
  });
  const unheard = channel?.subscribe((message) => {
    if (message.source === clientId || closed) return;
    store.shared.refresh(message.keys).catch(onError);
  });

  const once = async (): Promise<void> => {
    const was = pushing;
    const now = await lock.acquire();
    if (closed) return;
    pushing = now;
    if (now && was !== true) {
      await store.shared.refresh();
      lastPoll = clock();
      options.engine?.start();
      await options.engine?.syncNow();
    } else if (!now && was !== false) {
      options.engine?.stop();
    } else if (now === was && !channel && clock() - lastPoll >= (options.pollMs ?? 1000)) {
      lastPoll = clock();
      await store.shared.refresh();
    }
  };
  const tick = (): Promise<void> => {
    ticking ??= once()
      .catch(onError)
      .finally(() => {
        ticking = undefined;
      });
    return ticking;
  };
  const schedule = (): void => {
    if (closed) return;
    timer = timers.setTimeout(() => {
      void tick().then(schedule);
    }, options.renewMs ?? 1000);
  };
  void tick().then(schedule);

  return {
    isPusher: () => !closed && lock.held(),
    async syncNow() {
      if (!closed && lock.held() && options.engine) await options.engine.syncNow();
      else await store.shared.refresh();
    },
    tick,
    async close() {
      if (closed) return;
      closed = true;
      if (timer !== undefined) timers.clearTimeout(timer);
      unwritten();
      unheard?.();
      channel?.close();
      options.engine?.stop();
      await ticking;
      await lock.release();
    },
  };
}
