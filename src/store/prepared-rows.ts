/**
 * Pulled rows made ready before their apply. A pull applies a listing in one commit once every
 * page of it arrived (a failing answer changes nothing), so while the next pages are on their
 * way the client has little to do. {@link PreparedRows.prepare} uses that time: for each row of
 * a page that arrived it builds the record data `planApplyRows` would build (the row's wire
 * fields with references as local ids, the view keys, frozen and checked as plain JSON) and
 * keeps it beside the row. Nothing here changes the store.
 *
 * The apply takes a prepared data only while it still fits: the row's local id and every
 * reference's local id are the ones the store gives now. A commit in between that mapped one
 * of them elsewhere (an acknowledged create) makes the apply build the data again, as it did
 * before; so does a row nobody prepared.
 */
import { DESCRIPTORS } from '../model/descriptors.js';
import type { CollectionName, WireData } from '../model/types.js';
import { freezePlainJson } from '../storage-adapters/memory-values.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import { fromServerRow, type ServerRow, toLocalId } from './id-map.js';
import type { StoreState } from './store-state.js';

/**
 * A new record's data from a server row: its wire fields (`fromServerRow`) and the view keys
 * (as `seal` puts them, so sealing it copies nothing), frozen and checked as plain JSON
 * (`memoryStorage` then keeps it as it is). `data` is the row's `fromServerRow`, not shared.
 */
export function recordDataOf(data: WireData, localId: string, serverId: string): WireData {
  const view = data as Record<string, JsonValue>;
  view.id = localId;
  view.serverId = serverId;
  view.syncStatus = 'synced';
  view.syncError = null;
  freezePlainJson(view);
  return view;
}

/** Record data prepared from pulled rows, by row (see the module comment). */
export class PreparedRows {
  readonly #data = new WeakMap<ServerRow, WireData>();

  constructor(private readonly state: StoreState) {}

  /** Prepares the data of `rows` (not of records with queued changes: those are merged). */
  prepare(collection: CollectionName, rows: readonly ServerRow[]): void {
    const { state } = this;
    for (const row of rows) {
      const localId = toLocalId(state, collection, row.id);
      if (state.entriesOf(collection, localId).length > 0) continue;
      this.#data.set(row, recordDataOf(fromServerRow(state, collection, row), localId, row.id));
    }
  }

  /** The data prepared for `row`, if it still fits `localId` and the store's references. */
  take(collection: CollectionName, row: ServerRow, localId: string): WireData | undefined {
    const data = this.#data.get(row);
    if (data === undefined || data.id !== localId) return undefined;
    for (const { field, target } of DESCRIPTORS[collection].references) {
      const value = row[field];
      if (typeof value === 'string' && data[field] !== toLocalId(this.state, target, value)) {
        return undefined;
      }
    }
    return data;
  }
}
