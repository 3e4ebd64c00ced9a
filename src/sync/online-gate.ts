/**
 * A round stops before its next request once the connectivity monitor says the device is
 * offline: a request sent then is wasted at best, and a write sent then fails with a network
 * error that leaves its outcome unknown (a create then needs a lost-create search). Requests
 * already in flight are left to finish. The round ends with `OfflineError`.
 */
import { OfflineError } from '../errors/index.js';
import type { SyncContext } from './sync-context.js';

/** Whether the connectivity monitor says the device is online. */
export function monitorOnline(context: SyncContext): boolean {
  return context.options.connectivity.isOnline();
}

/** Throws `OfflineError` (naming `step`) when the device went offline. */
export function assertOnline(context: SyncContext, step: string): void {
  if (!monitorOnline(context)) throw new OfflineError(step);
}
