/**
 * When a pull lists custom events. The backend offers no `updatedAfter` for them, so every
 * listing is the whole collection; it is not repeated on every round. They are listed when:
 *
 * - the round is a full pull (the first sync, then the reconciliation schedule);
 * - `customEventsEveryMs` passed since the last listing (or the device clock went back);
 * - a story pulled in this round names a custom event the device does not hold (another device
 *   created it and used it), or lost the one it named (the server clears the reference of the
 *   stories of a deleted event, which moves their `updatedAt`);
 * - the outbox holds an edit or a delete of a custom event the server has, so the server's
 *   version is merged before the change is sent over it (the pull-before-push rule).
 *
 * Rounds that list none compare the server's count of them instead (`delete-check.ts`) and list
 * them when it moved. So between listings, another device's edit of a custom event is seen
 * within `customEventsEveryMs` (or at once, when one of the cases above applies), and its
 * delete or create at the next round.
 */
import type { ServerRow } from '../store/id-map.js';
import type { SyncContext } from './sync-context.js';

/** Store meta name of the last listing's time (device clock, epoch ms). */
export const CUSTOM_EVENTS_META = 'sync.customEvents.listedAt';

function holds(context: SyncContext, serverId: string): boolean {
  const { store } = context;
  return store.getStored('customEvents', store.toLocalId('customEvents', serverId)) !== undefined;
}

/**
 * Whether pulled `stories` (before they are applied) point at a change of custom events: one
 * names an event the device does not hold, or one lost the event the device's copy names (the
 * server clears the reference when the event is deleted).
 */
export function storiesHintEventChanges(
  context: SyncContext,
  stories: readonly ServerRow[],
): boolean {
  const { store } = context;
  for (const story of stories) {
    const named = story.customEventId;
    if (typeof named === 'string') {
      if (!holds(context, named)) return true;
      continue;
    }
    const local = store.getStored('stories', store.toLocalId('stories', story.id));
    if (typeof local?.data.customEventId === 'string') return true;
  }
  return false;
}

function editsWaiting(context: SyncContext): boolean {
  for (const entry of context.store.outbox.entries()) {
    if (entry.collection === 'customEvents' && entry.op !== 'create') return true;
  }
  return false;
}

/** Whether this round lists custom events (see the module comment). */
export function customEventsDue(context: SyncContext, full: boolean, hinted: boolean): boolean {
  if (full || hinted) return true;
  const last = context.store.getMeta(CUSTOM_EVENTS_META);
  const now = context.options.now();
  if (typeof last !== 'number' || now < last) return true;
  if (now - last >= context.options.customEventsEveryMs) return true;
  return editsWaiting(context);
}

/** Records a completed listing that started at `listedAt`. */
export async function customEventsListed(context: SyncContext, listedAt: number): Promise<void> {
  await context.store.setMeta(CUSTOM_EVENTS_META, listedAt);
}
