/**
 * What a rollback may delete: only what is still exactly what the migration made. Before a
 * migrated hero is deleted (its delete takes every story and the visual profile under it on the
 * server), the hero and everything under it are read back; before a custom event is deleted
 * (stories referring to it lose the reference), the event is. Anything another device changed
 * (a later `updatedAt` than the migration's own write) or added, and anything this device has
 * not synced yet, keeps the record.
 */
import { isHttpError } from '../errors/index.js';
import type { MigratedCollection } from './checkpoint.js';
import type { MigrationLocalStore } from './local-records.js';
import type { MigrationContext } from './migration-context.js';
import type { RollbackKept, RollbackKeptReason } from './migration-report.js';
import { changedSinceMigration } from './own-writes.js';
import { withRetries } from './recovery.js';
import { listPages, type Row } from './server-rows.js';

/** A record that explains a keep. */
export type Because = RollbackKept['because'];

/** `heroes:<server id>` / `customEvents:<server id>` → the unsynced local record under it. */
export type LocalChanges = ReadonlyMap<string, Because>;

/** The verdict on one migrated hero or custom event. */
export type Verdict = 'gone' | 'delete' | { reason: RollbackKeptReason; because: Because };

/** What a kept hero's stories refer to: custom event server id → the story. */
export type KeptReferences = Map<string, Because>;

function serverIdOf(store: MigrationLocalStore, collection: MigratedCollection, localId: string) {
  return store.toServerId(collection, localId) ?? localId;
}

/** The migrated heroes and events this device has local changes under (not synced yet). */
export function localChanges(store: MigrationLocalStore | undefined): LocalChanges {
  const found = new Map<string, Because>();
  if (!store) return found;
  const collections: MigratedCollection[] = ['heroes', 'visualProfiles', 'stories', 'customEvents'];
  for (const collection of collections) {
    for (const record of store.list(collection)) {
      if (record.syncStatus === 'synced') continue;
      const because = { collection, serverId: serverIdOf(store, collection, record.id) };
      const { heroId, customEventId } = record;
      if (collection === 'heroes' || collection === 'customEvents') {
        found.set(`${collection}:${because.serverId}`, because);
      }
      if (typeof heroId === 'string') {
        found.set(`heroes:${serverIdOf(store, 'heroes', heroId)}`, because);
      }
      if (typeof customEventId === 'string') {
        found.set(`customEvents:${serverIdOf(store, 'customEvents', customEventId)}`, because);
      }
    }
  }
  return found;
}

/** GETs a row; `null` when the server no longer has it (404). */
async function readOrGone(
  context: MigrationContext,
  what: string,
  get: () => Promise<object>,
): Promise<Row | null> {
  return withRetries(context, what, async () => {
    context.progress.request();
    try {
      return (await get()) as Row;
    } catch (error) {
      if (isHttpError(error) && error.status === 404) return null;
      throw error;
    }
  });
}

/** Listings of a hero's stories tried before the hero is kept because they keep moving. */
const LISTINGS = 3;

/**
 * Every story under the hero `heroId` on the server, or `null` when the listing moved between
 * its pages {@link LISTINGS} times in a row (a story added or deleted elsewhere shifts rows
 * past a page boundary). Migrated stories of the hero the listing missed are read by id.
 */
async function storiesOf(context: MigrationContext, heroId: string): Promise<Row[] | null> {
  const { api, signal } = context;
  for (let listing = 1; listing <= LISTINGS; listing++) {
    const { rows, shifted } = await withRetries(
      context,
      `listing the stories of hero ${heroId}`,
      () =>
        listPages(context, async (offset) => {
          const page = await api.stories.list({ heroId, limit: 100, offset }, { signal });
          return { items: page.stories, total: page.pagination.total };
        }),
    );
    if (!shifted) return withMissedStories(context, heroId, rows);
  }
  return null;
}

/** What the checkpoint says the migration made, indexed once per id map (see below). */
interface MigratedIndex {
  /** Server ids of each collection's migrated rows. */
  readonly ours: ReadonlyMap<MigratedCollection, ReadonlySet<string>>;
  /** Migrated story server ids by their hero's server id. */
  readonly storiesByHero: ReadonlyMap<string, readonly string[]>;
}

const indexes = new WeakMap<object, MigratedIndex>();

/**
 * The index of the checkpoint's id maps, built on the first check of a rollback and reused by
 * the next ones (each hero's check asks for it; rebuilt when the id maps change).
 */
function migratedIndex(context: MigrationContext): MigratedIndex {
  const { ids } = context.checkpoint;
  const known = indexes.get(ids);
  if (known) return known;
  const collections: MigratedCollection[] = ['heroes', 'visualProfiles', 'stories', 'customEvents'];
  const ours = new Map(collections.map((c) => [c, new Set(Object.values(ids[c]))] as const));
  const storiesByHero = new Map<string, string[]>();
  for (const [legacyId, serverId] of Object.entries(ids.stories)) {
    const legacyHeroId = context.prepared.storyById.get(legacyId)?.heroId;
    const heroId = legacyHeroId === undefined ? undefined : ids.heroes[legacyHeroId];
    if (heroId === undefined) continue;
    const stories = storiesByHero.get(heroId);
    if (stories) stories.push(serverId);
    else storiesByHero.set(heroId, [serverId]);
  }
  const index = { ours, storiesByHero };
  indexes.set(ids, index);
  return index;
}

/** `rows` and the hero's migrated stories missing from them that the server still has. */
async function withMissedStories(
  context: MigrationContext,
  heroId: string,
  rows: Row[],
): Promise<Row[]> {
  const { api, signal } = context;
  const listed = new Set(rows.map((row) => row.id));
  const all = [...rows];
  for (const id of migratedIndex(context).storiesByHero.get(heroId) ?? []) {
    if (listed.has(id)) continue;
    const story = await readOrGone(context, `checking story ${id}`, () =>
      api.stories.get(id, {}, { signal }),
    );
    if (story) all.push(story);
  }
  return all;
}

/** The first row under a hero that the migration did not make, or that changed since. */
function foreignRow(
  context: MigrationContext,
  collection: MigratedCollection,
  rows: readonly Row[],
): Verdict | null {
  const ours = migratedIndex(context).ours.get(collection) ?? new Set<string>();
  for (const row of rows) {
    const because = { collection, serverId: row.id };
    if (!ours.has(row.id)) return { reason: 'added-elsewhere', because };
    if (changedSinceMigration(context, row)) return { reason: 'changed-elsewhere', because };
  }
  return null;
}

/**
 * Whether the migrated hero `serverId` may be deleted: it, its visual profile and all its
 * stories are as the migration left them, none was added, and no local change waits for it.
 * A kept hero's stories' custom events are added to `references`.
 */
export async function heroVerdict(
  context: MigrationContext,
  serverId: string,
  local: LocalChanges,
  references: KeptReferences,
): Promise<Verdict> {
  const { api, signal } = context;
  const hero = await readOrGone(context, `checking hero ${serverId}`, () =>
    api.heroes.get(serverId, {}, { signal }),
  );
  if (!hero) return 'gone';
  const stories = await storiesOf(context, serverId);
  if (!stories) return { reason: 'changed-elsewhere', because: { collection: 'heroes', serverId } };
  const profile = hero.visualProfile;
  const profiles = typeof profile === 'object' && profile !== null ? [profile as Row] : [];
  const localChange = local.get(`heroes:${serverId}`);
  const verdict: Verdict =
    (changedSinceMigration(context, hero)
      ? { reason: 'changed-elsewhere', because: { collection: 'heroes', serverId } }
      : null) ??
    foreignRow(context, 'visualProfiles', profiles) ??
    foreignRow(context, 'stories', stories) ??
    (localChange ? { reason: 'pending-local-change', because: localChange } : 'delete');
  if (verdict === 'delete') return verdict;
  for (const story of stories) {
    if (typeof story.customEventId !== 'string') continue;
    references.set(story.customEventId, { collection: 'stories', serverId: story.id });
  }
  return verdict;
}

/**
 * Whether the migrated custom event `serverId` may be deleted: unchanged since the migration
 * (a story generated with it elsewhere bumps its `updatedAt`), not used by a kept story, and
 * no local change waits for it.
 */
export async function eventVerdict(
  context: MigrationContext,
  serverId: string,
  local: LocalChanges,
  references: KeptReferences,
): Promise<Verdict> {
  const { api, signal } = context;
  const event = await readOrGone(context, `checking custom event ${serverId}`, () =>
    api.customEvents.get(serverId, { signal }),
  );
  if (!event) return 'gone';
  if (changedSinceMigration(context, event)) {
    return { reason: 'changed-elsewhere', because: { collection: 'customEvents', serverId } };
  }
  const usedBy = references.get(serverId);
  if (usedBy) return { reason: 'used-by-kept-story', because: usedBy };
  const localChange = local.get(`customEvents:${serverId}`);
  return localChange ? { reason: 'pending-local-change', because: localChange } : 'delete';
}
