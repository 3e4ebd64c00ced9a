/**
 * Reading back what the migration created: rows created since the migration started, matched
 * to legacy items by the fields that were sent.
 */

import { jsonEqual } from '../model/json.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import type { ExpectedFields } from './legacy-mapping.js';
import type { MigrationContext } from './migration-context.js';

/** A server row as JSON. */
export type Row = { readonly id: string; readonly [field: string]: JsonValue };

/** The fields of `row` that differ from `expected`. */
export function differingFields(expected: ExpectedFields, row: Row): string[] {
  return Object.keys(expected).filter((field) => !jsonEqual(expected[field], row[field]));
}

/**
 * Matches pending items to rows with the same sent fields, each row at most once and never one
 * in `taken`. Legacy id → server id.
 */
export function matchRows(
  pending: readonly { readonly legacyId: string; readonly expected: ExpectedFields }[],
  rows: readonly Row[],
  taken: ReadonlySet<string>,
): Map<string, string> {
  const used = new Set(taken);
  const found = new Map<string, string>();
  for (const item of pending) {
    const row = rows.find((r) => !used.has(r.id) && differingFields(item.expected, r).length === 0);
    if (!row) continue;
    used.add(row.id);
    found.set(item.legacyId, row.id);
  }
  return found;
}

const asRows = (items: readonly object[]): Row[] => items as unknown as Row[];
/** Rows per listing request (the backend's maximum). */
export const PAGE = 100;
/** Pages fetched at once after the first (which tells the total). */
export const PAGE_CONCURRENCY = 6;

function createdSinceStart(context: MigrationContext, rows: readonly Row[]): Row[] {
  const start = context.checkpoint.serverStartedAt;
  return rows.filter((row) => typeof row.createdAt === 'string' && row.createdAt >= start);
}

/**
 * Every row of a paged listing: the first page, then the others a few at a time. Rows a
 * concurrent change shifted between pages are caught later (a missing row is fetched by id).
 */
async function listAll(
  context: MigrationContext,
  page: (offset: number) => Promise<{ items: readonly object[]; total: number }>,
): Promise<Row[]> {
  context.progress.request();
  const first = await page(0);
  const offsets: number[] = [];
  for (let offset = PAGE; offset < first.total; offset += PAGE) offsets.push(offset);
  const pages: Row[][] = [asRows(first.items)];
  for (let i = 0; i < offsets.length; i += PAGE_CONCURRENCY) {
    const batch = offsets.slice(i, i + PAGE_CONCURRENCY);
    const results = await Promise.all(
      batch.map((offset) => {
        context.progress.request();
        return page(offset);
      }),
    );
    for (const result of results) pages.push(asRows(result.items));
  }
  const byId = new Map<string, Row>();
  for (const row of pages.flat()) byId.set(row.id, row);
  return [...byId.values()];
}

function since(context: MigrationContext): Date {
  return new Date(Date.parse(context.checkpoint.serverStartedAt) - 1);
}

/** Collections the migration lists to read rows back. */
export type ListedCollection = 'heroes' | 'stories' | 'customEvents';

/** One page of a listing. */
export interface ListedPage {
  /** The page's rows created since the migration started. */
  readonly rows: Row[];
  /** Rows in the whole listing (all pages). */
  readonly total: number;
}

/**
 * The page at `offset` of the rows updated since the migration started (custom events: all of
 * the user's; that route has no `updatedAfter`), keeping those created since the start.
 */
export async function listPage(
  context: MigrationContext,
  collection: ListedCollection,
  offset: number,
): Promise<ListedPage> {
  const { api, signal } = context;
  const query = { updatedAfter: since(context), limit: PAGE, offset };
  if (collection === 'heroes') {
    const page = await api.heroes.list(query, { signal });
    return { rows: createdSinceStart(context, asRows(page.heroes)), total: page.pagination.total };
  }
  if (collection === 'stories') {
    const page = await api.stories.list(query, { signal });
    return { rows: createdSinceStart(context, asRows(page.stories)), total: page.pagination.total };
  }
  const page = await api.customEvents.list({ limit: PAGE, offset }, { signal });
  return {
    rows: createdSinceStart(context, asRows(page.customEvents)),
    total: page.pagination.total,
  };
}

async function recent(context: MigrationContext, collection: ListedCollection): Promise<Row[]> {
  return listAll(context, async (offset) => {
    const page = await listPage(context, collection, offset);
    return { items: page.rows, total: page.total };
  });
}

/** Heroes (with their `visualProfile`) created since the migration started. */
export function recentHeroes(context: MigrationContext): Promise<Row[]> {
  return recent(context, 'heroes');
}

/** Stories created since the migration started. */
export function recentStories(context: MigrationContext): Promise<Row[]> {
  return recent(context, 'stories');
}

/** Custom events created since the migration started (the route has no `updatedAfter`). */
export function recentEvents(context: MigrationContext): Promise<Row[]> {
  return recent(context, 'customEvents');
}
