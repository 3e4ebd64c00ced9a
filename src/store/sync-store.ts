/**
 * The store as the sync engine sees it: records with their sync metadata, the id map, the
 * outbox, and the atomic operations that apply what the server says. Repositories use the
 * app-facing half of `LocalStore` (get, list, observe, create, update, delete) and never these.
 */
import type { JsonValue } from '../model/json.js';
import type { CollectionName, OutboxEntry, StoredRecord, WireData } from '../model/types.js';
import type { ApplyRowsResult } from './apply-rows.js';
import type { ServerRow, UnresolvedReference } from './id-map.js';
import type { Outbox } from './outbox.js';
import type { RemoveRecordsResult } from './sync-ops.js';

/** The sync-facing methods of the local store. */
export interface SyncStore {
  /** The pending changes. */
  readonly outbox: Outbox;
  /** A record with its sync metadata (wire fields only in `data`), hidden ones included. */
  getStored(collection: CollectionName, localId: string): StoredRecord | undefined;
  /** Every stored record of `collection`, hidden ones included. */
  storedRecords(collection: CollectionName): IterableIterator<StoredRecord>;
  /** A record's queued entries, oldest first. */
  entriesOf(collection: CollectionName, localId: string): readonly OutboxEntry[];
  /** The local id for a server id (the server id itself when the device has no such record). */
  toLocalId(collection: CollectionName, serverId: string): string;
  /** The server id of a local record, or `null` while its create is not acknowledged. */
  toServerId(collection: CollectionName, localId: string): string | null;
  /** `patch` with references as server ids, and those that cannot be translated yet. */
  toServerPatch(
    collection: CollectionName,
    patch: WireData,
  ): { patch: WireData; unresolved: UnresolvedReference[] };
  /** Applies pulled server rows in one commit. */
  applyServerRows(
    collection: CollectionName,
    rows: readonly ServerRow[],
    listedAt?: number,
    trustedUntil?: string,
  ): Promise<ApplyRowsResult>;
  /** Applies server-owned fields (results of online-only operations) to a record. */
  applyServerFields(collection: CollectionName, localId: string, fields: WireData): Promise<void>;
  /** Removes records the server no longer has, with their dependants. */
  removeRecords(
    collection: CollectionName,
    localIds: readonly string[],
  ): Promise<RemoveRecordsResult>;
  /** Rebases a record with queued changes onto a newer server version, in one commit. */
  rebase(
    collection: CollectionName,
    localId: string,
    row: ServerRow,
    resolved: WireData | null | 'delete',
  ): Promise<void>;
  /** Re-creates a record the server deleted, keeping its local id. */
  recreate(collection: CollectionName, localId: string, data: WireData): Promise<void>;
  /** Sync bookkeeping (cursors, open conflicts) kept beside the records. */
  getMeta(name: string): JsonValue | undefined;
  setMeta(name: string, value: JsonValue | undefined): Promise<void>;
}
