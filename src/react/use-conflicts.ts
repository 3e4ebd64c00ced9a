/** `useConflicts`: the conflicts waiting for the user. */
import { useCallback, useSyncExternalStore } from 'react';
import type { Conflict } from '../conflict/conflict.js';
import { useClient } from './client-context.js';

const NO_CONFLICTS: readonly Conflict[] = Object.freeze([]);

function serverConflicts(): readonly Conflict[] {
  return NO_CONFLICTS;
}

/**
 * Open conflicts of the signed-in user, oldest first (empty when signed out and on the server).
 * Resolve one with `useClient().conflicts.resolve(conflict.id, choice)`.
 *
 * @example
 * ```tsx
 * const [conflict] = useConflicts();
 * if (conflict) return <ConflictDialog conflict={conflict} />;
 * ```
 */
export function useConflicts(): readonly Conflict[] {
  const client = useClient();
  const subscribe = useCallback(
    (listener: () => void) => client.conflicts.subscribe(() => listener()),
    [client],
  );
  const getSnapshot = useCallback(() => client.conflicts.list(), [client]);
  return useSyncExternalStore(subscribe, getSnapshot, serverConflicts);
}
