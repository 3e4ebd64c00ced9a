/**
 * What a create carried that the create route could not set goes out right behind it as an
 * update; this trims it to what no later queued change of the record writes.
 */
import type { OutboxEntry, WireData } from '../model/types.js';
import type { SyncContext } from './sync-context.js';

/**
 * The create's leftovers without the fields a later queued change of the record writes: those
 * are the user's newer word and go out with that change (coalescing the stale value into it
 * would undo an edit made while the create was in flight).
 */
export function laterUnwritten(
  context: SyncContext,
  entry: OutboxEntry,
  leftovers: WireData | null,
): WireData | null {
  if (!leftovers) return null;
  const later = context.store
    .entriesOf(entry.collection, entry.localId)
    .filter((other) => other.mutationId !== entry.mutationId);
  const out: Record<string, WireData[string]> = {};
  for (const [field, value] of Object.entries(leftovers)) {
    if (!later.some((other) => other.patch !== null && field in other.patch)) out[field] = value;
  }
  return Object.keys(out).length > 0 ? out : null;
}
