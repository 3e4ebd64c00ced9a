/**
 * The pre-send check of updates to fields the user arbitrates (story `title`/`content` by
 * default): the backend has no If-Match, so a PATCH would silently overwrite a concurrent edit
 * made on another device since the last pull. For those fields only, the Pusher reads the
 * server's version first; a newer one is merged (a both-sides edit becomes a conflict) instead
 * of being overwritten. Other fields are last-writer-wins at the server anyway.
 */
import { strategyFor } from '../conflict/strategies.js';
import type { OutboxEntry } from '../model/types.js';
import type { ServerRow } from '../store/id-map.js';
import type { SendTarget } from './push-requests.js';
import { changedRecord, mergeRemoteRow } from './remote-changes.js';
import type { SyncContext } from './sync-context.js';

const asRow = (value: { readonly id: string }): ServerRow => value as unknown as ServerRow;

/** Whether an update touches a field whose conflicts the user decides. */
export function arbitrated(context: SyncContext, entry: OutboxEntry): boolean {
  const policy = context.options.conflicts[entry.collection];
  const record = context.store.getStored(entry.collection, entry.localId);
  if (!record?.serverUpdatedAt || !entry.patch) return false;
  return Object.keys(entry.patch).some((field) => strategyFor(policy, field) === 'manual');
}

/**
 * Reads the record's server version: `'send'` when the server has not changed it since the
 * device last saw it, `'merged'` when a newer version was merged instead (the entry changed or
 * is held by a conflict). Throws the API client's errors (a 404: deleted remotely).
 */
export async function checkServerVersion(
  context: SyncContext,
  target: SendTarget,
  signal: AbortSignal,
): Promise<'send' | 'merged'> {
  const { api, store } = context;
  const { entry } = target;
  const id = target.serverId ?? '';
  let row: ServerRow;
  if (entry.collection === 'stories') row = asRow(await api.stories.get(id, {}, { signal }));
  else if (entry.collection === 'heroes') row = asRow(await api.heroes.get(id, {}, { signal }));
  else if (entry.collection === 'customEvents') {
    row = asRow(await api.customEvents.get(id, { signal }));
  } else if (entry.collection === 'visualProfiles') {
    row = asRow(await api.heroes.visualProfile.get(target.heroServerId ?? '', { signal }));
  } else return 'send';
  const seen = store.getStored(entry.collection, entry.localId)?.serverUpdatedAt ?? null;
  if (typeof row.updatedAt !== 'string' || seen === null || row.updatedAt <= seen) return 'send';
  const outcome = await mergeRemoteRow(context, entry.collection, entry.localId, row);
  if (changedRecord(outcome)) context.tally.pulled++;
  return outcome === 'skipped' || outcome === 'unchanged' ? 'send' : 'merged';
}
