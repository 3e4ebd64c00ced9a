/**
 * The client's part of coordination that is not per user: its session (sign-in, sign-out,
 * expiry) followed by the other clients over the same storage and secure store.
 */
import type { AuthManager } from '../auth/auth-manager.js';
import type { CoordinationOptions } from '../coordination/coordination-options.js';
import { type SessionSharing, shareSession } from '../coordination/share-session.js';
import { systemTimers } from '../platform/clock.js';
import type { ResolvedClientOptions } from './resolve-client-options.js';

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
