/**
 * Listing one collection for a pull: every page of the list (bounded by the API client's
 * walker), repeated when the total shrank meanwhile, rows that fail their schema left out and
 * handed to `onInvalid`. Nothing is applied here.
 */
import type { InvalidListItem } from '../api/lenient-list.js';
import type { ServerRow } from '../store/id-map.js';
import { assertOnline } from './online-gate.js';
import type { SyncContext } from './sync-context.js';

/** The collections a pull lists (profiles and illustrations ride with heroes and stories). */
export type PulledCollection = 'heroes' | 'stories' | 'customEvents';

/** Rows of one collection fetched by a pull. */
export interface Fetched {
  readonly rows: readonly ServerRow[];
  /** The ids of `rows` (gathered while the pages arrived, for reconciliation). */
  readonly ids: ReadonlySet<string>;
  /** The greatest `updatedAt` among them, or `null`. */
  readonly maxUpdatedAt: string | null;
  /**
   * When the listing started, on the server clock (the device time then plus the steady offset
   * as the listing's own answers left it, so a device clock changed before the listing is
   * caught): a record that heard from the server since is newer than the listing's copy (or
   * missing from it because it did not exist yet).
   */
  readonly listedAt: number;
  /** Rows left out because they failed their schema. */
  readonly invalid: readonly InvalidListItem[];
}

interface PageLike {
  readonly pagination: { readonly total: number; readonly hasMore: boolean };
}

type Walk = {
  signal: AbortSignal;
  pageSize: number;
  concurrency: number;
  onInvalidItem: (item: InvalidListItem) => void;
};

const MAX_WALKS = 3;

function maxUpdatedAt(rows: readonly ServerRow[]): string | null {
  let max: string | null = null;
  for (const row of rows) {
    const value = row.updatedAt;
    if (typeof value === 'string' && (max === null || value > max)) max = value;
  }
  return max;
}

/**
 * Offset pages can repeat a row (one created meanwhile shifts the pages): keep the last copy.
 * `ids` holds the ids of `rows`: fewer ids than rows means a row came twice.
 */
function dedupe(rows: readonly ServerRow[], ids: ReadonlySet<string>): readonly ServerRow[] {
  if (ids.size === rows.length) return rows;
  const byId = new Map<string, ServerRow>();
  for (const row of rows) byId.set(row.id, row);
  return [...byId.values()];
}

/**
 * Walks every page. Offset pages over `createdAt desc` can skip a row when another is deleted
 * meanwhile (the total shrinks): then the walk is repeated (a few times at most).
 */
async function walk<P extends PageLike>(
  context: SyncContext,
  pages: (walk: Walk) => AsyncIterable<P>,
  items: (page: P) => ReadonlyArray<{ readonly id: string }>,
  signal: AbortSignal,
): Promise<Fetched> {
  let rows: ServerRow[] = [];
  let ids = new Set<string>();
  let invalid: InvalidListItem[] = [];
  let listedAt = context.options.now();
  for (let attempt = 0; attempt < MAX_WALKS; attempt++) {
    assertOnline(context, 'sync.pull');
    rows = [];
    ids = new Set();
    invalid = [];
    listedAt = context.options.now();
    let firstTotal: number | null = null;
    let shrank = false;
    const onInvalidItem = (item: InvalidListItem) => invalid.push(item);
    const { pageSize, pullConcurrency: concurrency } = context.options;
    for await (const page of pages({ signal, pageSize, concurrency, onInvalidItem })) {
      if (firstTotal === null) firstTotal = page.pagination.total;
      else if (page.pagination.total < firstTotal) shrank = true;
      const pageRows = items(page) as readonly ServerRow[];
      for (const row of pageRows) {
        rows.push(row);
        ids.add(row.id);
      }
      // The next page is not asked for once the device went offline.
      if (page.pagination.hasMore) assertOnline(context, 'sync.pull');
    }
    if (!shrank) break;
    context.options.logger.info('sync: rows were deleted during a pull; walking again');
  }
  listedAt += context.api.clock.steadyOffsetMs() ?? 0;
  return { rows: dedupe(rows, ids), ids, maxUpdatedAt: maxUpdatedAt(rows), listedAt, invalid };
}

/** Lists `collection`: everything, or what changed after `updatedAfter`. */
export function listCollection(
  context: SyncContext,
  collection: PulledCollection,
  updatedAfter: Date | undefined,
  signal: AbortSignal,
): Promise<Fetched> {
  const { api } = context;
  const query = updatedAfter === undefined ? {} : { updatedAfter };
  if (collection === 'heroes') {
    return walk(
      context,
      (options) => api.heroes.listPages(query, options),
      (page) => page.heroes,
      signal,
    );
  }
  if (collection === 'stories') {
    return walk(
      context,
      (options) => api.stories.listPages({ ...query, includeIllustrations: true }, options),
      (page) => page.stories,
      signal,
    );
  }
  return walk(
    context,
    (options) => api.customEvents.listPages({}, options),
    (page) => page.customEvents,
    signal,
  );
}
