/**
 * What rides with a pull's rows: visual profiles with the heroes (`visualProfile` include) and
 * illustrations with the stories (`includeIllustrations=true`, the server's set replaces the
 * device's).
 */

import type { StoredRecord } from '../model/types.js';
import type { ServerRow } from '../store/id-map.js';
import { heardSince } from '../store/stale-rows.js';
import type { Fetched } from './pull-listing.js';
import { applyRemoteRows, changedRecord, handleRemoteDelete } from './remote-changes.js';
import { heardNow, type SyncContext } from './sync-context.js';

const asRow = (value: { readonly id: string }): ServerRow => value as unknown as ServerRow;

const NONE: readonly StoredRecord[] = [];

/**
 * Visual profiles from the heroes' `visualProfile` include. `trustedUntil` (ISO) is the latest
 * the server's clock can be: a held version dated after it does not make an older row stale.
 */
export async function applyProfiles(
  context: SyncContext,
  { rows: heroes, listedAt }: Fetched,
  trustedUntil?: string,
): Promise<number> {
  if (heroes.length === 0) return 0;
  const { store } = context;
  const byHero = new Map<string, StoredRecord[]>();
  for (const profile of store.storedRecords('visualProfiles')) {
    const heroId = profile.data.heroId;
    if (typeof heroId !== 'string') continue;
    const list = byHero.get(heroId) ?? [];
    list.push(profile);
    byHero.set(heroId, list);
  }
  const rows: ServerRow[] = [];
  const gone: string[] = [];
  for (const hero of heroes) {
    const include = hero.visualProfile;
    const profile =
      typeof include === 'object' && include !== null && !Array.isArray(include)
        ? asRow(include as { id: string })
        : null;
    // (Most devices hold no profile that a listed hero could have lost: no id lookup then.)
    const local =
      byHero.size === 0 ? NONE : (byHero.get(store.toLocalId('heroes', hero.id)) ?? NONE);
    for (const record of local) {
      if (record.serverId === null || record.serverId === profile?.id) continue;
      // Created or changed while the listing was in flight: not gone, just newer.
      if (heardSince(record.lastSyncedAt, listedAt, heardNow(context))) continue;
      gone.push(record.id);
    }
    // A profile this device is creating for the hero: its push adopts the server's (409).
    if (profile && !local.some((record) => record.serverId === null)) rows.push(profile);
  }
  let changed = (await applyRemoteRows(context, 'visualProfiles', rows, listedAt, trustedUntil))
    .length;
  for (const localId of gone) {
    if (changedRecord(await handleRemoteDelete(context, 'visualProfiles', localId))) {
      changed++;
    }
  }
  return changed;
}

/** Illustrations from the stories' include: the server's set replaces the device's. */
export async function applyIllustrations(
  context: SyncContext,
  { rows: stories, listedAt }: Fetched,
  trustedUntil?: string,
): Promise<number> {
  const { store } = context;
  const rows: ServerRow[] = [];
  const present = new Map<string, Set<string>>();
  for (const story of stories) {
    const include = story.illustrations;
    if (!Array.isArray(include)) continue;
    const ids = new Set<string>();
    for (const item of include) {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
      const row = asRow(item as { id: string });
      rows.push(row);
      ids.add(row.id);
    }
    present.set(store.toLocalId('stories', story.id), ids);
  }
  if (present.size === 0) return 0;
  let changed = (await applyRemoteRows(context, 'illustrations', rows, listedAt, trustedUntil))
    .length;
  const stale: string[] = [];
  for (const illustration of store.storedRecords('illustrations')) {
    const storyId = illustration.data.storyId;
    if (typeof storyId !== 'string') continue;
    const ids = present.get(storyId);
    if (!ids || illustration.serverId === null || ids.has(illustration.serverId)) continue;
    if (!heardSince(illustration.lastSyncedAt, listedAt, heardNow(context))) {
      stale.push(illustration.id);
    }
  }
  if (stale.length > 0)
    changed += (await store.removeRecords('illustrations', stale)).removed.length;
  return changed;
}
