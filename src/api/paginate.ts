/** Walking offset/limit pages: the backend has no cursors. */
import type { Pagination } from '../schemas/common.js';
import type { CallOptions } from './options.js';

/** The largest page the backend serves (its `limit` is clamped to 1–100). */
export const MAX_PAGE_SIZE = 100;

/** Options of the `listAll` / `listPages` walkers. */
export interface PageWalkOptions extends CallOptions {
  /** Items per request. @default 100 */
  pageSize?: number;
}

/** Fetches one page at `offset`. */
export type PageFetcher<P extends { pagination: Pagination }> = (
  offset: number,
  limit: number,
  options: CallOptions,
) => Promise<P>;

/**
 * Yields pages from offset 0 until the server says `hasMore: false`. The next offset is the
 * page's own `offset + limit` as the server echoed them, so a clamped limit cannot loop forever.
 * Offset paging over a list ordered by `createdAt desc` can skip or repeat rows created or
 * deleted meanwhile; reconcile by id when that matters.
 */
export async function* walkPages<P extends { pagination: Pagination }>(
  fetchPage: PageFetcher<P>,
  options: PageWalkOptions = {},
): AsyncGenerator<P, void, undefined> {
  const { pageSize = MAX_PAGE_SIZE, ...callOptions } = options;
  let offset = 0;
  for (;;) {
    const page = await fetchPage(offset, pageSize, callOptions);
    yield page;
    if (!page.pagination.hasMore) return;
    offset = page.pagination.offset + Math.max(1, page.pagination.limit);
  }
}

/** Yields the items of every page, using `select` to pick the page's item array. */
export async function* walkItems<P extends { pagination: Pagination }, T>(
  fetchPage: PageFetcher<P>,
  select: (page: P) => readonly T[],
  options: PageWalkOptions = {},
): AsyncGenerator<T, void, undefined> {
  for await (const page of walkPages(fetchPage, options)) {
    yield* select(page);
  }
}
