/** Walking offset/limit pages: the backend has no cursors. */
import { ContractError } from '../errors/index.js';
import type { Pagination } from '../schemas/common.js';
import type { InvalidListItem, ListCallOptions } from './lenient-list.js';
import { PageLookahead } from './page-lookahead.js';

/** The largest page the backend serves (its `limit` is clamped to 1–100). */
export const MAX_PAGE_SIZE = 100;

/** Options of the `listAll` / `listPages` walkers. */
export interface PageWalkOptions extends ListCallOptions {
  /** Items per request. @default 100 */
  pageSize?: number;
  /**
   * Pages in flight at once: above 1, the next pages are asked for while one is read, which
   * overlaps the server's time with the client's. Pages are still yielded one by one, in order,
   * with the same checks; pages asked ahead that the walk ends up not needing are aborted.
   * @default 1
   */
  concurrency?: number;
}

/** Fetches one page at `offset`. */
export type PageFetcher<P extends { pagination: Pagination }> = (
  offset: number,
  limit: number,
  options: ListCallOptions,
) => Promise<P>;

/** The endpoint a walk lists, and how to read a page's rows (for the end-of-walk checks). */
export interface PageSource<P extends { pagination: Pagination }> {
  /** SDK operation name of the list call, e.g. `heroes.list`. */
  readonly operation: string;
  /** Path of the list endpoint, e.g. `api/v1/heroes`. */
  readonly path: string;
  /** The page's rows. */
  readonly items: (page: P) => ReadonlyArray<{ readonly id: string }>;
}

/** Extra pages allowed beyond what the first page's `total` needs (rows created meanwhile). */
const EXTRA_PAGES = 2;

function walkError(source: PageSource<never>, offset: number, message: string): ContractError {
  return new ContractError({
    operation: source.operation,
    method: 'GET',
    url: `${source.path}?offset=${offset}`,
    status: 200,
    issues: [{ path: 'data.pagination', message }],
  });
}

/** A page's rows and the rows left out of it, to tell a page sent twice. */
interface PageIds {
  readonly rows: ReadonlyArray<{ readonly id: string }>;
  readonly invalid: readonly InvalidListItem[];
}

/** Whether two pages hold the same rows (ids, in order) and the same rows left out. */
function samePage(a: PageIds | null, b: PageIds): boolean {
  if (!a || a.rows.length !== b.rows.length || a.invalid.length !== b.invalid.length) return false;
  for (let i = 0; i < a.rows.length; i++) {
    if (a.rows[i]?.id !== b.rows[i]?.id) return false;
  }
  for (let i = 0; i < a.invalid.length; i++) {
    if (a.invalid[i]?.id !== b.invalid[i]?.id) return false;
  }
  return true;
}

/** Where a walk goes after a page: on to `offset`, to its end, or to an error. */
type Step = { readonly next: number } | { readonly end: true } | { readonly error: ContractError };

/** The checks a page must pass before the walk asks for the next one. */
function stepAfter(
  source: PageSource<never>,
  page: { readonly pagination: Pagination },
  offset: number,
  count: number,
  pages: number,
  maxPages: number,
): Step {
  const { pagination } = page;
  if (!pagination.hasMore) return { end: true };
  const next = pagination.offset + Math.max(1, pagination.limit);
  if (next >= pagination.total) return { end: true };
  if (count === 0) {
    const message = `an empty page says hasMore at offset ${offset} of ${pagination.total}`;
    return { error: walkError(source, offset, message) };
  }
  if (next <= offset) {
    const message = `the pages do not advance (offset ${offset} → ${next})`;
    return { error: walkError(source, offset, message) };
  }
  if (pages >= maxPages) {
    const message = `more than ${maxPages} pages for ${pagination.total} rows`;
    return { error: walkError(source, offset, message) };
  }
  return { next };
}

/**
 * Yields pages from offset 0 until the server says `hasMore: false`. The next offset is the
 * page's own `offset + limit` as the server echoed them, so a clamped limit cannot loop forever.
 * Offset paging over a list ordered by `createdAt desc` can skip or repeat rows created or
 * deleted meanwhile; reconcile by id when that matters.
 *
 * Every walk is bounded: it also ends when the next offset reaches the server's `total`, and it
 * throws `ContractError` (naming the endpoint) when the server sends the same page again, an
 * empty page that says `hasMore` before `total` is reached, offsets that do not advance, or more
 * pages than the first page's `total` allows. Rows left out for failing their schema
 * (`onInvalidItem`) count as rows of their page: a page of invalid rows is not an empty page.
 *
 * With `concurrency` above 1, the next pages are asked for while a page is read
 * (`page-lookahead.ts`); the pages yielded, their order and the checks are the same.
 */
export async function* walkPages<P extends { pagination: Pagination }>(
  fetchPage: PageFetcher<P>,
  source: PageSource<P>,
  options: PageWalkOptions = {},
): AsyncGenerator<P, void, undefined> {
  const { pageSize = MAX_PAGE_SIZE, concurrency = 1, ...callOptions } = options;
  const described = source as unknown as PageSource<never>;
  const report = callOptions.onInvalidItem;
  const depth = Math.max(1, Math.floor(concurrency));
  const ahead = new PageLookahead(fetchPage, callOptions, pageSize, depth);
  let offset = 0;
  let maxPages = Number.POSITIVE_INFINITY;
  let previous: PageIds | null = null;
  try {
    for (let pages = 1; ; pages++) {
      const { page, invalid } = await ahead.take(offset);
      const { pagination } = page;
      const rows = source.items(page);
      if (report) for (const item of invalid) report(item);
      const count = rows.length + invalid.length;
      if (pages === 1) {
        maxPages = Math.ceil(pagination.total / Math.max(1, pageSize)) + EXTRA_PAGES;
      }
      const seen: PageIds = { rows, invalid };
      if (count > 0 && samePage(previous, seen)) {
        throw walkError(described, offset, `the same page came back twice (offset ${offset})`);
      }
      previous = seen;
      const step = stepAfter(described, page, offset, count, pages, maxPages);
      if ('next' in step) ahead.plan(step.next, Math.max(1, pagination.limit), pagination.total);
      yield page;
      if ('end' in step) return;
      if ('error' in step) throw step.error;
      offset = step.next;
    }
  } finally {
    ahead.close();
  }
}

/** Yields the items of every page, using `select` to pick the page's item array. */
export async function* walkItems<P extends { pagination: Pagination }, T>(
  fetchPage: PageFetcher<P>,
  source: PageSource<P>,
  select: (page: P) => readonly T[],
  options: PageWalkOptions = {},
): AsyncGenerator<T, void, undefined> {
  for await (const page of walkPages(fetchPage, source, options)) {
    yield* select(page);
  }
}
