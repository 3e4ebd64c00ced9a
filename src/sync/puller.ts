/**
 * The Puller:
 *
 * - heroes and stories by `updatedAfter` cursor: the greatest server `updatedAt` seen (server
 *   clock only), kept per collection in store meta (none while no row ever arrived: such a
 *   collection is listed in full, which is one request while it is empty). Each pull re-reads from `cursor −
 *   cursorOverlapMs` because `updatedAfter` is strict and timestamps can be equal; re-read rows
 *   that did not change are skipped by the store. Pages of 100 until `hasMore` is false; a walk
 *   during which the total shrank (a delete shifts offset pages) is walked again;
 * - custom events have no `updatedAfter`: when listed, the full list, diffed against the cache
 *   (and its ids reconciled) — but not on every round (`custom-events-schedule.ts`); the other
 *   rounds compare their `total` (below) and list them when it moved;
 * - visual profiles come with the heroes (`visualProfile`); since profile writes do not touch
 *   the hero's `updatedAt`, another device's profile edit is seen when
 *   its hero changes or at the next full pull (reconciliation);
 * - illustrations come with the stories (`includeIllustrations=true`), server wins;
 * - a full pull (first sync, then on the reconciliation schedule) lists everything and removes
 *   what the server no longer has (`reconciler.ts`).
 *
 * Each collection is pulled on its own: its listing is fetched (and validated) in full before
 * any of it is applied, so a failing response — `ContractError` included — changes nothing for
 * that collection, and the others are still pulled (the round then fails, after its push).
 * Changes to existing records of a collection whose pull failed wait for its next pull
 * (`PullState`). Rows that fail their schema are skipped and reported (`pull-anomalies.ts`).
 * Cursors move only after the rows they cover are applied, and never past the server's clock.
 * After an incremental pull, one `limit=1` request compares the server's total with the device
 * (`delete-check.ts`), so remote deletes show within one round.
 */

import { isContractError, isHttpError, isRateLimitError } from '../errors/index.js';
import { anySignal } from '../platform/compat/any-signal.js';
import { throwIfAborted } from '../platform/compat/throw-if-aborted.js';
import { customEventsListed, storiesHintEventChanges } from './custom-events-schedule.js';
import { totalDiffers } from './delete-check.js';
import { assertOnline } from './online-gate.js';
import {
  nextCursor,
  reportFutureRows,
  reportRejectedRows,
  type ServerTimeBounds,
} from './pull-anomalies.js';
import { applyIllustrations, applyProfiles } from './pull-includes.js';
import type { Fetched, PulledCollection } from './pull-listing.js';
import { type Listed, type StartedPull, startListing, startPull } from './pull-start.js';
import { removeMissing } from './reconciler.js';
import { applyRemoteRows } from './remote-changes.js';
import type { SyncContext } from './sync-context.js';

/** Store meta name of a collection's pull cursor (an ISO timestamp). */
export const cursorMeta = (collection: 'heroes' | 'stories'): string => `sync.cursor.${collection}`;

/** A collection whose pull failed in a round, and why. */
export interface PullFailure {
  readonly collection: PulledCollection;
  readonly error: unknown;
}

const PULLED: readonly PulledCollection[] = ['heroes', 'stories', 'customEvents'];

/**
 * Failures that concern one collection's listing (a broken answer, a refusal, a 429): the other
 * collections and the push go on. Anything else (offline, auth, abort, storage) ends the round.
 */
const isolates = (error: unknown): boolean =>
  isContractError(error) || isHttpError(error) || isRateLimitError(error);

/** Pulls server changes into the store. */
export class Puller {
  /** Whether the stories pulled in the current round point at a change of custom events. */
  #eventsHinted = false;

  constructor(private readonly context: SyncContext) {}

  /** The collection's cursor, or `null` before its first pull or while no row ever arrived. */
  cursor(collection: 'heroes' | 'stories'): string | null {
    const value = this.context.store.getMeta(cursorMeta(collection));
    return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : null;
  }

  /**
   * Fetches and applies server changes. Every collection's first requests go out at once
   * (`pull-start.ts`); the answers are applied collection by collection, in order. `full` lists
   * everything and reconciles deletes. Adds the local records it changed to the round's `pulled`
   * count. Returns the collections whose pull failed (the others were pulled).
   */
  async pull(options: {
    readonly signal: AbortSignal;
    readonly full: boolean;
  }): Promise<PullFailure[]> {
    const { signal, full } = options;
    const failures: PullFailure[] = [];
    this.#eventsHinted = false;
    assertOnline(this.context, 'sync.pull');
    // Ends the requests still on their way when the round ends early.
    const round = new AbortController();
    const roundSignal = anySignal([signal, round.signal]);
    try {
      const started = PULLED.map((collection) =>
        startPull(this.context, collection, {
          full,
          cursor: collection === 'customEvents' ? null : this.cursor(collection),
          signal: roundSignal,
        }),
      );
      for (const pull of started) {
        try {
          await this.#finish(pull, roundSignal);
        } catch (error) {
          if (signal.aborted || !isolates(error)) throw error;
          this.context.pulls.failed(pull.collection);
          failures.push({ collection: pull.collection, error });
          this.context.options.logger.warn(
            'sync: pull failed for one collection; the others go on',
            { collection: pull.collection, error: String(error) },
          );
        }
      }
    } finally {
      round.abort();
    }
    return failures;
  }

  /** Applies what one collection's first requests brought, and lists again where needed. */
  async #finish(pull: StartedPull, signal: AbortSignal): Promise<void> {
    const { context } = this;
    const { collection, cursor } = pull;
    if (collection === 'customEvents') {
      let listing = pull.listing;
      if (listing === null) {
        // Not due: the total still tells whether one was deleted or created elsewhere.
        const total = await (pull.total as Promise<number>);
        if (!this.#eventsHinted && !totalDiffers(context, collection, total)) return;
        listing = startListing(context, collection, undefined, signal);
      }
      const { fetched, bounds } = await listing;
      throwIfAborted(signal);
      await this.#apply(collection, fetched, bounds);
      // The schedule runs on the device clock (`listedAt` is on the server clock).
      await customEventsListed(context, pull.startedAt);
      return;
    }
    let { fetched, bounds } = await (pull.listing as Promise<Listed>);
    throwIfAborted(signal);
    await this.#apply(collection, fetched, bounds, cursor === null);
    if (pull.total !== null && totalDiffers(context, collection, await pull.total)) {
      ({ fetched, bounds } = await startListing(context, collection, undefined, signal));
      throwIfAborted(signal);
      await this.#apply(collection, fetched, bounds, true);
    }
    const current = this.cursor(collection);
    const next = nextCursor(current, fetched, bounds);
    if (next !== null && next !== current)
      await context.store.setMeta(cursorMeta(collection), next);
  }

  /** Applies one listing; `complete` (a full listing) also removes what the server lacks. */
  async #apply(
    collection: PulledCollection,
    fetched: Fetched,
    bounds: ServerTimeBounds,
    complete = true,
  ): Promise<void> {
    const { context } = this;
    const { tally, store } = context;
    reportFutureRows(context, collection, fetched, bounds.latest);
    reportRejectedRows(context, collection, fetched.invalid);
    const { rows, ids, listedAt, invalid } = fetched;
    const trustedUntil = new Date(bounds.latest).toISOString();
    if (collection === 'stories' && storiesHintEventChanges(context, rows)) {
      this.#eventsHinted = true;
    }
    tally.pulled += (
      await applyRemoteRows(context, collection, rows, listedAt, trustedUntil)
    ).length;
    if (collection === 'heroes') {
      tally.pulled += await applyProfiles(context, fetched, trustedUntil);
    }
    if (collection === 'stories') {
      tally.pulled += await applyIllustrations(context, fetched, trustedUntil);
    }
    // A row left out is still on the server; without its id, nothing can be removed safely.
    if (complete && invalid.every((item) => item.id !== null)) {
      let present = ids;
      if (invalid.length > 0) {
        const all = new Set(ids);
        for (const item of invalid) if (item.id !== null) all.add(item.id);
        present = all;
      }
      tally.pulled += await removeMissing(context, collection, present, listedAt);
    }
    context.pulls.succeeded(collection, {
      validIds: ids,
      invalid,
      complete,
      localIdOf: (serverId) => store.toLocalId(collection, serverId),
    });
  }
}
