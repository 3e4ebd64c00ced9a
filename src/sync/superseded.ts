/**
 * Superseded writes: a local edit that lost a last-writer-wins comparison (or a `server-wins`
 * field) is never dropped silently. Each one is announced (`write:superseded`) and kept in a
 * bounded list persisted in the user's namespace (store meta `sync.superseded`, newest last,
 * at most {@link SUPERSEDED_LIMIT}), so an app can show what was overwritten and offer to
 * apply the local values again ("undo": an ordinary update with {@link SupersededWrite.local}).
 *
 * When the two edit times are closer than the server-clock estimate's uncertainty, the clock
 * cannot tell which came first: the server's version wins, always (`decidedBy: 'near-tie'`).
 */
import { lwwGap, type ResolvedConflictOptions, strategyFor } from '../conflict/strategies.js';
import { jsonEqual } from '../model/json.js';
import { COLLECTIONS, type CollectionName, type WireData } from '../model/types.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import type { SyncStore } from '../store/sync-store.js';
import type { SyncContext } from './sync-context.js';

/** The store meta name the list is kept under. */
export const SUPERSEDED_META = 'sync.superseded';

/** How many superseded writes are kept (the oldest go first). */
export const SUPERSEDED_LIMIT = 50;

/** A local edit the server's version replaced. */
export interface SupersededWrite {
  /** Unique id of this report. */
  readonly id: string;
  readonly collection: CollectionName;
  /** The record's local id. */
  readonly recordId: string;
  /** The fields whose local values were replaced. */
  readonly fields: readonly string[];
  /** The device's values of those fields, as they were before the server's won. */
  readonly local: WireData;
  /** The values that won (the server's). */
  readonly winning: WireData;
  /** When the local edit was made, on the server clock (epoch ms). */
  readonly localEditedAt: number;
  /** The winning version's server `updatedAt` (ISO 8601), or `null` when unknown. */
  readonly remoteUpdatedAt: string | null;
  /**
   * Why the server's values won: `later-edit` — the server's edit is later; `near-tie` — the
   * two times are closer than the clock estimate's uncertainty, and a near tie goes to the
   * server; `policy` — the field's strategy is not last-writer-wins (e.g. `server-wins`).
   */
  readonly decidedBy: 'later-edit' | 'near-tie' | 'policy';
  /** When the device found out (epoch ms, device clock). */
  readonly at: number;
}

/** The merge that may have superseded local values. */
export interface SupersedeCheck {
  readonly collection: CollectionName;
  readonly recordId: string;
  readonly conflictingFields: readonly string[];
  readonly local: WireData;
  readonly merged: WireData;
  /** The local edit time on the device clock and the offset that applies to it. */
  readonly localEditedAt: number;
  readonly serverOffsetMs: number;
  readonly remoteUpdatedAt: string | null;
  readonly uncertaintyMs: number;
  /** True when every superseded field is decided by last-writer-wins. */
  readonly lww: (field: string) => boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asWrite(value: unknown): SupersededWrite | null {
  if (!isObject(value)) return null;
  const { id, collection, recordId, fields, local, winning, at } = value;
  if (typeof id !== 'string' || typeof recordId !== 'string' || typeof at !== 'number') {
    return null;
  }
  if (!COLLECTIONS.includes(collection as CollectionName)) return null;
  if (!Array.isArray(fields) || !isObject(local) || !isObject(winning)) return null;
  return Object.freeze(value) as unknown as SupersededWrite;
}

/** The kept superseded writes of `store`, oldest first. */
export function readSuperseded(store: Pick<SyncStore, 'getMeta'>): readonly SupersededWrite[] {
  const stored = store.getMeta(SUPERSEDED_META);
  if (!Array.isArray(stored)) return Object.freeze([]);
  return Object.freeze(stored.map(asWrite).filter((w): w is SupersededWrite => w !== null));
}

let sequence = 0;

/**
 * Reports the local values `check`'s merge replaced: persists them (bounded) and emits
 * `write:superseded`. Nothing happens when the local values all survived.
 */
export async function reportSuperseded(context: SyncContext, check: SupersedeCheck): Promise<void> {
  const fields = check.conflictingFields.filter(
    (field) => !jsonEqual(check.merged[field] ?? null, check.local[field] ?? null),
  );
  if (fields.length === 0) return;
  const local: Record<string, WireData[string]> = {};
  const winning: Record<string, WireData[string]> = {};
  for (const field of fields) {
    local[field] = check.local[field] ?? null;
    winning[field] = check.merged[field] ?? null;
  }
  const gap = lwwGap(check.localEditedAt, check.serverOffsetMs, check.remoteUpdatedAt);
  const at = context.options.now();
  const write: SupersededWrite = Object.freeze({
    id: `sup-${at.toString(36)}-${(++sequence).toString(36)}`,
    collection: check.collection,
    recordId: check.recordId,
    fields: Object.freeze(fields),
    local: Object.freeze(local),
    winning: Object.freeze(winning),
    localEditedAt: check.localEditedAt + check.serverOffsetMs,
    remoteUpdatedAt: check.remoteUpdatedAt,
    decidedBy: !fields.every(check.lww)
      ? 'policy'
      : Math.abs(gap) <= check.uncertaintyMs
        ? 'near-tie'
        : 'later-edit',
    at,
  });
  const kept = [...readSuperseded(context.store), write].slice(-SUPERSEDED_LIMIT);
  await context.store.setMeta(SUPERSEDED_META, kept as unknown as JsonValue);
  context.options.logger.info('sync: a local edit was superseded by the server version', {
    collection: write.collection,
    recordId: write.recordId,
    fields,
    decidedBy: write.decidedBy,
  });
  context.emitter.emit('write:superseded', write);
}

/** Empties the kept list (the app showed it, or the user dismissed it). */
export async function clearSuperseded(store: Pick<SyncStore, 'setMeta'>): Promise<void> {
  await store.setMeta(SUPERSEDED_META, undefined);
}

/** The server-clock estimate's uncertainty (ms); 0 until a `Date` header was seen. */
export function clockUncertainty(context: SyncContext): number {
  const { uncertaintyMs } = context.api.clock.getSnapshot();
  return Number.isFinite(uncertaintyMs) ? uncertaintyMs : 0;
}

/** What `mergeRemoteRow` knows after a merge, for {@link supersedeCheck}. */
export interface MergedRow {
  readonly collection: CollectionName;
  readonly recordId: string;
  readonly local: WireData;
  readonly merge: { readonly merged: WireData; readonly conflictingFields: readonly string[] };
  readonly localEditedAt: number;
  readonly offset: number;
  readonly row: WireData;
  readonly clockUncertaintyMs: number;
}

/** The {@link SupersedeCheck} of a merge made under `policies`. */
export function supersedeCheck(
  policies: ResolvedConflictOptions,
  merged: MergedRow,
): SupersedeCheck {
  const policy = policies[merged.collection];
  return {
    collection: merged.collection,
    recordId: merged.recordId,
    conflictingFields: merged.merge.conflictingFields,
    local: merged.local,
    merged: merged.merge.merged,
    localEditedAt: merged.localEditedAt,
    serverOffsetMs: merged.offset,
    remoteUpdatedAt: typeof merged.row.updatedAt === 'string' ? merged.row.updatedAt : null,
    uncertaintyMs: merged.clockUncertaintyMs,
    lww: (field) => policy.resolver === null && strategyFor(policy, field) === 'lww',
  };
}
