/**
 * Id reconciliation: the backend hard-deletes and keeps no tombstones, so the
 * only way to learn of a remote delete is to list every id of a collection and remove the
 * local synced records the server no longer has — with the backend's cascade (a hero takes its
 * stories, their illustrations and its visual profile; a custom event leaves its stories with
 * `customEventId = null`). Records with queued local changes go through the delete-conflict
 * rules (`remote-changes.ts`) instead of disappearing.
 *
 * It runs on the first sync, then every `reconcile.everyPulls` pulls or `reconcile.everyMs`,
 * whichever comes first (custom events are reconciled whenever they are listed; see
 * `custom-events-schedule.ts`).
 */

import type { CollectionName } from '../model/types.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import { heardSince } from '../store/stale-rows.js';
import { changedRecord, handleRemoteDelete } from './remote-changes.js';
import { heardNow, recordsChanged, type SyncContext } from './sync-context.js';

/** Store meta name of the schedule: `{ at, pulls }`. */
export const RECONCILE_META = 'sync.reconcile';

/** Decides when the next pull must be a full one. */
export class ReconcileSchedule {
  constructor(private readonly context: SyncContext) {}

  #state(): { at: number; pulls: number } | null {
    const value = this.context.store.getMeta(RECONCILE_META);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    const { at, pulls } = value as { at?: JsonValue; pulls?: JsonValue };
    return typeof at === 'number' && typeof pulls === 'number' ? { at, pulls } : null;
  }

  /** True when the next pull should list everything (first sync, or the schedule says so). */
  isDue(now: number): boolean {
    const state = this.#state();
    const { reconcileEveryPulls, reconcileEveryMs } = this.context.options;
    if (!state) return true;
    return (
      state.pulls >= reconcileEveryPulls || now - state.at >= reconcileEveryMs || now < state.at
    );
  }

  /** Records a completed pull. */
  async pulled(full: boolean, now: number): Promise<void> {
    const previous = this.#state();
    const next = full
      ? { at: now, pulls: 0 }
      : { at: previous?.at ?? now, pulls: (previous?.pulls ?? 0) + 1 };
    await this.context.store.setMeta(RECONCILE_META, next);
  }
}

/**
 * Removes the local records of `collection` whose server id is not in `present` (the complete
 * set of the collection's ids on the server when the listing started, at `listedAt` on the
 * server clock). Records that heard from the server since (created, acknowledged or pulled
 * while the listing was in flight) are kept. Returns how many local records changed.
 */
export async function removeMissing(
  context: SyncContext,
  collection: CollectionName,
  present: ReadonlySet<string>,
  listedAt: number,
): Promise<number> {
  const { store } = context;
  const plain: string[] = [];
  const withChanges: string[] = [];
  for (const record of store.recordStates(collection)) {
    if (record.serverId === null || present.has(record.serverId)) continue;
    if (heardSince(record.lastSyncedAt, listedAt, heardNow(context))) continue;
    if (store.entriesOf(collection, record.id).length === 0) plain.push(record.id);
    else withChanges.push(record.id);
  }
  if (plain.length === 0 && withChanges.length === 0) return 0;
  let changed = 0;
  const removedEvents: string[] = [];
  if (plain.length > 0) {
    const result = await store.removeRecords(collection, plain);
    changed += result.removed.length;
    removedEvents.push(...result.removed);
    recordsChanged(context, collection, result.removed, 'remote-delete');
    for (const kept of result.kept) {
      if (kept.collection === collection && plain.includes(kept.localId)) continue;
      if (changedRecord(await handleRemoteDelete(context, kept.collection, kept.localId))) {
        changed++;
      }
    }
  }
  for (const localId of withChanges) {
    const outcome = await handleRemoteDelete(context, collection, localId);
    if (changedRecord(outcome)) changed++;
    if (outcome === 'removed') removedEvents.push(localId);
  }
  if (collection === 'customEvents') changed += await detachStories(context, removedEvents);
  context.options.logger.info('sync: reconciled remote deletes', { collection, changed });
  return changed;
}

/**
 * The backend's `onDelete: SetNull`: stories that named a deleted custom event keep their
 * text and lose the reference (the server bumps them too; a later pull confirms it).
 */
async function detachStories(context: SyncContext, eventIds: readonly string[]): Promise<number> {
  if (eventIds.length === 0) return 0;
  const { store } = context;
  const gone = new Set(eventIds);
  let changed = 0;
  const stories = [...store.storedRecords('stories')].filter((story) => {
    const reference = story.data.customEventId;
    return typeof reference === 'string' && gone.has(reference);
  });
  for (const story of stories) {
    await store.applyServerFields('stories', story.id, { customEventId: null });
    recordsChanged(context, 'stories', [story.id], 'remote-delete');
    changed++;
  }
  return changed;
}
