/**
 * The id map: the one place that translates between local ids and server ids.
 * Rows first seen from the server keep their server id as local id, so an unknown server id
 * maps to itself and stays consistent once the referenced row arrives.
 */

import { DESCRIPTORS } from '../model/descriptors.js';
import type { CollectionName, WireData } from '../model/types.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import type { StoreState } from './store-state.js';

/** A server row: wire fields with the server `id` and server-id references. */
export type ServerRow = { readonly id: string; readonly [field: string]: JsonValue };

/** The local id for `serverId` (itself when the device has no record for it yet). */
export function toLocalId(state: StoreState, collection: CollectionName, serverId: string): string {
  return state.localIdOf(collection, serverId) ?? serverId;
}

/** The record data of a server row: no `id`, no nested includes, references as local ids. */
export function fromServerRow(
  state: StoreState,
  collection: CollectionName,
  row: ServerRow,
): WireData {
  const { includes: nested, references } = DESCRIPTORS[collection];
  const data: Record<string, JsonValue> = {};
  for (const field in row) {
    if (field === 'id' || nested.includes(field)) continue;
    data[field] = row[field] as JsonValue;
  }
  for (const { field, target } of references) {
    const value = data[field];
    if (typeof value === 'string') data[field] = toLocalId(state, target, value);
  }
  return data;
}

/** A reference that cannot be sent yet: its record has not been created on the server. */
export interface UnresolvedReference {
  readonly field: string;
  readonly collection: CollectionName;
  readonly localId: string;
}

/**
 * `patch` with references rewritten to server ids, plus the references whose record has no
 * server id yet (the Pusher waits for their create to be acknowledged before sending).
 */
export function toServerPatch(
  state: StoreState,
  collection: CollectionName,
  patch: WireData,
): { patch: WireData; unresolved: UnresolvedReference[] } {
  const out: Record<string, JsonValue> = { ...patch };
  const unresolved: UnresolvedReference[] = [];
  for (const { field, target } of DESCRIPTORS[collection].references) {
    const localId = patch[field];
    if (typeof localId !== 'string') continue;
    const serverId = state.getRecord(target, localId)?.serverId;
    if (serverId) out[field] = serverId;
    else if (state.getRecord(target, localId))
      unresolved.push({ field, collection: target, localId });
    // A reference to a record the device does not hold is assumed to be a server id already.
  }
  return { patch: out, unresolved };
}
