/**
 * How a record row is stored (storage format 3): the in-memory {@link RecordRow} written with
 * short keys and without anything the key or the rest of the row already says.
 *
 * ```
 * { d:   the record's wire fields (no id, serverId, syncStatus, syncError: the view keys;
 *        on memoryStorage, the record's data with the view keys: see memory-values.ts),
 *   s?:  serverId           — only when it is not the local id (records pulled from the
 *                             server use the server id as local id),
 *   u?:  serverUpdatedAt    — only when it is not d.updatedAt,
 *   b?:  base               — only when it is not {} (synced) or null (never acknowledged),
 *   t?:  lastSyncedAt       — only when not null,
 *   st?: syncStatus, x?: syncError — only when they differ from what the entries derive,
 *   o?:  [ { m: mutationId, q: seq, o: op, c: createdAt,
 *            k?: patch field names, when every patched value is the record's own value,
 *            p?: patch, otherwise (neither for a delete: patch null),
 *            b?: baseServerUpdatedAt, e?: editedAt (when ≠ createdAt), a?: attempts (≠ 0),
 *            n?: nextAttemptAt, r?: retryAfterMs, f?: firstSentServerAt, w?: editedServerAt, x?: lastError,
 *            s?: status (when not 'pending') } ],
 *   rev: the row's revision }
 * ```
 *
 * An entry's collection and local id are the row's (from the key); a row without `d` has no
 * record. A synced record therefore costs its server JSON minus the `id` field plus about 30
 * bytes, and a pending create its record plus the entry's ids and times, not a second copy.
 *
 * Decoding also accepts a format-2 row (`{ record, outbox?, rev? }`): a client of an older
 * build still open over the same storage while this one migrated can only ever add such rows.
 */
import { jsonEqual } from '../model/json.js';
import type {
  CollectionName,
  OutboxEntry,
  OutboxEntryStatus,
  StoredRecord,
  SyncErrorInfo,
  SyncStatus,
  WireData,
} from '../model/types.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import { VIEW_KEYS } from './public-record.js';
import { deriveSyncError, deriveSyncStatus } from './record-state.js';
import type { RecordRow } from './row-rebase.js';

/** Which record a row belongs to (from its storage key). */
export interface RowOwner {
  readonly collection: CollectionName;
  readonly localId: string;
}

type Encoded = { [key: string]: JsonValue };

/**
 * The row as stored (format 3). `rev` is carried over as it is. With `viewKeys` (for an
 * adapter that keeps values as objects: see memory-values.ts), `d` is the record's data with
 * its view keys, which decoding then takes as it is.
 */
export function encodeRow(row: RecordRow, localId: string, viewKeys = false): JsonValue {
  const out: Encoded = {};
  const record = row.record;
  const entries = row.outbox ?? [];
  let wire: WireData | undefined;
  if (record) {
    wire = viewKeys ? record.data : wireOnly(record.data);
    out.d = wire;
    if (record.serverId !== localId) out.s = record.serverId;
    if (record.serverUpdatedAt !== updatedAtOf(wire)) out.u = record.serverUpdatedAt;
    if (!isDefaultBase(record.base, record.serverId)) out.b = record.base;
    if (record.lastSyncedAt !== null) out.t = record.lastSyncedAt;
    if (record.syncStatus !== deriveSyncStatus(record.serverId, entries))
      out.st = record.syncStatus;
    const error = deriveSyncError(entries);
    if (!jsonEqual(record.syncError as JsonValue, error as JsonValue)) {
      out.x = record.syncError as JsonValue;
    }
  }
  if (entries.length > 0) out.o = entries.map((entry) => encodeEntry(entry, wire));
  if (row.rev !== undefined) out.rev = row.rev;
  return out;
}

/** The in-memory row of a stored value (format 3, or a format-2 row). */
export function decodeRow(value: JsonValue, owner: RowOwner): RecordRow {
  const row = value as Encoded;
  if (row.record !== undefined) return value as unknown as RecordRow;
  const entries = decodeRowEntries(value, owner);
  const out: { record: StoredRecord | null; outbox?: OutboxEntry[]; rev?: number } = {
    record: decodeRowRecord(value, owner.localId),
  };
  if (entries) out.outbox = entries;
  if (typeof row.rev === 'number') out.rev = row.rev;
  return out;
}

/**
 * The record of a stored row (`null`: the row holds none), without building its entries: its
 * status and error are derived from the stored entries as they are.
 */
export function decodeRowRecord(value: JsonValue, localId: string): StoredRecord | null {
  const row = value as Encoded;
  if (row.record !== undefined) return (value as unknown as RecordRow).record;
  const wire = row.d as WireData | undefined;
  return wire === undefined ? null : decodeRecord(row, wire, localId);
}

/** The outbox entries of a stored row, in `seq` order (`undefined`: it has none). */
export function decodeRowEntries(value: JsonValue, owner: RowOwner): OutboxEntry[] | undefined {
  const row = value as Encoded;
  if (row.record !== undefined) {
    const outbox = (value as unknown as RecordRow).outbox;
    return outbox && outbox.length > 0 ? [...outbox] : undefined;
  }
  const stored = row.o as readonly Encoded[] | undefined;
  if (!stored || stored.length === 0) return undefined;
  const wire = row.d as WireData | undefined;
  const entries = new Array<OutboxEntry>(stored.length);
  for (let i = 0; i < stored.length; i++) {
    entries[i] = decodeEntry(stored[i] as Encoded, owner, wire);
  }
  return entries;
}

/** Outbox counters, added up over stored rows without decoding them. */
export interface EntryTally {
  count: number;
  failed: number;
  conflict: number;
  /** The highest `seq` seen (0: none). */
  maxSeq: number;
}

/** Adds the entries of the stored row `value` to `tally`. */
export function tallyRowEntries(value: JsonValue, tally: EntryTally): void {
  const row = value as Encoded;
  // Plain indexed loops and property reads: this runs once per row at open, before the
  // engine has optimised anything (JSON values have no inherited `record` or `o`).
  if (row.record !== undefined) {
    const outbox = (value as unknown as RecordRow).outbox ?? [];
    for (let i = 0; i < outbox.length; i++) {
      const entry = outbox[i] as OutboxEntry;
      tallyOne(tally, entry.status, entry.seq);
    }
    return;
  }
  const stored = row.o as readonly Encoded[] | undefined;
  if (stored === undefined) return;
  for (let i = 0; i < stored.length; i++) {
    const entry = stored[i] as Encoded;
    tallyOne(tally, (entry.s as OutboxEntryStatus | undefined) ?? 'pending', entry.q as number);
  }
}

function tallyOne(tally: EntryTally, status: OutboxEntryStatus, seq: number): void {
  tally.count++;
  if (status === 'failed') tally.failed++;
  else if (status === 'conflict') tally.conflict++;
  if (seq > tally.maxSeq) tally.maxSeq = seq;
}

/** Whether the stored row's last entry is a delete (its record is hidden from reads). */
export function rowHidesRecord(value: JsonValue): boolean {
  const row = value as Encoded;
  if (row.record !== undefined) {
    const outbox = (value as unknown as RecordRow).outbox;
    return outbox !== undefined && outbox[outbox.length - 1]?.op === 'delete';
  }
  const stored = row.o as readonly Encoded[] | undefined;
  return stored !== undefined && stored[stored.length - 1]?.o === 'delete';
}

/** Whether the stored row holds a record, without decoding it. */
export function rowHoldsRecord(value: JsonValue): boolean {
  const row = value as Encoded;
  return row.record !== undefined ? row.record !== null : row.d !== undefined;
}

/** Whether the stored row holds a record with a server id, without decoding it. */
export function rowHasServerId(value: JsonValue): boolean {
  const row = value as Encoded;
  if (row.record !== undefined) return Boolean((value as unknown as RecordRow).record?.serverId);
  // No `s`: the server id is the local id.
  return row.d !== undefined && row.s !== null;
}

/** The revision of a stored value without decoding it (`undefined`: no value). */
export function storedRevision(value: JsonValue | undefined): number | undefined {
  if (value === undefined) return undefined;
  const rev = (value as Encoded).rev;
  return typeof rev === 'number' ? rev : 0;
}

/**
 * The record's view from its stored row, without building the record (`undefined`: no record,
 * or a format-2 row). A frozen `d` (memoryStorage: see memory-values.ts) is the view as it is
 * when its view keys say what the row does (else `undefined`), allocating nothing. A `d` fresh
 * from the adapter (the caller's own copy) takes the view keys on itself, as decoding does, so
 * the record decoded later holds the same object; it is frozen when first handed out.
 */
export function rowView(value: JsonValue, localId: string): WireData | undefined {
  const row = value as Encoded;
  const wire = row.d as WireData | undefined;
  if (wire === undefined || row.record !== undefined) return undefined;
  const frozen = Object.isFrozen(wire);
  if (frozen && wire.id !== localId) return undefined;
  const serverId = rowServerId(row, localId);
  const syncStatus = rowSyncStatus(row, serverId);
  const syncError = rowSyncError(row);
  if (!frozen) return viewData(wire, localId, serverId, syncStatus, syncError);
  return wire.serverId === serverId &&
    wire.syncStatus === syncStatus &&
    wire.syncError === (syncError as JsonValue)
    ? wire
    : undefined;
}

// What a row says of its record's sync state. Stored JSON holds no `undefined`: a field is
// present exactly when it is not `undefined`; an absent one is derived from the entries.
function rowServerId(row: Encoded, localId: string): string | null {
  return row.s !== undefined ? (row.s as string | null) : localId;
}

function rowSyncStatus(row: Encoded, serverId: string | null): SyncStatus {
  return row.st !== undefined
    ? (row.st as SyncStatus)
    : storedSyncStatus(serverId, row.o as readonly Encoded[] | undefined);
}

function rowSyncError(row: Encoded): SyncErrorInfo | null {
  return row.x !== undefined
    ? (row.x as unknown as SyncErrorInfo | null)
    : storedSyncError(row.o as readonly Encoded[] | undefined);
}

const EMPTY_BASE: WireData = Object.freeze({});

function decodeRecord(row: Encoded, wire: WireData, localId: string): StoredRecord {
  const serverId = rowServerId(row, localId);
  const syncStatus = rowSyncStatus(row, serverId);
  const syncError = rowSyncError(row);
  const updatedAt = wire.updatedAt;
  return {
    id: localId,
    serverId,
    syncStatus,
    serverUpdatedAt:
      row.u !== undefined
        ? (row.u as string | null)
        : typeof updatedAt === 'string'
          ? updatedAt
          : null,
    base: row.b !== undefined ? (row.b as WireData | null) : serverId === null ? null : EMPTY_BASE,
    lastSyncedAt: row.t !== undefined ? (row.t as number) : null,
    syncError,
    data: viewData(wire, localId, serverId, syncStatus, syncError),
  };
}

/** `wire` with the view keys (after the wire fields, as `seal` puts them). */
function viewData(
  wire: WireData,
  localId: string,
  serverId: string | null,
  syncStatus: SyncStatus,
  syncError: SyncErrorInfo | null,
): WireData {
  const frozen = Object.isFrozen(wire);
  // A memoryStorage row holds the record's data with its view keys, deeply frozen: when they
  // are still the record's, that is the view, as it is.
  if (
    frozen &&
    wire.id === localId &&
    wire.serverId === serverId &&
    wire.syncStatus === syncStatus &&
    wire.syncError === (syncError as JsonValue)
  ) {
    return wire;
  }
  // Another frozen stored value (memoryStorage) is copied; one fresh from the adapter (parsed,
  // cloned) is the caller's own copy (see the storage contract) and takes the view keys as it
  // is.
  const data = frozen ? { ...wire } : (wire as Record<string, JsonValue>);
  data.id = localId;
  data.serverId = serverId;
  data.syncStatus = syncStatus;
  data.syncError = syncError as JsonValue;
  // A frozen stored value is deeply frozen (memoryStorage): the view is ready as it is.
  // Otherwise it is frozen when first handed out (`viewOf`, or a list's `asView`).
  if (frozen) Object.freeze(data);
  return data;
}

/** `deriveSyncStatus` over stored (encoded) entries. */
function storedSyncStatus(
  serverId: string | null,
  stored: readonly Encoded[] | undefined,
): SyncStatus {
  if (stored === undefined || stored.length === 0) return 'synced';
  let failed = false;
  for (let i = 0; i < stored.length; i++) {
    const status = (stored[i] as Encoded).s;
    if (status === 'conflict') return 'conflict';
    if (status === 'failed') failed = true;
  }
  if (failed) return 'failed';
  if ((stored[stored.length - 1] as Encoded).o === 'delete') return 'pendingDelete';
  return serverId === null ? 'pendingCreate' : 'pendingUpdate';
}

/** `deriveSyncError` over stored (encoded) entries: the decoded entries share these objects. */
function storedSyncError(stored: readonly Encoded[] | undefined): SyncErrorInfo | null {
  if (stored === undefined) return null;
  for (let i = 0; i < stored.length; i++) {
    const error = (stored[i] as Encoded).x;
    if (error) return error as unknown as SyncErrorInfo;
  }
  return null;
}

function encodeEntry(entry: OutboxEntry, wire: WireData | undefined): JsonValue {
  const out: Encoded = { m: entry.mutationId, q: entry.seq, o: entry.op, c: entry.createdAt };
  if (entry.patch !== null) {
    const own = wire && ownValues(entry.patch, wire);
    if (own) out.k = own;
    else out.p = entry.patch;
  }
  if (entry.baseServerUpdatedAt !== null) out.b = entry.baseServerUpdatedAt;
  if (entry.editedAt !== entry.createdAt) out.e = entry.editedAt;
  if (entry.editedServerAt !== undefined) out.w = entry.editedServerAt;
  if (entry.attempts !== 0) out.a = entry.attempts;
  if (entry.nextAttemptAt !== null) out.n = entry.nextAttemptAt;
  if (entry.retryAfterMs !== undefined) out.r = entry.retryAfterMs;
  if (entry.firstSentServerAt !== undefined) out.f = entry.firstSentServerAt;
  if (entry.lastError !== null) out.x = entry.lastError as unknown as JsonValue;
  if (entry.status !== 'pending') out.s = entry.status;
  return out;
}

function decodeEntry(entry: Encoded, owner: RowOwner, wire: WireData | undefined): OutboxEntry {
  const names = entry.k as readonly string[] | undefined;
  let patch: WireData | null = (entry.p as WireData | undefined) ?? null;
  if (names && wire) {
    const picked: Record<string, JsonValue> = {};
    for (const name of names) picked[name] = wire[name] ?? null;
    patch = picked;
  }
  const createdAt = entry.c as number;
  const out: {
    -readonly [K in keyof OutboxEntry]: OutboxEntry[K];
  } = {
    mutationId: entry.m as string,
    seq: entry.q as number,
    collection: owner.collection,
    localId: owner.localId,
    op: entry.o as string,
    patch,
    baseServerUpdatedAt: (entry.b as string | undefined) ?? null,
    createdAt,
    editedAt: (entry.e as number | undefined) ?? createdAt,
    attempts: (entry.a as number | undefined) ?? 0,
    nextAttemptAt: (entry.n as number | undefined) ?? null,
    lastError: (entry.x as unknown as SyncErrorInfo | undefined) ?? null,
    status: (entry.s as OutboxEntryStatus | undefined) ?? 'pending',
  };
  if (typeof entry.r === 'number') out.retryAfterMs = entry.r;
  if (typeof entry.f === 'number') out.firstSentServerAt = entry.f;
  if (typeof entry.w === 'number') out.editedServerAt = entry.w;
  return out;
}

/** The names of `patch`'s fields when each holds the record's own value, else `undefined`. */
function ownValues(patch: WireData, wire: WireData): string[] | undefined {
  const names: string[] = [];
  for (const name in patch) {
    if (!Object.hasOwn(wire, name) || !jsonEqual(patch[name], wire[name])) return undefined;
    names.push(name);
  }
  return names;
}

/** `data` without the view keys (the same object when it has none). */
function wireOnly(data: WireData): WireData {
  let view = false;
  for (const key of VIEW_KEYS) if (Object.hasOwn(data, key)) view = true;
  if (!view) return data;
  const out: Record<string, JsonValue> = {};
  for (const key in data) if (!VIEW_KEYS.has(key)) out[key] = data[key] as JsonValue;
  return out;
}

function updatedAtOf(wire: WireData): string | null {
  const value = wire.updatedAt;
  return typeof value === 'string' ? value : null;
}

function isDefaultBase(base: WireData | null, serverId: string | null): boolean {
  if (base === null) return serverId === null;
  if (serverId === null) return false;
  for (const _ in base) return false;
  return true;
}
