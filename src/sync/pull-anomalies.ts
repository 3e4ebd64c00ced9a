/**
 * What a pull reports instead of trusting blindly: rows that failed their schema (left out,
 * counted, reported once with their id and field) and rows whose `updatedAt` is later than the
 * server's own clock (applied, reported once; the cursor is capped at the server's time so they
 * cannot freeze later changes). Server time comes from the API client's `Date`-header estimate.
 */
import type { InvalidListItem } from '../api/lenient-list.js';
import type { Fetched, PulledCollection } from './pull-listing.js';
import type { SyncContext } from './sync-context.js';

/**
 * Slack on the server-time estimate: `Date` headers have one-second resolution and the estimate
 * assumes a steady server clock.
 */
const TOLERANCE_MS = 2000;

/** The interval that holds the server's current time (epoch ms), with slack. */
export interface ServerTimeBounds {
  readonly earliest: number;
  readonly latest: number;
}

/** The server's current time, from the `Date` headers seen so far (device clock before any). */
export function serverTimeBounds(context: SyncContext): ServerTimeBounds {
  const { clock } = context.api;
  const estimate = clock.serverNow().getTime();
  const { synchronized, uncertaintyMs } = clock.getSnapshot();
  const spread =
    (synchronized && Number.isFinite(uncertaintyMs) ? uncertaintyMs : 0) + TOLERANCE_MS;
  return { earliest: estimate - spread, latest: estimate + spread };
}

/** Reports rows of `fetched` dated after `latest` (once each). */
export function reportFutureRows(
  context: SyncContext,
  collection: PulledCollection,
  fetched: Fetched,
  latest: number,
): void {
  if (fetched.maxUpdatedAt === null || Date.parse(fetched.maxUpdatedAt) <= latest) return;
  const serverTime = new Date(latest).toISOString();
  for (const row of fetched.rows) {
    const updatedAt = row.updatedAt;
    if (typeof updatedAt !== 'string' || Date.parse(updatedAt) <= latest) continue;
    if (!context.pulls.firstReport(`future\u0000${collection}\u0000${row.id}\u0000${updatedAt}`)) {
      continue;
    }
    context.options.logger.warn('sync: a server row is dated in the future', {
      collection,
      id: row.id,
      updatedAt,
      serverTime,
    });
    context.emitter.emit('pull:future-row', { collection, id: row.id, updatedAt, serverTime });
  }
}

/** Reports rows left out because they failed their schema (once each). */
export function reportRejectedRows(
  context: SyncContext,
  collection: PulledCollection,
  invalid: readonly InvalidListItem[],
): void {
  for (const item of invalid) {
    const anomaly = `rejected\u0000${collection}\u0000${item.id}\u0000${item.field}\u0000${item.message}`;
    if (!context.pulls.firstReport(anomaly)) continue;
    const { id, field, message } = item;
    context.options.logger.warn('sync: a server row failed validation and was skipped', {
      collection,
      id,
      field,
      message,
    });
    context.emitter.emit('pull:rejected', { collection, id, field, message });
  }
}

/**
 * The next cursor: the greatest `updatedAt` seen among rows not dated in the future, and never
 * later than the server's clock (a cursor already past it, from a future row, comes back to the
 * earliest the server's time can be), so a future row cannot hide later changes. `null` while
 * no row ever gave one: the collection is then listed in full again (one request while it is
 * empty, and a complete listing, so it needs no delete check), not from a made-up instant.
 */
export function nextCursor(
  current: string | null,
  fetched: Fetched,
  bounds: ServerTimeBounds,
): string | null {
  const latest = new Date(bounds.latest).toISOString();
  let next = current;
  for (const row of fetched.rows) {
    const updatedAt = row.updatedAt;
    if (
      typeof updatedAt === 'string' &&
      (next === null || updatedAt > next) &&
      updatedAt <= latest
    ) {
      next = updatedAt;
    }
  }
  if (next === null) return null;
  return next > latest ? new Date(Math.max(0, bounds.earliest)).toISOString() : next;
}
