/**
 * The shapes the local store keeps: records (wire fields plus sync metadata) and
 * outbox entries. Both are plain JSON so they go to the storage adapter as is.
 */
import type { JsonValue } from './json.js';

/** The collections the store keeps, one per synced backend entity. */
export const COLLECTIONS = [
  'heroes',
  'stories',
  'customEvents',
  'visualProfiles',
  'illustrations',
] as const;

/** A collection of synced records. */
export type CollectionName = (typeof COLLECTIONS)[number];

/** Where a record stands relative to the server. */
export type SyncStatus =
  | 'synced'
  | 'pendingCreate'
  | 'pendingUpdate'
  | 'pendingDelete'
  | 'failed'
  | 'conflict';

/** Why a sync attempt failed, as a closed union: whose failure it is, and so what to do next. */
export type SyncFailureKind =
  | 'offline'
  | 'auth'
  | 'rate-limit'
  | 'permanent'
  | 'conflict'
  | 'server';

/** The last sync failure of a record or outbox entry, kept as plain JSON. */
export type SyncErrorInfo = {
  readonly kind: SyncFailureKind;
  readonly message: string;
  /** HTTP status, when the server answered. */
  readonly status: number | null;
  /** The server's error code (`ValidationError`, `NotFound`…), when it sent one. */
  readonly code: string | null;
  /** When it happened (epoch ms, device clock). */
  readonly at: number;
};

/** Wire fields of a record: JSON values keyed by field name. */
export type WireData = { readonly [field: string]: JsonValue };

/**
 * One record as the store keeps it (storage format v2).
 *
 * `data` holds the wire fields with references (`heroId`, `storyId`, `customEventId`) as
 * **local** ids. Internally (and in storage) it also carries the view keys `id` (local id),
 * `serverId`, `syncStatus`, `syncError`, so it is the very object apps receive (see
 * `public-record.ts`); `LocalStore.getStored()` hands out `data` with the wire fields only.
 * Records created on the device also carry the server's defaults for fields the app did not
 * give. `base` holds, for every field changed locally since
 * the last server version, that server value (so the last server version is `{...data, ...base}`);
 * it is `null` while the record has no server version (pending create) and `{}` when synced.
 */
export type StoredRecord = {
  readonly id: string;
  readonly serverId: string | null;
  readonly syncStatus: SyncStatus;
  /** The server `updatedAt` of the last server version this device saw. */
  readonly serverUpdatedAt: string | null;
  readonly base: WireData | null;
  /** When the record last matched the server (epoch ms), or `null`. */
  readonly lastSyncedAt: number | null;
  readonly syncError: SyncErrorInfo | null;
  readonly data: WireData;
};

/** The three basic outbox operations. */
export type CoreOp = 'create' | 'update' | 'delete';

/**
 * An outbox operation: a basic one, or a named server action (e.g. `favorite`, `play`). Named
 * actions are never coalesced with anything but a later delete.
 */
export type OutboxOp = CoreOp | (string & Record<never, never>);

/** Durable status of an outbox entry. `inFlight` is runtime-only and not stored. */
export type OutboxEntryStatus = 'pending' | 'failed' | 'conflict';

/** One durable outbox entry (storage format v2). */
export type OutboxEntry = {
  readonly mutationId: string;
  /** Monotonic position in the outbox; per record, entries are sent in `seq` order. */
  readonly seq: number;
  readonly collection: CollectionName;
  readonly localId: string;
  readonly op: OutboxOp;
  /** Fields to send (references as local ids); the full record for a create; `null` for a delete. */
  readonly patch: WireData | null;
  /** The record's `serverUpdatedAt` when the first coalesced edit was made. */
  readonly baseServerUpdatedAt: string | null;
  /** When the entry was created (epoch ms, device clock). */
  readonly createdAt: number;
  /** When the last edit coalesced into it was made (epoch ms, device clock). */
  readonly editedAt: number;
  /**
   * The same moment on the server clock: device clock + the server offset estimated at that
   * moment, so a device clock fixed before the sync does not move the edit. Last-write-wins
   * compares this with the server's `updatedAt`. Absent when the offset was not known yet (no
   * answer from the server since the app started): then the offset at sync time is used.
   */
  readonly editedServerAt?: number | undefined;
  /** How many times the sync engine started sending it. Non-zero means it may have reached the server. */
  readonly attempts: number;
  /** Not before this time (epoch ms, device clock; informative), or `null` for "as soon as possible". */
  readonly nextAttemptAt: number | null;
  /**
   * The wait set with `nextAttemptAt` (ms). What the engine counts, on a monotonic clock: from
   * when it was set, or from the store's load after a restart — never from a wall time.
   */
  readonly retryAfterMs?: number | undefined;
  /**
   * When it was first sent, on the server clock (epoch ms; device clock + the server offset at
   * that moment). Saved before the request leaves, so a lost answer is looked for in the right
   * window even after a restart under a different device clock.
   */
  readonly firstSentServerAt?: number | undefined;
  readonly lastError: SyncErrorInfo | null;
  readonly status: OutboxEntryStatus;
};

/**
 * What repositories return: the wire fields (references as local ids) plus `id` (stable local
 * id), `serverId`, `syncStatus` and `syncError`. Frozen, deeply.
 */
export type LocalRecord<T extends object> = Readonly<Omit<T, 'id'>> & {
  readonly id: string;
  readonly serverId: string | null;
  readonly syncStatus: SyncStatus;
  readonly syncError: SyncErrorInfo | null;
};

/** A record as returned without a typed wire shape. */
export type AnyLocalRecord = LocalRecord<WireData>;

/** `subscribe(listener) → unsubscribe` plus `getSnapshot()`: the shape `useSyncExternalStore` takes. */
export interface Observable<T> {
  /** The current value; the same object for as long as it has not changed. */
  getSnapshot(): T;
  /** Calls `listener` after every change of the value. Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}
