/**
 * The requests a round sends first, for every collection at once: each collection's listing
 * (what changed since its cursor, or everything) and, beside an incremental listing, the
 * `limit=1` request that reads the server's total (`delete-check.ts`). Custom events that are
 * not due for a listing get only their total. Nothing is applied here: the Puller applies the
 * answers collection by collection, in order, each listing only once it arrived in full.
 *
 * On a network with latency, a quiet round so costs about one round trip instead of one per
 * request.
 */
import { customEventsDue } from './custom-events-schedule.js';
import { serverTotal } from './delete-check.js';
import { type ServerTimeBounds, serverTimeBounds } from './pull-anomalies.js';
import { type Fetched, listCollection, type PulledCollection } from './pull-listing.js';
import type { SyncContext } from './sync-context.js';

/** A listing as it arrived, with the server-time bounds read when it arrived. */
export interface Listed {
  readonly fetched: Fetched;
  readonly bounds: ServerTimeBounds;
}

/** The first requests of one collection's pull, on their way. */
export interface StartedPull {
  readonly collection: PulledCollection;
  /** The cursor the listing started from (`null`: everything was listed, or nothing). */
  readonly cursor: string | null;
  /** The listing, or `null` (custom events not due). */
  readonly listing: Promise<Listed> | null;
  /** The server's total, read beside an incremental listing (or instead of one), or `null`. */
  readonly total: Promise<number> | null;
  /** When the pull started, on the device clock (the custom-events schedule). */
  readonly startedAt: number;
}

const ignore = (): void => undefined;

/** A request whose failure is seen when it is awaited, or never if the round ends first. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(ignore);
  return promise;
}

/** Lists `collection` (everything, or what changed after `updatedAfter`). */
export function startListing(
  context: SyncContext,
  collection: PulledCollection,
  updatedAfter: Date | undefined,
  signal: AbortSignal,
): Promise<Listed> {
  return handled(
    listCollection(context, collection, updatedAfter, signal).then((fetched) => ({
      fetched,
      bounds: serverTimeBounds(context),
    })),
  );
}

/** Sends the first requests of `collection`'s pull. `cursor` is its stored cursor, if any. */
export function startPull(
  context: SyncContext,
  collection: PulledCollection,
  options: { readonly full: boolean; readonly cursor: string | null; readonly signal: AbortSignal },
): StartedPull {
  const { full, signal } = options;
  const startedAt = context.options.now();
  if (collection === 'customEvents') {
    const due = customEventsDue(context, full, false);
    return {
      collection,
      cursor: null,
      listing: due ? startListing(context, collection, undefined, signal) : null,
      total: due ? null : handled(serverTotal(context, collection, signal)),
      startedAt,
    };
  }
  const cursor = full ? null : options.cursor;
  const updatedAfter =
    cursor === null ? undefined : new Date(Date.parse(cursor) - context.options.cursorOverlapMs);
  return {
    collection,
    cursor,
    listing: startListing(context, collection, updatedAfter, signal),
    total: cursor === null ? null : handled(serverTotal(context, collection, signal)),
    startedAt,
  };
}
