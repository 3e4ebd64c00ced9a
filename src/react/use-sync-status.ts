/** `useSyncStatus` and `usePending`: background sync as values. */
import { useCallback, useSyncExternalStore } from 'react';
import type { PendingMutation } from '../store/outbox.js';
import { idleSyncSnapshot, type SyncSnapshot } from '../sync/sync-events.js';
import { useClient } from './client-context.js';

/** What server rendering (and hydration) sees: nothing known yet. */
const SERVER_STATUS: SyncSnapshot = idleSyncSnapshot(true);

const NO_PENDING: readonly PendingMutation[] = Object.freeze([]);

function serverStatus(): SyncSnapshot {
  return SERVER_STATUS;
}

function serverPending(): readonly PendingMutation[] {
  return NO_PENDING;
}

function useSyncSubscription(): (listener: () => void) => () => void {
  const client = useClient();
  return useCallback((listener) => client.sync.subscribe(() => listener()), [client]);
}

/**
 * The sync status (`online`, `phase`, `pendingCount`, `conflictCount`, `failedCount`,
 * `lastSyncedAt`, `lastError`), re-rendering when a field changes.
 *
 * @example
 * ```tsx
 * const { online, pendingCount } = useSyncStatus();
 * return <Badge>{online ? `${pendingCount} to sync` : 'offline'}</Badge>;
 * ```
 */
export function useSyncStatus(): SyncSnapshot {
  const client = useClient();
  const subscribe = useSyncSubscription();
  const getSnapshot = useCallback(() => client.sync.getSnapshot(), [client]);
  return useSyncExternalStore(subscribe, getSnapshot, serverStatus);
}

/**
 * The queued changes of the signed-in user with their status and last error (empty when signed
 * out), for a "waiting to sync" list with retry / discard buttons (`useClient().sync.retry(id)`).
 */
export function usePending(): readonly PendingMutation[] {
  const client = useClient();
  const subscribe = useSyncSubscription();
  const getSnapshot = useCallback(() => client.sync.pending(), [client]);
  return useSyncExternalStore(subscribe, getSnapshot, serverPending);
}
