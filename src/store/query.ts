/**
 * Local queries, as pure functions: equality filters on wire fields, multi-key sorting, and
 * offset/limit. Repositories translate their friendly filters (`heroId`, `favorites`…) into a
 * {@link StoreQuery}.
 */

import type { AnyLocalRecord, StoredRecord, SyncStatus, WireData } from '../model/types.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import { deepFreeze } from './public-record.js';

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
  return matchesData(record.data, where);
}

/** True when a record's `data` (or view) satisfies every equality of `where`. */
function matchesData(data: WireData, where: StoreQuery['where']): boolean {
  if (!where) return true;
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
  return comparator(orderBy, recordData);
}

function comparator<R extends Listed>(
  orderBy: readonly SortKey[],
  dataOf: (record: R) => WireData,
): (a: R, b: R) => number {
  return (a, b) => {
    for (const key of orderBy) {
      const order = compareValues(dataOf(a)[key.field], dataOf(b)[key.field]);
      if (order !== 0) return key.direction === 'asc' ? order : -order;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/**
 * What a list reads of each record itself: a stored record, or a record's view (its data with
 * the view keys, frozen when handed out), which holds the same `id` and `syncStatus`.
 */
export interface Listed {
  readonly id: string;
  readonly syncStatus: SyncStatus;
}

/**
 * Which records a query sees: `undefined` when every record is visible (the common case: no
 * queued delete), so a list asks nothing per record.
 */
export type Visibility = ((record: Listed) => boolean) | undefined;

const recordData = (record: StoredRecord): WireData => record.data;
const viewData = (view: AnyLocalRecord): WireData => view as unknown as WireData;
/** A view as a list hands it out: deeply frozen (a parsed row's is frozen on first use). */
const asView = (view: AnyLocalRecord): AnyLocalRecord => {
  if (!Object.isFrozen(view)) deepFreeze(view);
  return view;
};

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
  return select(records, query, visible, recordData, project);
}

/**
 * {@link selectRecords} over records' views (what a list returns, frozen as handed out), for
 * a first list that reads the views from the rows without building records (see
 * stored-collection.ts).
 */
export function selectViews(
  views: readonly AnyLocalRecord[],
  query: StoreQuery,
  visible: Visibility,
): AnyLocalRecord[] {
  return select(views, query, visible, viewData, asView);
}

function select<R extends Listed, T>(
  records: ReadonlyMap<string, R> | readonly R[],
  query: StoreQuery,
  visible: Visibility,
  dataOf: (record: R) => WireData,
  project: (record: R) => T,
): T[] {
  const found: R[] = [];
  const where = query.where;
  const orderBy = query.orderBy;
  const key = orderBy?.length === 1 ? (orderBy[0] as SortKey) : undefined;
  const field = key?.field;
  let ordered = true;
  let previous: R | undefined;
  let before: JsonValue | undefined;
  // forEach, not for…of: no iterator result per record.
  records.forEach((record: R) => {
    if (visible !== undefined && !visible(record)) return;
    if (where !== undefined && !matchesData(dataOf(record), where)) return;
    if (ordered && field !== undefined) {
      const value = dataOf(record)[field];
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
    if (!ordered) sortAscending(found, key.field, dataOf);
    if (key.direction === 'desc') {
      if (whole) return descending(found, key.field, dataOf, project);
      return page(
        descending(found, key.field, dataOf, (record) => record),
        query,
        offset,
        project,
      );
    }
  } else if (orderBy && orderBy.length > 0) found.sort(comparator(orderBy, dataOf));
  return page(found, query, offset, project);
}

function page<R, T>(
  found: readonly R[],
  query: StoreQuery,
  offset: number,
  project: (record: R) => T,
): T[] {
  const end =
    query.limit === undefined
      ? found.length
      : Math.min(found.length, offset + Math.max(0, query.limit));
  const out = new Array<T>(Math.max(0, end - offset));
  for (let i = offset; i < end; i++) out[i - offset] = project(found[i] as R);
  return out;
}

/** Sorts by one key ascending, as {@link recordComparator} does: by (value, id). */
function sortAscending<R extends Listed>(
  records: R[],
  field: string,
  dataOf: (record: R) => WireData,
): void {
  records.sort((a, b) => {
    const order = compareValues(dataOf(a)[field], dataOf(b)[field]);
    return order !== 0 ? order : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/**
 * Records sorted ascending by (value of `field`, id), projected in descending order of the
 * value: read backwards one run of equal values at a time, each run kept in ascending id order
 * (the tie-break is ascending either way).
 */
function descending<R, T>(
  records: readonly R[],
  field: string,
  dataOf: (record: R) => WireData,
  project: (record: R) => T,
): T[] {
  const out = new Array<T>(records.length);
  let written = 0;
  let end = records.length;
  while (end > 0) {
    let start = end - 1;
    const value = dataOf(records[start] as R)[field];
    while (start > 0 && sameValue(dataOf(records[start - 1] as R)[field], value)) {
      start--;
    }
    for (let i = start; i < end; i++) out[written++] = project(records[i] as R);
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
