/**
 * The rows of one collection as opening read them, kept as read until something needs them.
 *
 * Opening reads every row of the user (reads are synchronous, so the data must be in memory
 * when `ready` resolves) but builds nothing per row: no record, no outbox entry, no index
 * entry. The store builds each of the three views below the first time something needs it,
 * for the whole collection at once, from these rows:
 *
 * - records (and the server-id map): on the first read or write of a record of the collection;
 * - outbox entries: on the first use of the collection's entries (the whole outbox: of every
 *   collection);
 * - row revisions: on the first commit that touches one of its rows.
 *
 * Each view is built before it is first changed, so building it from the rows as read gives
 * what building everything at open would have given.
 */
import type { CollectionName } from '../model/types.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';

/** One collection's stored rows (storage key, stored value), in key order. */
export class StoredCollection {
  readonly keys: string[] = [];
  readonly values: JsonValue[] = [];
  private ids: string[] | undefined;

  /**
   * @param collection - the collection
   * @param keyPrefix - the storage key prefix of its rows (`…/rec/<collection>/`)
   */
  constructor(
    readonly collection: CollectionName,
    readonly keyPrefix: string,
  ) {}

  add(key: string, value: JsonValue): void {
    this.keys.push(key);
    this.values.push(value);
  }

  get size(): number {
    return this.keys.length;
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
