/**
 * Storage format 1 and its in-place migration to format 2 (pure: values in, values out).
 *
 * Format 1 (SDK 0.0.x) kept the same keys as format 2, with different values:
 *
 * ```
 * meta/format                 { version: 1 }
 * rec/<collection>/<localId>  { ...wire fields, id: <localId>,
 *                               _sync: { serverId, status, updatedAt, base, syncedAt, error } }
 *                             status: 'synced'|'created'|'updated'|'deleted'|'error';
 *                             base: the FULL last server version, or null; syncedAt: ISO|null
 * outbox/<seq>                { id, seq, entity, recordId, type, payload, baseUpdatedAt,
 *                               createdAt: ISO, retryCount, error: string|null, failed }
 * ```
 *
 * Format 2 splits wire data from sync metadata (`StoredRecord`), keeps only the changed fields'
 * server values in `base`, derives the status from the outbox, gives entries a status, an edit
 * time and a retry schedule (`OutboxEntry`), and moves each record's entries into the record's
 * own row (`{ record, outbox }`, see keys.ts): the `outbox/<seq>` keys disappear. A v1 entry
 * whose record is missing could never be sent (nothing to resolve its server id from) and is
 * dropped.
 */
import * as z from 'zod/mini';
import type { OutboxEntry, StoredRecord, SyncErrorInfo, WireData } from '../model/types.js';
import { COLLECTIONS } from '../model/types.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import { seal } from './public-record.js';
import { deriveSyncError, deriveSyncStatus } from './record-state.js';

const json = z.custom<JsonValue>(() => true);
const wire = z.record(z.string(), json);

const recordV1 = z.looseObject({
  id: z.string(),
  _sync: z.object({
    serverId: z.nullable(z.string()),
    status: z.enum(['synced', 'created', 'updated', 'deleted', 'error']),
    updatedAt: z.nullable(z.string()),
    base: z.nullable(wire),
    syncedAt: z.nullable(z.string()),
    error: z.nullable(z.string()),
  }),
});

const entryV1 = z.object({
  id: z.string(),
  seq: z.int().check(z.positive()),
  entity: z.enum(COLLECTIONS),
  recordId: z.string(),
  type: z.string(),
  payload: z.nullable(wire),
  baseUpdatedAt: z.nullable(z.string()),
  createdAt: z.string(),
  retryCount: z.int().check(z.nonnegative()),
  error: z.nullable(z.string()),
  failed: z.boolean(),
});

/** A value of one key, relative to the namespace prefix (`rec/heroes/h1`). */
export type RelativeEntry = readonly [relativeKey: string, value: JsonValue];

/**
 * Migrates a format-1 namespace to format 2. Returns every key's new value (same keys; records
 * and entries rewritten, `meta/format` set to 2). Throws when a value is not format 1.
 */
export function migrateV1ToV2(entries: readonly RelativeEntry[], now: number): RelativeEntry[] {
  const out: RelativeEntry[] = [];
  const outbox: OutboxEntry[] = [];
  const records: Array<{ key: string; collection: string; v1: z.infer<typeof recordV1> }> = [];
  for (const [key, value] of entries) {
    if (key.startsWith('outbox/')) {
      const old = entryV1.parse(value);
      const lastError = old.error === null ? null : errorInfo(old.error, now);
      const createdAt = Date.parse(old.createdAt);
      outbox.push({
        mutationId: old.id,
        seq: old.seq,
        collection: old.entity,
        localId: old.recordId,
        op: old.type,
        patch: old.payload,
        baseServerUpdatedAt: old.baseUpdatedAt,
        createdAt: Number.isNaN(createdAt) ? now : createdAt,
        editedAt: Number.isNaN(createdAt) ? now : createdAt,
        attempts: old.retryCount,
        nextAttemptAt: null,
        lastError,
        status: old.failed ? 'failed' : 'pending',
      });
    } else if (key.startsWith('rec/')) {
      const collection = key.slice(4, key.indexOf('/', 4));
      records.push({ key, collection, v1: recordV1.parse(value) });
    } else if (key !== 'meta/format') {
      out.push([key, value]);
    }
  }
  outbox.sort((a, b) => a.seq - b.seq);
  for (const { key, collection, v1 } of records) {
    const { id, _sync, ...data } = v1;
    const own = outbox.filter((e) => e.collection === collection && e.localId === id);
    const serverId = _sync.serverId;
    const record: StoredRecord = {
      id,
      serverId,
      syncStatus: deriveSyncStatus(serverId, own),
      serverUpdatedAt: _sync.updatedAt,
      base: serverId === null ? null : changedBase(data as WireData, _sync.base),
      lastSyncedAt: _sync.syncedAt === null ? null : Date.parse(_sync.syncedAt),
      syncError:
        deriveSyncError(own) ??
        (_sync.status === 'error' && _sync.error ? errorInfo(_sync.error, now) : null),
      data: data as WireData,
    };
    const row = own.length === 0 ? { record: seal(record) } : { record: seal(record), outbox: own };
    out.push([key, row as unknown as JsonValue]);
  }
  out.push(['meta/format', { version: 2 }]);
  return out;
}

function changedBase(data: WireData, snapshot: WireData | null): WireData {
  if (snapshot === null) return {};
  const base: Record<string, JsonValue> = {};
  for (const field of new Set([...Object.keys(data), ...Object.keys(snapshot)])) {
    if (field === 'id') continue;
    const server = snapshot[field] ?? null;
    if (JSON.stringify(server) !== JSON.stringify(data[field] ?? null)) base[field] = server;
  }
  return base;
}

function errorInfo(message: string, at: number): SyncErrorInfo {
  return { kind: 'permanent', message, status: null, code: null, at };
}
