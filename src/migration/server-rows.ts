/**
 * Reading back what the migration created: rows created since the migration started, matched
 * to legacy items by the fields that were sent.
 */

import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import { jsonEqual } from '../store/json-equal.js';
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

function createdSinceStart(context: MigrationContext, rows: readonly Row[]): Row[] {
  const start = context.checkpoint.serverStartedAt;
  return rows.filter((row) => typeof row.createdAt === 'string' && row.createdAt >= start);
}

/** Heroes (with their `visualProfile`) created since the migration started. */
export async function recentHeroes(context: MigrationContext): Promise<Row[]> {
  const rows: Row[] = [];
  const updatedAfter = new Date(Date.parse(context.checkpoint.serverStartedAt) - 1);
  for await (const page of context.api.heroes.listPages(
    { updatedAfter },
    { signal: context.signal },
  )) {
    context.progress.request();
    rows.push(...asRows(page.heroes));
  }
  return createdSinceStart(context, rows);
}

/** Stories created since the migration started. */
export async function recentStories(context: MigrationContext): Promise<Row[]> {
  const rows: Row[] = [];
  const updatedAfter = new Date(Date.parse(context.checkpoint.serverStartedAt) - 1);
  for await (const page of context.api.stories.listPages(
    { updatedAfter },
    { signal: context.signal },
  )) {
    context.progress.request();
    rows.push(...asRows(page.stories));
  }
  return createdSinceStart(context, rows);
}

/** Custom events created since the migration started (the route has no `updatedAfter`). */
export async function recentEvents(context: MigrationContext): Promise<Row[]> {
  const rows: Row[] = [];
  for await (const page of context.api.customEvents.listPages({}, { signal: context.signal })) {
    context.progress.request();
    rows.push(...asRows(page.customEvents));
  }
  return createdSinceStart(context, rows);
}
