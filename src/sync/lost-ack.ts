/**
 * Lost acknowledgements: a create that was sent but never acknowledged (a
 * timeout, a dropped connection, a crash mid-flight) may exist on the server. The backend has
 * no idempotency keys, so before sending it again the Pusher looks for it: it lists the records
 * created since shortly before the first attempt and adopts one with the same content
 * fingerprint that no other local record has claimed. Only then is the create re-sent.
 *
 * Known limit: an identical record created at the same time on another device can be taken
 * for ours (the two then become one record).
 */
import type { ApiClient } from '../api/api-client.js';
import { fingerprintOf, hasFingerprint } from '../model/fingerprint.js';
import type { CollectionName } from '../model/types.js';
import type { ServerRow } from '../store/id-map.js';
import type { SendTarget } from './push-requests.js';
import type { SyncContext } from './sync-context.js';

const asRow = (value: { readonly id: string }): ServerRow => value as unknown as ServerRow;

/** Rows of `collection` that may have been created since `since` (server clock, epoch ms). */
async function* recentRows(
  api: ApiClient,
  collection: CollectionName,
  since: number,
  signal: AbortSignal,
  pageSize: number,
): AsyncGenerator<ServerRow> {
  const updatedAfter = new Date(Math.max(0, since));
  const walk = { signal, pageSize };
  if (collection === 'heroes') {
    for await (const page of api.heroes.listPages({ updatedAfter }, walk)) {
      yield* page.heroes.map(asRow);
    }
  } else if (collection === 'stories') {
    for await (const page of api.stories.listPages({ updatedAfter }, walk)) {
      yield* page.stories.map(asRow);
    }
  } else if (collection === 'customEvents') {
    // No `updatedAfter` on this route: the whole list (it is small).
    for await (const page of api.customEvents.listPages({}, walk)) {
      yield* page.customEvents.map(asRow);
    }
  }
}

/**
 * Looks for the server copy of `target`'s create, among rows created since it was first sent
 * (`firstSentServerAt`, saved on the server clock before the request left; for entries saved
 * without it, the entry's `createdAt` moved onto the server clock by today's offset). Resolves with the row to adopt, or
 * `null` when the create must be sent again. Visual profiles are not searched here: a second
 * POST answers 409 and the Pusher adopts the existing profile then.
 */
export async function findLostCreate(
  context: SyncContext,
  target: SendTarget,
  signal: AbortSignal,
): Promise<ServerRow | null> {
  const { api, store, options } = context;
  const { collection } = target.entry;
  if (!hasFingerprint(collection) || collection === 'visualProfiles') return null;
  // The window is on the server clock; learn it first if no response has told it yet.
  if (!api.clock.getSnapshot().synchronized) await api.ping({ signal });
  const clock = api.clock.getSnapshot();
  const uncertainty = Number.isFinite(clock.uncertaintyMs) ? clock.uncertaintyMs : 0;
  const firstSent = target.entry.firstSentServerAt ?? target.entry.createdAt + clock.offsetMs;
  const since = firstSent - options.lostAckMarginMs - uncertainty;
  const wanted = fingerprintOf(collection, target.patch);
  let best: { row: ServerRow; createdAt: number } | null = null;
  for await (const row of recentRows(api, collection, since, signal, options.pageSize)) {
    const createdAt = typeof row.createdAt === 'string' ? Date.parse(row.createdAt) : Number.NaN;
    if (!(createdAt >= since)) continue;
    if (fingerprintOf(collection, row) !== wanted) continue;
    // Claimed by another local record (its own create, or an earlier adoption)?
    if (store.toLocalId(collection, row.id) !== row.id) continue;
    // A pulled copy the user already edited is not folded away silently.
    if (store.entriesOf(collection, row.id).length > 0) continue;
    if (!best || createdAt < best.createdAt) best = { row, createdAt };
  }
  return best?.row ?? null;
}
