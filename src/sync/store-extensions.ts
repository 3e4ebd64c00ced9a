/**
 * Record operations the sync engine builds from the LocalStore's public API. Those made of
 * several commits are ordered so that a crash between them never loses a change silently
 * (see each function).
 */

import { DESCRIPTORS } from '../model/descriptors.js';
import type { CollectionName, WireData } from '../model/types.js';
import type { ServerRow } from '../store/id-map.js';
import type { LocalStore } from '../store/local-store.js';

/**
 * A server row as record data: no `id`, no nested includes or counts, references as local ids
 * (what the store keeps, and what the conflict module compares).
 */
export function toLocalData(
  store: LocalStore,
  collection: CollectionName,
  row: ServerRow,
): WireData {
  const { includes: nested, references } = DESCRIPTORS[collection];
  const data: Record<string, WireData[string]> = {};
  for (const field in row) {
    if (field === 'id' || nested.includes(field)) continue;
    data[field] = row[field] as WireData[string];
  }
  for (const { field, target } of references) {
    const value = data[field];
    if (typeof value === 'string') data[field] = store.toLocalId(target, value);
  }
  return data;
}

/** Record data with its server id as a row the store's sync hooks accept. */
export function asRow(serverId: string, data: WireData): ServerRow {
  return { ...data, id: serverId } as ServerRow;
}

/**
 * Drops every queued change of a record that is not being sent (the record rolls back to its
 * last server version; a never-created record goes away). Returns false when some change is in
 * flight (nothing was dropped).
 */
export async function discardQueued(
  store: LocalStore,
  collection: CollectionName,
  localId: string,
): Promise<boolean> {
  const entries = store.entriesOf(collection, localId);
  if (entries.some((entry) => store.outbox.isInFlight(entry.mutationId))) return false;
  for (const entry of [...entries].reverse()) {
    if (store.outbox.get(entry.mutationId)) await store.outbox.discard(entry.mutationId);
  }
  return true;
}

/**
 * Removes a record the server no longer has, with its queued changes and (by the backend's
 * cascade rules) its dependants without queued changes. Returns the dependants that were kept
 * because they have queued changes. Order: changes first, then the record — a crash between
 * leaves the last server version, which the next reconciliation removes.
 */
export async function removeWithChanges(
  store: LocalStore,
  collection: CollectionName,
  localId: string,
): Promise<ReadonlyArray<{ readonly collection: CollectionName; readonly localId: string }>> {
  if (!(await discardQueued(store, collection, localId))) return [];
  const result = await store.removeRecords(collection, [localId]);
  return result.kept;
}

/**
 * Turns a record the server deleted into a new pending create of `data`, under the same local
 * id (so UI keys stay stable); it gets a new server id once pushed. One atomic store commit.
 * Returns false when a change of the record is being sent (nothing was done).
 */
export async function recreateRecord(
  store: LocalStore,
  collection: CollectionName,
  localId: string,
  data: WireData,
): Promise<boolean> {
  const entries = store.entriesOf(collection, localId);
  if (entries.some((entry) => store.outbox.isInFlight(entry.mutationId))) return false;
  if (!store.getStored(collection, localId)) {
    await store.create(collection, data, { localId });
    return true;
  }
  await store.recreate(collection, localId, data);
  return true;
}
