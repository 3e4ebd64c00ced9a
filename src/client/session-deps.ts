/** What each user session of a client is built from (see `openUserSession`). */
import type { ApiClient } from '../api/api-client.js';
import type { AuthManager } from '../auth/auth-manager.js';
import type { AuthStatusSource } from '../sync/sync-options.js';
import type { ResolvedClientOptions } from './resolve-client-options.js';
import type { UserSessionDeps } from './user-session.js';

/** The parts every user session of one client shares: storage, API, sync options, auth state. */
export function sessionDeps(
  resolved: ResolvedClientOptions,
  api: ApiClient,
  manager: AuthManager,
  coordination: UserSessionDeps['coordination'],
): UserSessionDeps {
  const auth: AuthStatusSource = {
    isSignedIn: () => manager.getSnapshot().status === 'signed-in',
    sessionChecked: () => manager.sessionChecked(),
    subscribe: (listener) => manager.subscribe(() => listener()),
  };
  return {
    storage: resolved.storage,
    api,
    connectivity: resolved.connectivity,
    auth,
    logger: resolved.logger,
    now: resolved.now,
    timers: resolved.timers,
    monotonicClock: resolved.monotonicClock,
    sync: resolved.sync,
    conflicts: resolved.conflicts,
    coordination,
  };
}
