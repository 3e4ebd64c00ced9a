/**
 * Rollback: deletes exactly what the migration created on the server — its custom events and
 * heroes (a hero's delete takes its stories and visual profile with it) — and the records it
 * wrote to the local store. The legacy data is never touched. A rollback that is interrupted
 * can be run again: deleting something already gone (404) counts as done.
 */
import { isHttpError } from '../errors/index.js';
import type { MigratedCollection } from './checkpoint.js';
import { emptyIdMaps } from './checkpoint.js';
import { type MigrationLocalStore, removeMigratedRecords } from './local-records.js';
import { type MigrationContext, recordIds, saveCheckpoint } from './migration-context.js';
import type { RollbackReport } from './migration-report.js';
import { type CreateStep, withRetries } from './recovery.js';
import { eventStep, heroStep, profileStep, storyStep } from './upload-steps.js';

const SAVE_EVERY = 20;

function stepFor(context: MigrationContext, collection: MigratedCollection): CreateStep {
  if (collection === 'heroes') return heroStep(context);
  if (collection === 'stories') return storyStep(context);
  if (collection === 'customEvents') return eventStep(context);
  return profileStep(context);
}

async function deleteAll(
  context: MigrationContext,
  collection: 'heroes' | 'customEvents',
  remove: (serverId: string) => Promise<unknown>,
): Promise<number> {
  let deleted = 0;
  const entries = Object.entries(context.checkpoint.ids[collection]);
  const ids = { ...context.checkpoint.ids[collection] };
  for (const [legacyId, serverId] of entries) {
    await withRetries(context, `deleting ${collection} ${serverId}`, async () => {
      try {
        context.progress.request();
        await remove(serverId);
      } catch (error) {
        if (!isHttpError(error) || error.status !== 404) throw error;
      }
    });
    delete ids[legacyId];
    deleted++;
    if (deleted % SAVE_EVERY === 0 || deleted === entries.length) {
      const next = { ...context.checkpoint.ids, [collection]: { ...ids } };
      if (collection === 'heroes' && deleted === entries.length) {
        next.stories = {};
        next.visualProfiles = {};
      }
      await saveCheckpoint(context, { ids: next });
    }
    context.progress.report('done', deleted, entries.length);
  }
  return deleted;
}

async function counts(context: MigrationContext) {
  const profile = await withRetries(context, 'reading the account counts', () => {
    context.progress.request();
    return context.api.user.profile({ signal: context.signal });
  });
  return { ...profile._count };
}

/** Rolls back the migration of `context`, then deletes its checkpoint. */
export async function rollbackMigration(
  context: MigrationContext,
  store: MigrationLocalStore | undefined,
): Promise<RollbackReport> {
  await saveCheckpoint(context, { state: 'rolling-back' });
  const inFlight = context.checkpoint.inFlight;
  if (inFlight) {
    const found = await stepFor(context, inFlight.collection).find(
      inFlight.legacyIds,
      context.signal,
    );
    await recordIds(context, inFlight.collection, found);
  }
  const created = context.checkpoint.ids;
  const serverIds = {
    heroes: Object.values(created.heroes),
    visualProfiles: Object.values(created.visualProfiles),
    customEvents: Object.values(created.customEvents),
    stories: Object.values(created.stories),
  };
  const { signal } = context;
  const events = await deleteAll(context, 'customEvents', (id) =>
    context.api.customEvents.delete(id, { signal }),
  );
  const heroes = await deleteAll(context, 'heroes', (id) =>
    context.api.heroes.delete(id, { signal }),
  );
  let removedLocally = 0;
  if (store && context.checkpoint.storedLocally) {
    removedLocally = await removeMigratedRecords(store, serverIds);
  }
  await saveCheckpoint(context, { ids: emptyIdMaps(), storedLocally: false });
  const after = await counts(context);
  await context.checkpoints.delete(context.checkpoint.migrationId);
  return {
    migrationId: context.checkpoint.migrationId,
    deleted: { heroes, customEvents: events },
    removedLocally,
    counts: { before: context.checkpoint.countsBefore, after },
  };
}
