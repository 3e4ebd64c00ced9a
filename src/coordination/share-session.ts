/**
 * The session across several clients over one storage and one secure store (tabs, an app and
 * its background task, processes): a sign-in, sign-out or expiry in one client is announced,
 * and every other client re-reads the saved session and follows it — a sign-out there closes
 * the user's data and empties what the app shows.
 *
 * Announced on the session channel when there is one (`BroadcastChannel` in browsers), and
 * always as a counter in the storage (`c/session`), which clients without a channel poll (one
 * key every `pollMs`).
 */
import type { TimerHandle, Timers } from '../platform/clock.js';
import type { JsonValue, StorageAdapter } from '../storage-adapters/storage-adapter.js';
import { transact } from '../storage-adapters/transact.js';
import type { ChangeChannel } from './change-channel.js';

/** The storage key of the session counter. */
export const SESSION_KEY = 'c/session';

/** What {@link shareSession} needs from the client. */
export interface SessionSharingOptions {
  readonly clientId: string;
  readonly storage: StorageAdapter;
  /** Announces session changes at once; without one, the others see them within `pollMs`. */
  readonly channel?: ChangeChannel | undefined;
  /** @default 1000 */
  readonly pollMs?: number | undefined;
  readonly timers: Timers;
  /** Who is signed in here and how (`status:userId`); compared after each change. */
  readonly current: () => string;
  /** Calls `listener` after every change of this client's session. */
  readonly subscribe: (listener: () => void) => () => void;
  /** Settles once this client's last session change is saved in the secure store. */
  readonly saved: () => Promise<void>;
  /** Re-reads the saved session and applies it here. */
  readonly follow: () => Promise<void>;
  readonly onError: (error: unknown) => void;
}

/** A running {@link shareSession}. */
export interface SessionSharing {
  /** Reads the counter now (what a poll does). */
  poll(): Promise<void>;
  /** Stops announcing and listening. Idempotent. */
  close(): void;
}

function counterOf(value: JsonValue | undefined): number {
  return (value as { n?: number } | undefined)?.n ?? 0;
}

/** Shares this client's session with the other clients over its storage. */
export function shareSession(options: SessionSharingOptions): SessionSharing {
  const { storage, channel, clientId, onError } = options;
  let last = options.current();
  let following = 0;
  let seen: number | undefined;
  let closed = false;
  let timer: TimerHandle | undefined;

  const follow = async (): Promise<void> => {
    following++;
    try {
      await options.follow();
    } finally {
      following--;
      last = options.current();
    }
  };
  const announce = async (): Promise<void> => {
    await options.saved();
    let n = 0;
    await transact(storage, [SESSION_KEY], ([value]) => {
      n = counterOf(value) + 1;
      return [{ type: 'put', key: SESSION_KEY, value: { n } }];
    });
    const missed = seen !== undefined && n - 1 !== seen; // another client announced meanwhile
    seen = n;
    if (closed) return;
    channel?.post({ source: clientId, keys: [SESSION_KEY] });
    if (missed) await follow();
  };
  const unsubscribe = options.subscribe(() => {
    const now = options.current();
    if (now === last || following > 0 || closed) return;
    last = now;
    announce().catch(onError);
  });
  const unheard = channel?.subscribe((message) => {
    if (message.source === clientId || closed) return;
    follow().catch(onError);
  });
  const poll = async (): Promise<void> => {
    const n = counterOf(await storage.get(SESSION_KEY));
    if (n === seen || closed) return;
    seen = n;
    await follow(); // the first poll too: a change may have come between restore and now
  };
  const schedule = (): void => {
    if (closed || channel) return;
    timer = options.timers.setTimeout(() => {
      poll().catch(onError).finally(schedule);
    }, options.pollMs ?? 1000);
  };
  poll().catch(onError).finally(schedule);

  return {
    poll,
    close() {
      if (closed) return;
      closed = true;
      if (timer !== undefined) options.timers.clearTimeout(timer);
      unsubscribe();
      unheard?.();
      channel?.close();
    },
  };
}
