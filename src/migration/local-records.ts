/**
 * After a verified upload, the migrated rows enter the local store the way pulled rows do, so
 * the app goes on offline-first without downloading them again.
 */
import type { LocalRecord, WireData } from '../model/types.js';
import type { ServerRow } from '../store/id-map.js';
import type { MigratedCollection } from './checkpoint.js';
import type { MigratedRows } from './verify.js';

/** The part of the local store the migration writes to (a `LocalStore` fits). */
export interface MigrationLocalStore {
  /** Applies server rows as synced records (the path pulled rows take). */
  applyServerRows(collection: MigratedCollection, rows: readonly ServerRow[]): Promise<unknown>;
  /**
   * Removes records (a rollback of a completed migration); records with queued local changes
   * (and their dependants) stay.
   */
  removeRecords(
    collection: MigratedCollection,
    localIds: readonly string[],
  ): Promise<{ readonly removed: readonly string[] }>;
  /** The local id of a server id. */
  toLocalId(collection: MigratedCollection, serverId: string): string;
  /** The server id of a local record (`null` while its create is not acknowledged). */
  toServerId(collection: MigratedCollection, localId: string): string | null;
  /** The visible records (a rollback looks for local changes not synced yet). */
  list(collection: MigratedCollection): readonly LocalRecord<WireData>[];
}

/** Writes the migrated rows into `store`, parents first. */
export async function storeMigratedRows(
  store: MigrationLocalStore,
  rows: MigratedRows,
): Promise<number> {
  const order: MigratedCollection[] = ['heroes', 'visualProfiles', 'customEvents', 'stories'];
  let written = 0;
  for (const collection of order) {
    const list = rows[collection] as readonly ServerRow[];
    if (list.length === 0) continue;
    await store.applyServerRows(collection, list);
    written += list.length;
  }
  return written;
}

/** Removes the records of `serverIds` from `store` (children first). */
export async function removeMigratedRecords(
  store: MigrationLocalStore,
  serverIds: Readonly<Record<MigratedCollection, readonly string[]>>,
): Promise<number> {
  const order: MigratedCollection[] = ['stories', 'customEvents', 'visualProfiles', 'heroes'];
  let removed = 0;
  for (const collection of order) {
    const ids = serverIds[collection].map((id) => store.toLocalId(collection, id));
    if (ids.length === 0) continue;
    removed += (await store.removeRecords(collection, ids)).removed.length;
  }
  return removed;
}
