/**
 * The client's part of coordination that is not per user: its session (sign-in, sign-out,
 * expiry) followed by the other clients over the same storage and secure store, and the close
 * of a user's data that starts a sign-out.
 */
import type { AuthManager } from '../auth/auth-manager.js';
import { closeNamespace } from '../coordination/coordinated-storage.js';
import type { CoordinationOptions } from '../coordination/coordination-options.js';
import { type SessionSharing, shareSession } from '../coordination/share-session.js';
import { systemTimers } from '../platform/clock.js';
import type { StorageAdapter } from '../storage-adapters/storage-adapter.js';
import type { ResolvedClientOptions } from './resolve-client-options.js';
import type { UserSession } from './user-session.js';

/** Shares `manager`'s session with the other clients (see `shareSession`). */
export function shareClientSession(
  coordination: CoordinationOptions & { readonly clientId: string },
  resolved: ResolvedClientOptions,
  manager: AuthManager,
): SessionSharing {
  const current = (): string => {
    const snapshot = manager.getSnapshot();
    return `${snapshot.status}:${snapshot.user?.id ?? ''}`;
  };
  return shareSession({
    clientId: coordination.clientId,
    storage: resolved.storage,
    channel: coordination.sessionChannel?.(),
    pollMs: coordination.pollMs,
    timers: resolved.timers ?? systemTimers,
    current,
    subscribe: (listener) => manager.subscribe(() => listener()),
    saved: () => manager.saved(),
    follow: () => manager.follow(),
    onError: (error) =>
      resolved.logger.warn('coordination: could not share a session change', { error }),
  });
}

/**
 * Closes `userId`'s namespace to every client's writes (the first step of a sign-out). The
 * sync of `session` (this client's session of that user, if open) is held back first, its
 * running round finished: closing can wait (up to `blockedTimeoutMs` on IndexedDB), and a push
 * the server accepted meanwhile would have its answer refused by the closed namespace, the
 * change left pending as if never acknowledged. When the close fails, sync runs again.
 */
export async function closeNamespaceOf(
  storage: StorageAdapter,
  userId: string,
  session: UserSession | null,
): Promise<void> {
  const resume = await session?.pause();
  try {
    await closeNamespace(storage, userId);
  } catch (error) {
    resume?.();
    throw error;
  }
}
