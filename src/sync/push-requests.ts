/**
 * How each outbox entry goes over the wire: which endpoint, with which ids (local references
 * rewritten to server ids at send time), and what row the answer gives back for the
 * acknowledgement. An entry whose references are not on the server yet is not sendable.
 */
import { DESCRIPTORS, fieldSpec } from '../model/descriptors.js';
import { jsonEqual } from '../model/json.js';
import { isServerOwned } from '../model/server-owned.js';
import type { CollectionName, OutboxEntry, WireData } from '../model/types.js';
import type { ServerRow } from '../store/id-map.js';
import type { LocalStore } from '../store/local-store.js';

/** An entry with everything needed to send it. */
export interface SendTarget {
  readonly entry: OutboxEntry;
  /** The record's server id (`null` for a create). */
  readonly serverId: string | null;
  /** For visual profiles: the hero's server id (their routes are keyed by it). */
  readonly heroServerId: string | null;
  /** The entry's patch with references as server ids. */
  readonly patch: WireData;
}

/** What the server answered, for the acknowledgement. */
export interface SendResult {
  /** The server's version of the record (creates always have one). */
  readonly row?: ServerRow | undefined;
  /** Rows of other collections the answer carried (a re-created story's illustrations). */
  readonly related?: ReadonlyArray<{
    readonly collection: CollectionName;
    readonly rows: readonly ServerRow[];
  }>;
}

/** The result of {@link resolveTarget}. */
export type TargetResolution =
  | { readonly ready: true; readonly target: SendTarget }
  | { readonly ready: false };

function serverIdOf(
  store: LocalStore,
  collection: CollectionName,
  localId: unknown,
): string | null {
  if (typeof localId !== 'string') return null;
  const record = store.getStored(collection, localId);
  // A reference to a record the device does not hold is a server id already.
  return record ? record.serverId : localId;
}

/**
 * Rewrites the entry's references to server ids. Not ready while a referenced record (or, for
 * an update or delete, the record itself) has not been created on the server yet.
 */
export function resolveTarget(store: LocalStore, entry: OutboxEntry): TargetResolution {
  // The server id alone: the record's sync view (a copy of its data) is built only when its
  // data is needed (a visual profile's hero), not for every entry of every push scan.
  const serverId = store.toServerId(entry.collection, entry.localId);
  if (entry.op !== 'create' && serverId === null) return { ready: false };
  const { patch, unresolved } = store.toServerPatch(entry.collection, entry.patch ?? {});
  if (unresolved.length > 0) return { ready: false };
  let heroServerId: string | null = null;
  if (entry.collection === 'visualProfiles') {
    const record = store.getStored(entry.collection, entry.localId);
    heroServerId = serverIdOf(store, 'heroes', record?.data.heroId ?? entry.patch?.heroId);
    if (heroServerId === null) return { ready: false };
  }
  return { ready: true, target: { entry, serverId, heroServerId, patch } };
}

const isEmpty = (value: WireData[string] | undefined): boolean =>
  value === undefined ||
  value === null ||
  value === '' ||
  (Array.isArray(value) && value.length === 0);

/**
 * Fields a create carried that the create route could not set (a custom event's `isFavorite`):
 * writable, non-empty values the server's row does not hold. The Pusher queues them as an update
 * right behind the create, so a write made before the create was sent is not lost. Empty values
 * (`''`, `null`, `[]`) are left out: the routes replace them with their defaults on purpose.
 */
export function createLeftovers(
  collection: CollectionName,
  patch: WireData,
  row: ServerRow,
): WireData | null {
  const references = new Set(
    DESCRIPTORS[collection].references.map((reference) => reference.field),
  );
  const out: Record<string, WireData[string]> = {};
  for (const [field, value] of Object.entries(patch)) {
    if (references.has(field) || isEmpty(value)) continue;
    if (!fieldSpec(collection, field) || isServerOwned(collection, field)) continue;
    if (!jsonEqual(row[field], value)) out[field] = value;
  }
  return Object.keys(out).length > 0 ? out : null;
}

export { sendEntry } from './push-routes.js';
