/**
 * One sync round: repair conflicts left by a crash, pull (in full when reconciliation is due),
 * then push, then close conflicts that are no longer live. A collection whose pull failed does
 * not stop the others nor the push; the round then fails with that collection's error. Pull comes first so a newer server
 * version is merged (and a both-sides edit becomes a conflict) before a local change is sent
 * over it. The engine wraps this with phases, events and scheduling.
 */

import { throwIfAborted } from '../platform/compat/throw-if-aborted.js';
import type { Puller } from './puller.js';
import type { Pusher } from './pusher.js';
import type { ReconcileSchedule } from './reconciler.js';
import { holdEntries } from './remote-changes.js';
import type { SyncContext } from './sync-context.js';

/** The engine parts a round drives. */
export interface RoundParts {
  readonly context: SyncContext;
  readonly puller: Puller;
  readonly pusher: Pusher;
  readonly schedule: ReconcileSchedule;
  /** Called when the pull succeeded (the server is reachable) and the push starts. */
  readonly onPushing: () => void;
}

/** Options of one round. */
export interface RoundOptions {
  readonly signal: AbortSignal;
  /** Which changes waiting on a backoff are retried at once (see `Pusher.push`). */
  readonly skipBackoff: 'none' | 'offline' | 'all';
}

/** Runs one round; throws what stopped it. Counters go to `context.tally`. */
export async function runRound(parts: RoundParts, options: RoundOptions): Promise<void> {
  const { context, puller, pusher, schedule } = parts;
  const { signal } = options;
  const now = context.options.now;
  throwIfAborted(signal);
  await repairConflicts(context);
  const full = schedule.isDue(now());
  const failures = await puller.pull({ signal, full });
  await schedule.pulled(full, now());
  parts.onPushing();
  // A collection whose pull failed does not stop the upload of local changes.
  await pusher.push({ signal, skipBackoff: options.skipBackoff });
  await context.registry.prune();
  const failed = failures[0];
  if (failed) throw failed.error;
}

/** Closes dead conflicts and holds again the entries of those written just before a crash. */
export async function repairConflicts(context: SyncContext): Promise<void> {
  const { registry } = context;
  await registry.prune();
  for (const conflict of registry.unheld()) await holdEntries(context, conflict);
}
