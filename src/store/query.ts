/**
 * Local queries, as pure functions: equality filters on wire fields, multi-key sorting, and
 * offset/limit. Repositories translate their friendly filters (`heroId`, `favorites`…) into a
 * {@link StoreQuery}.
 */

import type { StoredRecord } from '../model/types.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';

/** One sort key. */
export interface SortKey {
  readonly field: string;
  readonly direction: 'asc' | 'desc';
}

/** A query over one collection. */
export interface StoreQuery {
  /** Field → required value (`null` also matches a missing field). All must match. */
  readonly where?: Readonly<Record<string, JsonValue>> | undefined;
  /** Sort keys, most significant first; ties end with the local id so the order is total. */
  readonly orderBy?: readonly SortKey[] | undefined;
  /** Skip this many matching records. @default 0 */
  readonly offset?: number | undefined;
  /** Return at most this many records. @default all */
  readonly limit?: number | undefined;
}

/** True when the record satisfies every equality of `where`. */
export function matches(record: StoredRecord, where: StoreQuery['where']): boolean {
  if (!where) return true;
  const data = record.data;
  for (const field in where) {
    const wanted = where[field];
    const actual = data[field] ?? null;
    if (wanted === null ? actual !== null : actual !== wanted) return false;
  }
  return true;
}

const typeRank = (value: JsonValue | undefined): number =>
  value === null || value === undefined
    ? 0
    : typeof value === 'boolean'
      ? 1
      : typeof value === 'number'
        ? 2
        : typeof value === 'string'
          ? 3
          : 4;

/** Orders two JSON values: null/missing < booleans < numbers < strings < others (as equal). */
export function compareValues(a: JsonValue | undefined, b: JsonValue | undefined): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0 || ra === 4) return 0;
  return (a as number | string | boolean) < (b as number | string | boolean)
    ? -1
    : (a as number | string | boolean) > (b as number | string | boolean)
      ? 1
      : 0;
}

/** A comparator for records by `orderBy`, ending with the local id. */
export function recordComparator(
  orderBy: readonly SortKey[],
): (a: StoredRecord, b: StoredRecord) => number {
  return (a, b) => {
    for (const key of orderBy) {
      const order = compareValues(a.data[key.field], b.data[key.field]);
      if (order !== 0) return key.direction === 'asc' ? order : -order;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/** Runs `query` over `records`, keeping only those `visible` accepts. */
export function runQuery(
  records: Iterable<StoredRecord>,
  query: StoreQuery,
  visible: (record: StoredRecord) => boolean,
): StoredRecord[] {
  const found: StoredRecord[] = [];
  for (const record of records) {
    if (visible(record) && matches(record, query.where)) found.push(record);
  }
  if (query.orderBy && query.orderBy.length > 0) found.sort(recordComparator(query.orderBy));
  const offset = Math.max(0, query.offset ?? 0);
  if (offset === 0 && query.limit === undefined) return found;
  return found.slice(
    offset,
    query.limit === undefined ? undefined : offset + Math.max(0, query.limit),
  );
}

/** True when both arrays hold the same elements (by identity) in the same order. */
export function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
