/**
 * The rows of one collection as opening read them, kept as read until something needs them.
 *
 * Opening reads every row of the user (reads are synchronous, so the data must be in memory
 * when `ready` resolves) but builds nothing per row: no record, no outbox entry, no index
 * entry. On an adapter that stores JSON text (SQLite), the rows are kept as that text and
 * decoded with the first view built from them; only rows that may hold outbox entries are
 * decoded at open (the sync status counts them from the start). The store builds each of the
 * three views below the first time something needs it, for the whole collection at once, from
 * these rows:
 *
 * - records: a first list reads each row's view (its data with the view keys: see
 *   {@link StoredCollection.views}) and builds no record; the records, the record map and the
 *   server-id map are built from the same view objects on the first other use (a `get`, a
 *   write, a sync step), so a first list inserts nothing;
 * - outbox entries: on the first use of the collection's entries (the whole outbox: of every
 *   collection);
 * - row revisions: on the first commit that touches one of its rows.
 *
 * Each view is built before it is first changed, so building it from the rows as read gives
 * what building everything at open would have given.
 */
import type { AnyLocalRecord, CollectionName, StoredRecord } from '../model/types.js';
import { decodeJson } from '../storage-adapters/json-codec.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import {
  decodeRowRecord,
  type EntryTally,
  rowHasServerId,
  rowHidesRecord,
  rowHoldsRecord,
  rowView,
  tallyRowEntries,
} from './row-codec.js';

/** A collection's records decoded from its rows, before any record map is built. */
export interface DecodedRecords {
  /** The records, in row order. */
  readonly records: readonly StoredRecord[];
  /** The local id of each record (from its row's key). */
  readonly ids: readonly string[];
  /** The local ids of rows whose last stored entry is a delete (their record is hidden). */
  readonly hidden: ReadonlySet<string>;
}

/** A collection's stored views, for a first list (see {@link StoredCollection.views}). */
export interface ListedViews {
  /** The views, in row order (rows without a record left out). */
  readonly views: readonly AnyLocalRecord[];
  /** The local ids of rows whose last stored entry is a delete (their record is hidden). */
  readonly hidden: ReadonlySet<string>;
}

/**
 * The views of `rows` (see `rowView`: rows still as text are decoded, parsed rows take their
 * view keys), or `undefined` when one row's view must be built with its record (a stale
 * memoryStorage view, a format-2 row).
 */
function readViews(rows: StoredCollection): ListedViews | undefined {
  const localIds = rows.localIds();
  const views: AnyLocalRecord[] = [];
  const hidden = new Set<string>();
  for (let i = 0; i < localIds.length; i++) {
    // A row that was text holds no entries (see addText): nothing of it is hidden.
    const asText = !rows.mayHoldEntries(i);
    const value = rows.value(i);
    const localId = localIds[i] as string;
    const view = rowView(value, localId);
    if (view) views.push(view as unknown as AnyLocalRecord);
    else if (rowHoldsRecord(value)) return undefined;
    if (!asText && rowHidesRecord(value)) hidden.add(localId);
  }
  return { views, hidden };
}

/** A stored value still as the adapter's text (see `text-scan.ts`): decoded on first use. */
class StoredText {
  constructor(readonly text: unknown) {}
}

/**
 * Whether stored row text may hold outbox entries: a row with entries has a top-level `o`
 * (format 3) or `outbox` (format 2) key, which `JSON.stringify` writes as `"o":`/`"outbox":`.
 * (Text that merely contains them somewhere else is decoded for nothing, no harm done.)
 *
 * The encoder writes `o`, an array, last but for `rev`: a row whose value before `,"rev":`
 * ends with `]` is taken at once (a few characters from the end; a wrong guess only decodes
 * the row). Any other row takes one scan of its whole text for either key, so a row with
 * entries is never missed, whoever wrote it and in whatever key order.
 */
function mayHoldEntries(text: unknown): boolean {
  if (typeof text !== 'string') return true;
  const rev = text.lastIndexOf(',"rev":');
  const end = rev === -1 ? text.length - 1 : rev;
  return text.charCodeAt(end - 1) === CLOSING_BRACKET || ENTRIES_KEY.test(text);
}

const CLOSING_BRACKET = 0x5d;
/** `"o":` or `"outbox":`, in one scan. */
const ENTRIES_KEY = /"o(?:utbox)?":/;

/** One collection's stored rows (storage key, stored value), in key order. */
export class StoredCollection {
  readonly keys: string[] = [];
  private readonly values: Array<JsonValue | StoredText> = [];
  private ids: string[] | undefined;
  private decodedRecords: DecodedRecords | undefined;
  /** What {@link views} found (`false`: the rows' views must be built). */
  private listedViews: ListedViews | false | undefined;
  /** The outbox counters of the rows added so far (rows still as text hold no entries). */
  readonly tally: EntryTally = { count: 0, failed: 0, conflict: 0, maxSeq: 0 };

  /**
   * @param collection - the collection
   * @param keyPrefix - the storage key prefix of its rows (`…/rec/<collection>/`)
   */
  constructor(
    readonly collection: CollectionName,
    readonly keyPrefix: string,
  ) {}

  /** Adds a decoded row, counting its outbox entries (one pass over the rows at open). */
  add(key: string, value: JsonValue): void {
    this.keys.push(key);
    this.values.push(value);
    tallyRowEntries(value, this.tally);
  }

  /**
   * Adds a row from its stored JSON text: decoded now when it may hold outbox entries (the
   * counters need them at open), else kept as text until {@link value} needs it.
   */
  addText(key: string, text: unknown): void {
    if (mayHoldEntries(text)) this.add(key, decodeJson('store.open', key, text));
    else {
      this.keys.push(key);
      this.values.push(new StoredText(text));
    }
  }

  get size(): number {
    return this.keys.length;
  }

  /**
   * The value of row `i`, decoded from its text on first use. Text that is not JSON throws a
   * `StorageError` naming the key (the storage holds data the SDK did not write).
   */
  value(i: number): JsonValue {
    const value = this.values[i] as JsonValue | StoredText;
    if (!(value instanceof StoredText)) return value;
    const decoded = decodeJson('store.read', this.keys[i] as string, value.text);
    this.values[i] = decoded;
    return decoded;
  }

  /** False when row `i` certainly holds no outbox entry (it is still text: see addText). */
  mayHoldEntries(i: number): boolean {
    return !(this.values[i] instanceof StoredText);
  }

  /**
   * How many rows hold a record with a server id, rows of `skip`ped local ids aside, without
   * decoding rows still as text that certainly have one: a record without a server id is
   * stored with a top-level `"s":null` (see row-codec.ts).
   */
  countWithServerId(skip: (localId: string) => boolean): number {
    const ids = this.localIds();
    let count = 0;
    for (let i = 0; i < ids.length; i++) {
      if (skip(ids[i] as string)) continue;
      const value = this.values[i];
      // Text holds a record (a row without one holds entries, and was decoded at open).
      if (value instanceof StoredText && !String(value.text).includes('"s":null')) count++;
      else if (rowHasServerId(this.value(i))) count++;
    }
    return count;
  }

  /**
   * The records of the rows, decoded once for every use: a first list whose rows' views are
   * not all ready reads them ({@link views} first), and the record map is built from them
   * later. Set only once every row decoded: a corrupt row fails every use, never a partial list.
   */
  decoded(): DecodedRecords {
    if (this.decodedRecords) return this.decodedRecords;
    const localIds = this.localIds();
    const records: StoredRecord[] = [];
    const ids: string[] = [];
    const hidden = new Set<string>();
    for (let i = 0; i < localIds.length; i++) {
      const localId = localIds[i] as string;
      const stored = this.values[i];
      // Text holds no entries (see addText): it is decoded here, and nothing is hidden.
      const asText = stored instanceof StoredText;
      const value = asText ? this.value(i) : (stored as JsonValue);
      const record = decodeRowRecord(value, localId);
      if (record) {
        records.push(record);
        ids.push(localId);
      }
      if (!asText && rowHidesRecord(value)) hidden.add(localId);
    }
    this.decodedRecords = { records, ids, hidden };
    return this.decodedRecords;
  }

  /**
   * The records' views, in row order (see `rowView`: a memoryStorage row's as stored, a parsed
   * row's `d` with its view keys), or `undefined` when one row's must be built with its record.
   * A first list reads these without building a record object per row; the records built later
   * (the map, {@link decoded}) hold the same view objects, so what a live query compares is
   * unchanged. Checked once.
   */
  views(): ListedViews | undefined {
    if (this.listedViews !== undefined)
      return this.listedViews === false ? undefined : this.listedViews;
    this.listedViews = this.decodedRecords ? false : (readViews(this) ?? false);
    return this.listedViews === false ? undefined : this.listedViews;
  }

  /** The local ids of rows whose last stored entry is a delete, as a first list reads them. */
  hidden(): ReadonlySet<string> {
    return (this.views() ?? this.decoded()).hidden;
  }

  /** Whether a list read the rows ({@link decoded} or {@link views} ran). */
  get isDecoded(): boolean {
    return (
      this.decodedRecords !== undefined ||
      (this.listedViews !== undefined && this.listedViews !== false)
    );
  }

  /** The local ids of the rows (from their keys), in row order. Computed once. */
  localIds(): readonly string[] {
    if (this.ids) return this.ids;
    const from = this.keyPrefix.length;
    const ids = new Array<string>(this.keys.length);
    for (let i = 0; i < ids.length; i++) {
      const id = (this.keys[i] as string).slice(from);
      ids[i] = id.includes('%') ? decodeURIComponent(id) : id;
    }
    this.ids = ids;
    return ids;
  }
}
