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

/**
 * Which records a query sees: `undefined` when every record is visible (the common case: no
 * queued delete), so a list asks nothing per record.
 */
export type Visibility = ((record: StoredRecord) => boolean) | undefined;

/** Runs `query` over `records`, keeping only those `visible` accepts. */
export function runQuery(
  records: ReadonlyMap<string, StoredRecord> | readonly StoredRecord[],
  query: StoreQuery,
  visible: Visibility,
): StoredRecord[] {
  return selectRecords(records, query, visible, (record) => record);
}

/**
 * {@link runQuery}, returning `project(record)` for each record found. The first list after
 * opening runs this before the engine optimised anything, so it walks its records as few
 * times as it can: one pass selects them and, for a one-key sort, checks whether they are
 * already in order (records sit in storage in creation order, so by a time they were created
 * or changed at they usually are); one more pass makes the result (for a descending sort, the
 * pass that reverses the order), projecting each record.
 */
export function selectRecords<T>(
  records: ReadonlyMap<string, StoredRecord> | readonly StoredRecord[],
  query: StoreQuery,
  visible: Visibility,
  project: (record: StoredRecord) => T,
): T[] {
  const found: StoredRecord[] = [];
  const where = query.where;
  const orderBy = query.orderBy;
  const key = orderBy?.length === 1 ? (orderBy[0] as SortKey) : undefined;
  const field = key?.field;
  let ordered = true;
  let previous: StoredRecord | undefined;
  let before: JsonValue | undefined;
  // forEach, not for…of: no iterator result per record.
  records.forEach((record: StoredRecord) => {
    if (visible !== undefined && !visible(record)) return;
    if (where !== undefined && !matches(record, where)) return;
    if (ordered && field !== undefined) {
      const value = record.data[field];
      if (previous !== undefined) {
        // Strings (dates, names) compared directly: this runs once per record.
        const order =
          typeof before === 'string' && typeof value === 'string'
            ? before < value
              ? -1
              : before > value
                ? 1
                : 0
            : compareValues(before, value);
        if (order > 0 || (order === 0 && previous.id > record.id)) ordered = false;
      }
      previous = record;
      before = value;
    }
    found.push(record);
  });
  const offset = Math.max(0, query.offset ?? 0);
  const whole = offset === 0 && query.limit === undefined;
  if (key) {
    if (!ordered) sortAscending(found, key.field);
    if (key.direction === 'desc') {
      if (whole) return descending(found, key.field, project);
      return page(
        descending(found, key.field, (record) => record),
        query,
        offset,
        project,
      );
    }
  } else if (orderBy && orderBy.length > 0) found.sort(recordComparator(orderBy));
  return page(found, query, offset, project);
}

function page<T>(
  found: readonly StoredRecord[],
  query: StoreQuery,
  offset: number,
  project: (record: StoredRecord) => T,
): T[] {
  const end =
    query.limit === undefined
      ? found.length
      : Math.min(found.length, offset + Math.max(0, query.limit));
  const out = new Array<T>(Math.max(0, end - offset));
  for (let i = offset; i < end; i++) out[i - offset] = project(found[i] as StoredRecord);
  return out;
}

/** Sorts by one key ascending, as {@link recordComparator} does: by (value, id). */
function sortAscending(records: StoredRecord[], field: string): void {
  records.sort((a, b) => {
    const order = compareValues(a.data[field], b.data[field]);
    return order !== 0 ? order : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/**
 * Records sorted ascending by (value of `field`, id), projected in descending order of the
 * value: read backwards one run of equal values at a time, each run kept in ascending id order
 * (the tie-break is ascending either way).
 */
function descending<T>(
  records: readonly StoredRecord[],
  field: string,
  project: (record: StoredRecord) => T,
): T[] {
  const out = new Array<T>(records.length);
  let written = 0;
  let end = records.length;
  while (end > 0) {
    let start = end - 1;
    const value = (records[start] as StoredRecord).data[field];
    while (start > 0 && sameValue((records[start - 1] as StoredRecord).data[field], value)) {
      start--;
    }
    for (let i = start; i < end; i++) out[written++] = project(records[i] as StoredRecord);
    end = start;
  }
  return out;
}

/** Whether two values are equal as {@link compareValues} sees them. */
function sameValue(x: JsonValue | undefined, y: JsonValue | undefined): boolean {
  if (typeof x === 'string' && typeof y === 'string') return x === y;
  return compareValues(x, y) === 0;
}

/** True when both arrays hold the same elements (by identity) in the same order. */
export function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
