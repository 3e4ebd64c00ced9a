/**
 * Pure rules that tie a record to its outbox entries: its sync status, its visibility, and how
 * its data is rebuilt from the last server version plus the patches still queued.
 */
import type {
  OutboxEntry,
  StoredRecord,
  SyncErrorInfo,
  SyncStatus,
  WireData,
} from '../model/types.js';

/** The status a record shows, given its server id and its queued entries. */
export function deriveSyncStatus(
  serverId: string | null,
  entries: readonly OutboxEntry[],
): SyncStatus {
  if (entries.length === 0) return 'synced';
  if (entries.some((entry) => entry.status === 'conflict')) return 'conflict';
  if (entries.some((entry) => entry.status === 'failed')) return 'failed';
  if (entries[entries.length - 1]?.op === 'delete') return 'pendingDelete';
  if (serverId === null) return 'pendingCreate';
  return 'pendingUpdate';
}

/** The error a record shows: the first queued entry that has one. */
export function deriveSyncError(entries: readonly OutboxEntry[]): SyncErrorInfo | null {
  for (const entry of entries) if (entry.lastError) return entry.lastError;
  return null;
}

/** A record pending deletion is hidden from every read at once. */
export function isHidden(entries: readonly OutboxEntry[] | undefined): boolean {
  return entries !== undefined && entries[entries.length - 1]?.op === 'delete';
}

/** The last server version of a record, or `null` when it has none (never acknowledged). */
export function serverSnapshot(record: StoredRecord): WireData | null {
  if (record.base === null) return null;
  return { ...record.data, ...record.base };
}

/**
 * Rebuilds `data` and `base` from a server version and the patches still queued, in order.
 * With no server version, the first entry must be the create (its patch is the whole record).
 */
export function rebuildData(
  server: WireData | null,
  entries: readonly OutboxEntry[],
): { data: WireData; base: WireData | null } {
  let data: WireData = server ?? {};
  const changed = new Set<string>();
  for (const entry of entries) {
    if (!entry.patch) continue;
    data = { ...data, ...entry.patch };
    if (entry.op !== 'create') for (const field of Object.keys(entry.patch)) changed.add(field);
  }
  if (server === null) return { data, base: null };
  const base: Record<string, WireData[string]> = {};
  for (const field of changed) base[field] = server[field] ?? null;
  return { data, base };
}

/** `data` without the fields any of `entries` wrote (what remains of a never-synced record). */
export function unpatchedFields(data: WireData, entries: readonly OutboxEntry[]): WireData {
  const written = new Set<string>();
  for (const entry of entries) if (entry.patch) for (const key in entry.patch) written.add(key);
  const out: Record<string, WireData[string]> = {};
  for (const key in data) if (!written.has(key)) out[key] = data[key] ?? null;
  return out;
}

/** Applies a local patch: new data, and `base` extended with the server values it overwrites. */
export function applyLocalPatch(
  record: StoredRecord,
  patch: WireData,
): { data: WireData; base: WireData | null } {
  const data = { ...record.data, ...patch };
  if (record.base === null) return { data, base: null };
  let base = record.base;
  for (const field of Object.keys(patch)) {
    if (!(field in base)) base = { ...base, [field]: record.data[field] ?? null };
  }
  return { data, base };
}

/** The record with status and error re-derived from its entries. */
export function withDerivedStatus(
  record: StoredRecord,
  entries: readonly OutboxEntry[],
): StoredRecord {
  const syncStatus = deriveSyncStatus(record.serverId, entries);
  const syncError = deriveSyncError(entries);
  if (syncStatus === record.syncStatus && syncError === record.syncError) return record;
  return { ...record, syncStatus, syncError };
}
