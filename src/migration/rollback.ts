/**
 * Rollback: deletes what the migration created on the server — its heroes (a hero's delete
 * takes its stories and visual profile with it) and custom events — and the records it wrote
 * to the local store, but only what is still exactly what the migration made (see
 * `rollback-guard.ts`): the rest is kept and listed in the report. The legacy data is never
 * touched. A rollback that is interrupted can be run again and ends the same: rows it deleted
 * are in the checkpoint, and a row found already gone (404) counts as deleted.
 */
import { isHttpError } from '../errors/index.js';
import type { MigratedCollection, RollbackProgress } from './checkpoint.js';
import { type MigrationLocalStore, removeMigratedRecords } from './local-records.js';
import { type MigrationContext, recordIds, saveCheckpoint } from './migration-context.js';
import type { RollbackKept, RollbackReport } from './migration-report.js';
import { type CreateStep, withRetries } from './recovery.js';
import {
  eventVerdict,
  heroVerdict,
  type KeptReferences,
  localChanges,
  type Verdict,
} from './rollback-guard.js';
import { eventStep, heroStep, profileStep, storyStep } from './upload-steps.js';

const SAVE_EVERY = 20;

function stepFor(context: MigrationContext, collection: MigratedCollection): CreateStep {
  if (collection === 'heroes') return heroStep(context);
  if (collection === 'stories') return storyStep(context);
  if (collection === 'customEvents') return eventStep(context);
  return profileStep(context);
}

type Deletable = 'heroes' | 'customEvents';

/**
 * Deletes the migrated rows of `collection` that are still what the migration made, each
 * checked right before its delete; the others are returned as kept. Rows deleted by an earlier
 * run are skipped (the checkpoint lists them), so a second run ends the same.
 */
async function deleteUnchanged(
  context: MigrationContext,
  collection: Deletable,
  check: (serverId: string) => Promise<Verdict>,
  remove: (serverId: string) => Promise<unknown>,
): Promise<RollbackKept[]> {
  const kept: RollbackKept[] = [];
  const progress = rollbackProgress(context);
  const deleted = [...progress.deleted[collection]];
  const done = new Set(deleted);
  const entries = Object.entries(context.checkpoint.ids[collection]);
  const save = () =>
    saveCheckpoint(context, {
      rollback: { ...progress, deleted: { ...progress.deleted, [collection]: [...deleted] } },
    });
  let unsaved = 0;
  for (const [index, [legacyId, serverId]] of entries.entries()) {
    if (done.has(serverId)) continue;
    const verdict = await checkThenDelete(context, collection, serverId, check, remove);
    if (typeof verdict === 'object') {
      kept.push({ collection, legacyId, serverId, ...verdict });
    } else {
      deleted.push(serverId);
      if (++unsaved % SAVE_EVERY === 0) await save();
    }
    context.progress.report('done', index + 1, entries.length);
  }
  await save();
  return kept;
}

/**
 * Checks the row, then deletes it if the check allows; every attempt checks again, so an edit
 * made elsewhere while a failed DELETE waits for its retry keeps the row. A row found already
 * gone (404) counts as deleted.
 */
function checkThenDelete(
  context: MigrationContext,
  collection: Deletable,
  serverId: string,
  check: (serverId: string) => Promise<Verdict>,
  remove: (serverId: string) => Promise<unknown>,
): Promise<Verdict> {
  return withRetries(context, `deleting ${collection} ${serverId}`, async () => {
    const verdict = await check(serverId);
    if (verdict !== 'delete') return verdict;
    try {
      context.progress.request();
      await remove(serverId);
    } catch (error) {
      if (!isHttpError(error) || error.status !== 404) throw error;
    }
    return verdict;
  });
}

function rollbackProgress(context: MigrationContext): RollbackProgress {
  return context.checkpoint.rollback ?? { deleted: { heroes: [], customEvents: [] } };
}

/** Server ids of the migrated records to remove locally: all but those under kept records. */
function removableLocally(context: MigrationContext, kept: readonly RollbackKept[]) {
  const keptIds = new Set(kept.map((k) => k.serverId));
  const { ids } = context.checkpoint;
  const heroKept = (legacyHeroId: string | undefined) =>
    legacyHeroId !== undefined && keptIds.has(ids.heroes[legacyHeroId] ?? '');
  const values = (map: Record<string, string>, keep: (legacyId: string) => boolean) =>
    Object.entries(map)
      .filter(([legacyId]) => !keep(legacyId))
      .map(([, serverId]) => serverId);
  return {
    heroes: values(ids.heroes, heroKept),
    visualProfiles: values(ids.visualProfiles, heroKept),
    customEvents: values(ids.customEvents, (id) => keptIds.has(ids.customEvents[id] ?? '')),
    stories: values(ids.stories, (id) => heroKept(context.prepared.storyById.get(id)?.heroId)),
  };
}

async function counts(context: MigrationContext) {
  const profile = await withRetries(context, 'reading the account counts', () => {
    context.progress.request();
    return context.api.user.profile({ signal: context.signal });
  });
  return { ...profile._count };
}

/**
 * Rolls back the migration of `context`, keeping what another device made or changed since
 * and what this device has not synced yet, then deletes its checkpoint.
 */
export async function rollbackMigration(
  context: MigrationContext,
  store: MigrationLocalStore | undefined,
): Promise<RollbackReport> {
  await saveCheckpoint(context, { state: 'rolling-back', rollback: rollbackProgress(context) });
  const inFlight = context.checkpoint.inFlight;
  if (inFlight) {
    const found = await stepFor(context, inFlight.collection).find(
      inFlight.legacyIds,
      context.signal,
    );
    await recordIds(context, inFlight.collection, found);
  }
  const { signal } = context;
  const local = localChanges(store);
  const references: KeptReferences = new Map();
  // Heroes first: deleting an event first would bump its stories' `updatedAt` (SetNull).
  const keptHeroes = await deleteUnchanged(
    context,
    'heroes',
    (id) => heroVerdict(context, id, local, references),
    (id) => context.api.heroes.delete(id, { signal }),
  );
  const keptEvents = await deleteUnchanged(
    context,
    'customEvents',
    (id) => eventVerdict(context, id, local, references),
    (id) => context.api.customEvents.delete(id, { signal }),
  );
  const kept = [...keptHeroes, ...keptEvents];
  let removedLocally = 0;
  if (store && context.checkpoint.storedLocally) {
    removedLocally = await removeMigratedRecords(store, removableLocally(context, kept));
    await saveCheckpoint(context, { storedLocally: false });
  }
  const after = await counts(context);
  const { deleted } = rollbackProgress(context);
  await context.checkpoints.delete(context.checkpoint.migrationId);
  return {
    migrationId: context.checkpoint.migrationId,
    deleted: { heroes: deleted.heroes.length, customEvents: deleted.customEvents.length },
    kept,
    removedLocally,
    counts: { before: context.checkpoint.countsBefore, after },
  };
}
