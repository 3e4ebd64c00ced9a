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
const PAGE = 100;
/** Pages fetched at once after the first (which tells the total). */
const PAGE_CONCURRENCY = 6;

function createdSinceStart(context: MigrationContext, rows: readonly Row[]): Row[] {
  const start = context.checkpoint.serverStartedAt;
  return rows.filter((row) => typeof row.createdAt === 'string' && row.createdAt >= start);
}

/** A paged listing's rows, and whether a later page's `total` differed from the first's. */
export interface Listing {
  readonly rows: Row[];
  /** A row was added or deleted between pages: rows may have shifted past a page boundary. */
  readonly shifted: boolean;
}

/**
 * Every row of a paged listing: the first page, then the others a few at a time. Rows a
 * concurrent change shifted between pages are caught later (a missing row is fetched by id).
 */
async function listAll(
  context: MigrationContext,
  page: (offset: number) => Promise<{ items: readonly object[]; total: number }>,
): Promise<Row[]> {
  return (await listPages(context, page)).rows;
}

/** {@link listAll}, telling whether the listing moved between its pages. */
export async function listPages(
  context: MigrationContext,
  page: (offset: number) => Promise<{ items: readonly object[]; total: number }>,
): Promise<Listing> {
  context.progress.request();
  const first = await page(0);
  const offsets: number[] = [];
  for (let offset = PAGE; offset < first.total; offset += PAGE) offsets.push(offset);
  const pages: Row[][] = [asRows(first.items)];
  let shifted = false;
  for (let i = 0; i < offsets.length; i += PAGE_CONCURRENCY) {
    const batch = offsets.slice(i, i + PAGE_CONCURRENCY);
    const results = await Promise.all(
      batch.map((offset) => {
        context.progress.request();
        return page(offset);
      }),
    );
    for (const result of results) {
      pages.push(asRows(result.items));
      if (result.total !== first.total) shifted = true;
    }
  }
  const byId = new Map<string, Row>();
  for (const row of pages.flat()) byId.set(row.id, row);
  return { rows: [...byId.values()], shifted };
}

function since(context: MigrationContext): Date {
  return new Date(Date.parse(context.checkpoint.serverStartedAt) - 1);
}

/** Heroes (with their `visualProfile`) created since the migration started. */
export async function recentHeroes(context: MigrationContext): Promise<Row[]> {
  const { api, signal } = context;
  const rows = await listAll(context, async (offset) => {
    const page = await api.heroes.list(
      { updatedAfter: since(context), limit: PAGE, offset },
      { signal },
    );
    return { items: page.heroes, total: page.pagination.total };
  });
  return createdSinceStart(context, rows);
}

/** Stories created since the migration started. */
export async function recentStories(context: MigrationContext): Promise<Row[]> {
  const { api, signal } = context;
  const rows = await listAll(context, async (offset) => {
    const page = await api.stories.list(
      { updatedAfter: since(context), limit: PAGE, offset },
      { signal },
    );
    return { items: page.stories, total: page.pagination.total };
  });
  return createdSinceStart(context, rows);
}

/** Custom events created since the migration started (the route has no `updatedAfter`). */
export async function recentEvents(context: MigrationContext): Promise<Row[]> {
  const { api, signal } = context;
  const rows = await listAll(context, async (offset) => {
    const page = await api.customEvents.list({ limit: PAGE, offset }, { signal });
    return { items: page.customEvents, total: page.pagination.total };
  });
  return createdSinceStart(context, rows);
}
