/**
 * The inputs of a merge when a server version meets queued local changes: the base adjusted for
 * the device's own unacknowledged writes, and what the device still has to send.
 */
import { jsonEqual } from '../model/json.js';
import { isServerOwned } from '../model/server-owned.js';
import type { CollectionName, OutboxEntry, WireData } from '../model/types.js';

/**
 * The base of a merge, with the device's own unacknowledged writes recognised: an update that
 * was sent but never acknowledged (a lost answer) may have been applied; where the server now
 * holds exactly the value it sent, that value is this device's own, not another device's
 * edit, so it counts as the base (the device's later edit then wins, and nothing conflicts).
 */
export function withOwnEchoes(
  base: WireData | null,
  entries: readonly OutboxEntry[],
  remote: WireData,
): WireData | null {
  if (base === null) return null;
  let adjusted: Record<string, WireData[string]> | null = null;
  for (const entry of entries) {
    if (entry.op !== 'update' || entry.attempts === 0 || !entry.patch) continue;
    for (const [field, sent] of Object.entries(entry.patch)) {
      if (!Object.hasOwn(remote, field) || !jsonEqual(remote[field], sent)) continue;
      adjusted ??= { ...base };
      adjusted[field] = sent;
    }
  }
  return adjusted ?? base;
}

/**
 * For a delete vs a remote update: server values the device already held when it deleted are
 * no change it had not seen (typically its own update whose answer was lost, coalesced into the
 * delete so {@link withOwnEchoes} cannot tell), so they count as the base. Without this, the
 * device's own write looked like a concurrent edit and could undo the delete by
 * last-writer-wins within the server-clock estimate's uncertainty.
 */
export function withSeenValues(
  base: WireData | null,
  local: WireData,
  remote: WireData,
): WireData | null {
  let adjusted: Record<string, WireData[string]> | null = null;
  for (const [field, value] of Object.entries(remote)) {
    if (!Object.hasOwn(local, field) || !jsonEqual(local[field], value)) continue;
    if (base !== null && Object.hasOwn(base, field) && jsonEqual(base[field], value)) continue;
    adjusted ??= { ...(base ?? {}) };
    adjusted[field] = value;
  }
  return adjusted ?? base;
}

/** The local values that differ from the server's version (server-owned fields left out). */
export function diffFrom(
  collection: CollectionName,
  remote: WireData,
  local: WireData,
): WireData | null {
  const out: Record<string, WireData[string]> = {};
  for (const [field, value] of Object.entries(local)) {
    if (isServerOwned(collection, field)) continue;
    if (!jsonEqual(remote[field], value)) out[field] = value;
  }
  return Object.keys(out).length > 0 ? out : null;
}
