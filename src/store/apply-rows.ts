/**
 * Applying pulled rows: the plan of one commit that stores the server's rows in the records
 * without queued changes (see {@link planApplyRows}), and its path for a collection that holds
 * no record yet (a first pull).
 */

import { jsonEqual } from '../model/json.js';
import type { CollectionName, StoredRecord, WireData } from '../model/types.js';
import { freezePlainJson } from '../storage-adapters/memory-values.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import { ChangeBuilder } from './change-builder.js';
import type { ChangeSet, RecordWrite } from './change-set.js';
import { fromServerRow, type ServerRow, toLocalId } from './id-map.js';
import { sameWireFields, seal } from './public-record.js';
import { isStale, updatedAtOf } from './stale-rows.js';
import type { StoreState } from './store-state.js';

/** What {@link planApplyRows} did. */
export interface ApplyRowsResult {
  /** Local ids of records inserted or replaced. */
  readonly applied: readonly string[];
  /** Rows not applied because their record has queued local changes (conflict candidates). */
  readonly pending: ReadonlyArray<{ readonly localId: string; readonly row: ServerRow }>;
}

/**
 * Applies pulled rows to records without queued changes; unchanged rows are skipped, and so
 * are stale ones (older than the record's server version, or listed before `listedAt` — server
 * clock — when the record heard from the server since). `now` (server clock): `lastSyncedAt`.
 * `trustedUntil` (ISO, the latest the server's clock can be) marks held versions dated after
 * it as untrustworthy: a row older than such a version is still applied.
 */
export function planApplyRows(
  state: StoreState,
  collection: CollectionName,
  rows: readonly ServerRow[],
  now: number,
  listedAt?: number,
  trustedUntil?: string,
): { change: ChangeSet; result: ApplyRowsResult } {
  // Decided once, on the state this commit is planned on (after the listing, with every local
  // write made meanwhile in it): a collection with no record at all has nothing to merge with.
  const first =
    state.recordsOf(collection).size === 0
      ? planFirstRows(state, collection, rows, now)
      : undefined;
  if (first) return first;
  const builder = new ChangeBuilder(state);
  const applied: string[] = [];
  const pending: Array<{ localId: string; row: ServerRow }> = [];
  for (const row of rows) {
    const localId = toLocalId(state, collection, row.id);
    const record = builder.record(collection, localId);
    if (record && isStale(record, row, listedAt, trustedUntil, now)) continue;
    if (state.entriesOf(collection, localId).length > 0) {
      pending.push({ localId, row });
      continue;
    }
    const data = fromServerRow(state, collection, row);
    const serverUpdatedAt = updatedAtOf(row);
    if (
      record &&
      record.serverUpdatedAt === serverUpdatedAt &&
      record.serverId === row.id &&
      sameWireFields(record.data, data, jsonEqual)
    ) {
      continue;
    }
    builder.putRecord(collection, localId, syncedRecord(localId, row, data, serverUpdatedAt, now));
    applied.push(localId);
  }
  return { change: builder.build(), result: { applied, pending } };
}

/**
 * The synced record of a pulled row. Its data is new: it takes its view keys here (as `seal`
 * puts them), so sealing it copies nothing; frozen and checked as plain JSON here,
 * memoryStorage keeps it as it is.
 */
function syncedRecord(
  localId: string,
  row: ServerRow,
  data: WireData,
  serverUpdatedAt: string | null,
  now: number,
): StoredRecord {
  const view = data as Record<string, JsonValue>;
  view.id = localId;
  view.serverId = row.id;
  view.syncStatus = 'synced';
  view.syncError = null;
  freezePlainJson(view);
  return {
    id: localId,
    serverId: row.id,
    syncStatus: 'synced',
    serverUpdatedAt,
    base: {},
    lastSyncedAt: now,
    syncError: null,
    data,
  };
}

/**
 * {@link planApplyRows} into a collection that holds no record at all (a first pull): no row
 * has a local record to be stale against, equal to, or mapped to another id, so each row is
 * stored under its server id without those look-ups, and the writes are listed directly (no
 * builder map). A row with queued entries still goes to `pending`. `undefined` when two rows
 * share an id (the general path then keeps the last, as it always did).
 */
function planFirstRows(
  state: StoreState,
  collection: CollectionName,
  rows: readonly ServerRow[],
  now: number,
): { change: ChangeSet; result: ApplyRowsResult } | undefined {
  const seen = new Set<string>();
  const records: RecordWrite[] = [];
  const applied: string[] = [];
  const pending: Array<{ localId: string; row: ServerRow }> = [];
  // Indexed: run once per listing, not optimised yet, `for…of` allocates per row.
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as ServerRow;
    const localId = row.id;
    if (seen.size === seen.add(localId).size) return undefined;
    if (state.entriesOf(collection, localId).length > 0) {
      pending.push({ localId, row });
      continue;
    }
    const data = fromServerRow(state, collection, row);
    const next = syncedRecord(localId, row, data, updatedAtOf(row), now);
    records.push({ collection, localId, next: seal(next) });
    applied.push(localId);
  }
  return { change: { records, entries: [] }, result: { applied, pending } };
}
