/**
 * The Puller (DESIGN.md §5):
 *
 * - heroes and stories by `updatedAfter` cursor: the greatest server `updatedAt` seen (server
 *   clock only), kept per collection in store meta. Each pull re-reads from `cursor −
 *   cursorOverlapMs` because `updatedAfter` is strict and timestamps can be equal; re-read rows
 *   that did not change are skipped by the store. Pages of 100 until `hasMore` is false; a walk
 *   during which the total shrank (a delete shifts offset pages) is walked again;
 * - custom events have no `updatedAfter`: the full list every time, diffed against the cache
 *   (and its ids reconciled);
 * - visual profiles come with the heroes (`visualProfile`); since profile writes do not touch
 *   the hero's `updatedAt` (CONTRACT.md §11.2 E26), another device's profile edit is seen when
 *   its hero changes or at the next full pull (reconciliation);
 * - illustrations come with the stories (`includeIllustrations=true`), server wins;
 * - a full pull (first sync, then on the reconciliation schedule) lists everything and removes
 *   what the server no longer has (`reconciler.ts`).
 *
 * Everything is fetched (and validated by the API client) before anything is applied, so a
 * failing response — `ContractError` included — changes nothing; cursors move only after the
 * rows they cover are applied.
 */

import type { StoredRecord } from '../model/types.js';
import { throwIfAborted } from '../platform/compat/throw-if-aborted.js';
import type { ServerRow } from '../store/id-map.js';
import { heardSince } from '../store/sync-ops.js';
import { removeMissing } from './reconciler.js';
import { applyRemoteRows, changedRecord, handleRemoteDelete } from './remote-changes.js';
import type { SyncContext } from './sync-context.js';

/** Store meta name of a collection's pull cursor (an ISO timestamp). */
export const cursorMeta = (collection: 'heroes' | 'stories'): string => `sync.cursor.${collection}`;

const asRow = (value: { readonly id: string }): ServerRow => value as unknown as ServerRow;

/** Rows of one collection fetched by a pull. */
interface Fetched {
  readonly rows: readonly ServerRow[];
  /** The greatest `updatedAt` among them, or `null`. */
  readonly maxUpdatedAt: string | null;
  /**
   * When the listing started (device clock): a record that heard from the server since is newer
   * than the listing's copy (or missing from it because it did not exist yet).
   */
  readonly listedAt: number;
}

interface PageLike {
  readonly pagination: { readonly total: number };
}

const MAX_WALKS = 3;
/** The cursor of a collection that was empty at its first pull. */
const EPOCH = new Date(0).toISOString();

function maxUpdatedAt(rows: readonly ServerRow[]): string | null {
  let max: string | null = null;
  for (const row of rows) {
    const value = row.updatedAt;
    if (typeof value === 'string' && (max === null || value > max)) max = value;
  }
  return max;
}

/** Pulls server changes into the store. */
export class Puller {
  constructor(private readonly context: SyncContext) {}

  /** The collection's cursor, or `null` before its first pull. */
  cursor(collection: 'heroes' | 'stories'): string | null {
    const value = this.context.store.getMeta(cursorMeta(collection));
    return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : null;
  }

  /**
   * Fetches and applies server changes. `full` lists everything and reconciles deletes.
   * Adds the local records it changed to the round's `pulled` count.
   */
  async pull(options: { readonly signal: AbortSignal; readonly full: boolean }): Promise<void> {
    const { signal } = options;
    const fullHeroes = options.full || this.cursor('heroes') === null;
    const fullStories = options.full || this.cursor('stories') === null;
    const heroes = await this.#fetch('heroes', fullHeroes, signal);
    const stories = await this.#fetch('stories', fullStories, signal);
    const events = await this.#walk(
      (walk) => this.context.api.customEvents.listPages({}, walk),
      (page) => page.customEvents,
      signal,
    );
    throwIfAborted(signal);

    const tally = this.context.tally;
    const context = this.context;
    tally.pulled += (await applyRemoteRows(context, 'heroes', heroes.rows, heroes.listedAt)).length;
    tally.pulled += await this.#applyProfiles(heroes);
    if (fullHeroes) {
      tally.pulled += await removeMissing(context, 'heroes', idsOf(heroes.rows), heroes.listedAt);
    }
    tally.pulled += (
      await applyRemoteRows(context, 'stories', stories.rows, stories.listedAt)
    ).length;
    tally.pulled += await this.#applyIllustrations(stories);
    if (fullStories) {
      tally.pulled += await removeMissing(
        context,
        'stories',
        idsOf(stories.rows),
        stories.listedAt,
      );
    }
    tally.pulled += (
      await applyRemoteRows(context, 'customEvents', events.rows, events.listedAt)
    ).length;
    tally.pulled += await removeMissing(
      context,
      'customEvents',
      idsOf(events.rows),
      events.listedAt,
    );

    await this.#advance('heroes', heroes.maxUpdatedAt);
    await this.#advance('stories', stories.maxUpdatedAt);
  }

  async #fetch(
    collection: 'heroes' | 'stories',
    full: boolean,
    signal: AbortSignal,
  ): Promise<Fetched> {
    const { api, options } = this.context;
    const cursor = full ? null : this.cursor(collection);
    const updatedAfter =
      cursor === null ? undefined : new Date(Date.parse(cursor) - options.cursorOverlapMs);
    const query = updatedAfter === undefined ? {} : { updatedAfter };
    if (collection === 'heroes') {
      return this.#walk(
        (walk) => api.heroes.listPages(query, walk),
        (page) => page.heroes,
        signal,
      );
    }
    return this.#walk(
      (walk) => api.stories.listPages({ ...query, includeIllustrations: true }, walk),
      (page) => page.stories,
      signal,
    );
  }

  /**
   * Walks every page. Offset pages over `createdAt desc` can skip a row when another is deleted
   * meanwhile (the total shrinks): then the walk is repeated (a few times at most).
   */
  async #walk<P extends PageLike>(
    pages: (walk: { signal: AbortSignal; pageSize: number }) => AsyncIterable<P>,
    items: (page: P) => ReadonlyArray<{ readonly id: string }>,
    signal: AbortSignal,
  ): Promise<Fetched> {
    let rows: ServerRow[] = [];
    let listedAt = this.context.options.now();
    for (let walk = 0; walk < MAX_WALKS; walk++) {
      rows = [];
      listedAt = this.context.options.now();
      let firstTotal: number | null = null;
      let shrank = false;
      for await (const page of pages({ signal, pageSize: this.context.options.pageSize })) {
        if (firstTotal === null) firstTotal = page.pagination.total;
        else if (page.pagination.total < firstTotal) shrank = true;
        for (const item of items(page)) rows.push(asRow(item));
      }
      if (!shrank) break;
      this.context.options.logger.info('sync: rows were deleted during a pull; walking again');
    }
    return { rows: dedupe(rows), maxUpdatedAt: maxUpdatedAt(rows), listedAt };
  }

  /** Visual profiles from the heroes' `visualProfile` include. */
  async #applyProfiles({ rows: heroes, listedAt }: Fetched): Promise<number> {
    if (heroes.length === 0) return 0;
    const { store } = this.context;
    const byHero = new Map<string, StoredRecord[]>();
    for (const profile of store.storedRecords('visualProfiles')) {
      const heroId = profile.data.heroId;
      if (typeof heroId !== 'string') continue;
      const list = byHero.get(heroId) ?? [];
      list.push(profile);
      byHero.set(heroId, list);
    }
    const rows: ServerRow[] = [];
    const gone: string[] = [];
    for (const hero of heroes) {
      const include = hero.visualProfile;
      const profile =
        typeof include === 'object' && include !== null && !Array.isArray(include)
          ? asRow(include as { id: string })
          : null;
      const local = byHero.get(store.toLocalId('heroes', hero.id)) ?? [];
      for (const record of local) {
        if (record.serverId === null || record.serverId === profile?.id) continue;
        // Created or changed while the listing was in flight: not gone, just newer.
        if (heardSince(record.lastSyncedAt, listedAt, this.context.options.now())) continue;
        gone.push(record.id);
      }
      // A profile this device is creating for the hero: its push adopts the server's (409).
      if (profile && !local.some((record) => record.serverId === null)) rows.push(profile);
    }
    let changed = (await applyRemoteRows(this.context, 'visualProfiles', rows, listedAt)).length;
    for (const localId of gone) {
      if (changedRecord(await handleRemoteDelete(this.context, 'visualProfiles', localId))) {
        changed++;
      }
    }
    return changed;
  }

  /** Illustrations from the stories' include: the server's set replaces the device's. */
  async #applyIllustrations({ rows: stories, listedAt }: Fetched): Promise<number> {
    const { store } = this.context;
    const rows: ServerRow[] = [];
    const present = new Map<string, Set<string>>();
    for (const story of stories) {
      const include = story.illustrations;
      if (!Array.isArray(include)) continue;
      const ids = new Set<string>();
      for (const item of include) {
        if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
        const row = asRow(item as { id: string });
        rows.push(row);
        ids.add(row.id);
      }
      present.set(store.toLocalId('stories', story.id), ids);
    }
    if (present.size === 0) return 0;
    let changed = (await applyRemoteRows(this.context, 'illustrations', rows, listedAt)).length;
    const stale: string[] = [];
    for (const illustration of store.storedRecords('illustrations')) {
      const storyId = illustration.data.storyId;
      if (typeof storyId !== 'string') continue;
      const ids = present.get(storyId);
      if (!ids || illustration.serverId === null || ids.has(illustration.serverId)) continue;
      const now = this.context.options.now();
      if (!heardSince(illustration.lastSyncedAt, listedAt, now)) stale.push(illustration.id);
    }
    if (stale.length > 0)
      changed += (await store.removeRecords('illustrations', stale)).removed.length;
    return changed;
  }

  async #advance(collection: 'heroes' | 'stories', seen: string | null): Promise<void> {
    const current = this.cursor(collection);
    // A cursor exists after the first pull even when the collection was empty then.
    const next = seen !== null && (current === null || seen > current) ? seen : (current ?? EPOCH);
    if (next !== current) await this.context.store.setMeta(cursorMeta(collection), next);
  }
}

function idsOf(rows: readonly ServerRow[]): Set<string> {
  return new Set(rows.map((row) => row.id));
}

/** Offset pages can repeat a row (one created meanwhile shifts the pages): keep the last copy. */
function dedupe(rows: readonly ServerRow[]): ServerRow[] {
  const byId = new Map<string, ServerRow>();
  for (const row of rows) byId.set(row.id, row);
  return byId.size === rows.length ? [...rows] : [...byId.values()];
}
