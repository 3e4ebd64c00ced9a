/**
 * Which outbox entries the Pusher can send now, and when the next waiting one becomes due:
 * only the oldest entry of each record, pending, not in flight, due (a backoff over), not
 * paused by a 429, and with every reference already on the server.
 */
import type { OutboxEntry } from '../model/types.js';
import { resolveTarget } from './push-requests.js';
import { operationKind, type SyncContext } from './sync-context.js';

/**
 * Which entries waiting on a backoff are due at once: `offline` — those that failed because the
 * device was offline (connectivity just came back); `all` — every transient failure (the app
 * asked for a sync now). A 429 pause is always honoured.
 */
export type SkipBackoff = 'none' | 'offline' | 'all';

/** The key of an entry's record (one entry per record is sent at a time). */
export const recordKey = (entry: OutboxEntry): string =>
  `${entry.collection}\u0000${entry.localId}`;

/**
 * Entries that can be sent now: the oldest of their record, pending, not in flight, due, not
 * paused by a 429, and with every reference on the server. None on a client that may not push
 * (`outbox.pushAllowed()`: another client over the same storage holds the push lock).
 */
export function readyEntries(
  context: SyncContext,
  _now: number,
  skipBackoff: SkipBackoff = 'none',
): OutboxEntry[] {
  const { store, rateLimits, deadlines } = context;
  // Several clients over one storage: only the one holding the push lock sends.
  if (!store.outbox.pushAllowed()) return [];
  const monotonicNow = deadlines.now();
  const seen = new Set<string>();
  const out: OutboxEntry[] = [];
  for (const entry of store.outbox.entries()) {
    const key = recordKey(entry);
    if (seen.has(key)) continue;
    seen.add(key);
    if (entry.status !== 'pending' || store.outbox.isInFlight(entry.mutationId)) continue;
    const due = deadlines.dueOf(entry);
    if (due !== null && due > monotonicNow) {
      const kind = entry.lastError?.kind;
      const skip =
        (skipBackoff === 'all' && (kind === 'offline' || kind === 'server')) ||
        (skipBackoff === 'offline' && kind === 'offline');
      if (!skip) continue;
    }
    const pausedUntil = rateLimits.get(operationKind(entry));
    if (pausedUntil !== undefined && pausedUntil > monotonicNow) continue;
    if (context.pulls.holds(entry)) continue;
    if (!resolveTarget(store, entry).ready) continue;
    out.push(entry);
  }
  return out;
}

/**
 * When the next waiting entry becomes due (a backoff or a 429 pause ending), or `null`.
 * Entries blocked on a reference or a conflict are not counted.
 */
export function nextDueAt(context: SyncContext, now: number): number | null {
  const { store, rateLimits, deadlines } = context;
  const monotonicNow = deadlines.now();
  let next: number | null = null;
  const seen = new Set<string>();
  for (const entry of store.outbox.entries()) {
    const key = recordKey(entry);
    if (seen.has(key)) continue;
    seen.add(key);
    if (entry.status !== 'pending') continue;
    let due = deadlines.dueOf(entry) ?? monotonicNow;
    const pausedUntil = rateLimits.get(operationKind(entry));
    if (pausedUntil !== undefined) due = Math.max(due, pausedUntil);
    if (due > monotonicNow && (next === null || due < next)) next = due;
  }
  // On the caller's clock: the wait is what counts, not the monotonic origin. Whole ms, at
  // least 1: a timer for a fraction of a millisecond could fire before the deadline, forever.
  return next === null ? null : now + Math.max(1, Math.ceil(next - monotonicNow));
}
