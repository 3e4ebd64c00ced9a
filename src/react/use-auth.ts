/** `useAuth`: the session state of the client, as a value. */
import { useCallback, useSyncExternalStore } from 'react';
import type { AuthSnapshot } from '../auth/session-state.js';
import { useClient } from './client-context.js';

/** What server rendering (and hydration) sees: nobody signed in yet. */
const SERVER_AUTH: AuthSnapshot = Object.freeze({
  status: 'signed-out',
  user: null,
  expiresAt: null,
});

function serverAuth(): AuthSnapshot {
  return SERVER_AUTH;
}

/**
 * The session state (`status`, `user`, `expiresAt`), re-rendering when it changes. Server
 * rendering sees `signed-out`; the browser then renders the restored session.
 *
 * @example
 * ```tsx
 * const { status, user } = useAuth();
 * if (status !== 'signed-in') return <SignIn />;
 * ```
 */
export function useAuth(): AuthSnapshot {
  const client = useClient();
  const subscribe = useCallback(
    (listener: () => void) => client.auth.subscribe(() => listener()),
    [client],
  );
  const getSnapshot = useCallback(() => client.auth.getSnapshot(), [client]);
  return useSyncExternalStore(subscribe, getSnapshot, serverAuth);
}
