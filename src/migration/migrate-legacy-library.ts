/**
 * `migrateLegacyLibrary`: validate → plan → heroes → visual profiles → custom events →
 * stories → verify → media → local store → done, with a durable checkpoint after every chunk.
 * Running it again with the same export and account resumes; after completion it returns the
 * stored report without sending anything.
 */
import type { ApiClient } from '../api/api-client.js';
import { fullApiOf } from '../api/full-api-registry.js';
import { isAuthError } from '../errors/index.js';
import { noopLogger } from '../platform/logging/logger.js';
import { BATCH_MAX_ITEMS } from '../schemas/batch.js';
import { emptyIdMaps, type MigrationCheckpoint } from './checkpoint.js';
import { exportHash } from './export-hash.js';
import { keepLocally } from './keep-local.js';
import { storeMigratedRows } from './local-records.js';
import {
  type MigrationContext,
  resolveRetry,
  saveCheckpoint,
  timerSleep,
} from './migration-context.js';
import { isMigrationError, MigrationError } from './migration-error.js';
import type { MigrateLegacyLibraryOptions, MigrationClient } from './migration-options.js';
import { ProgressTracker, type StepUnits } from './migration-progress.js';
import { type MigrationReport, type RollbackReport, storedReport } from './migration-report.js';
import { parseLegacyExport } from './parse-export.js';
import { type PreparedMigration, prepareMigration } from './prepare.js';
import { stopped, withRetries } from './recovery.js';
import { rollbackMigration } from './rollback.js';
import { uploadEvents, uploadHeroes, uploadProfiles, uploadStories } from './upload.js';
import { verifyUpload } from './verify.js';

function units(prepared: PreparedMigration): StepUnits {
  const { counts } = prepared.plan;
  return {
    validate: 1,
    plan: 1,
    heroes: counts.heroes,
    visualProfiles: counts.visualProfiles,
    customEvents: counts.customEvents,
    stories: counts.stories,
    verify: Math.max(1, Math.ceil((counts.heroes + counts.stories) / 10)),
    media: counts.mediaFiles,
    local: 1,
    done: 0,
  };
}

async function dryRunReport(prepared: PreparedMigration): Promise<MigrationReport> {
  return {
    migrationId: `dry-run-${await exportHash(prepared.data)}`,
    status: 'dry-run',
    plan: prepared.plan,
    ids: emptyIdMaps(),
    warnings: prepared.plan.warnings,
    keptLocally: [],
    verification: null,
    storedLocally: false,
    requests: 0,
    durationMs: 0,
  };
}

type Mode = 'run' | 'resume' | 'rollback';

/** Opens (or creates, for a run) the checkpoint and builds the run's context. */
async function open(
  exportData: unknown,
  options: MigrateLegacyLibraryOptions,
  mode: Mode,
): Promise<{ context: MigrationContext; existing: boolean } | MigrationReport> {
  const prepared = prepareMigration(parseLegacyExport(exportData));
  const now = options.now ?? Date.now;
  const progress = new ProgressTracker(units(prepared), options.onProgress, now);
  progress.report('validate', 1, 1);
  progress.report('plan', 1, 1);
  if (options.dryRun) return dryRunReport(prepared);
  const signal = options.signal ?? new AbortController().signal;
  const api = migrationApi(options.client);
  const base = {
    api,
    prepared,
    checkpoints: options.checkpointStore,
    signal,
    progress,
    retry: resolveRetry(options.retry),
    batchSize: Math.max(
      1,
      Math.min(BATCH_MAX_ITEMS, Math.floor(options.batchSize ?? BATCH_MAX_ITEMS)),
    ),
    sleep: options.sleep ?? timerSleep,
    now,
    logger: options.logger ?? noopLogger,
  };
  const profile = await preflight(base);
  const migrationId = `${profile.id}-${await exportHash(prepared.data)}`;
  progress.migrationId = migrationId;
  const stored = await readCheckpoint(options, migrationId);
  if (!stored && mode !== 'run') {
    throw new MigrationError({
      kind: 'no-migration',
      message: `no migration of this export into this account was found to ${mode}`,
    });
  }
  const checkpoint: MigrationCheckpoint = stored ?? {
    version: 1,
    migrationId,
    userId: profile.id,
    state: 'running',
    step: 'heroes',
    serverStartedAt: new Date(
      api.clock.serverNow().getTime() - (options.clockMarginMs ?? 5_000),
    ).toISOString(),
    startedAt: now(),
    ids: emptyIdMaps(),
    patched: [],
    inFlight: null,
    countsBefore: { ...profile._count },
    storedLocally: false,
    report: null,
  };
  return { context: { ...base, checkpoint }, existing: stored !== undefined };
}

/** Checks the session (a wrong password or expired session stops here) and reads the counts. */
async function preflight(base: Omit<MigrationContext, 'checkpoint'>) {
  try {
    base.progress.request();
    return await base.api.user.profile({ signal: base.signal });
  } catch (error) {
    if (isAuthError(error)) {
      throw new MigrationError(
        { kind: 'auth', message: `migration needs a signed-in user: ${error.message}` },
        { cause: error },
      );
    }
    const context = { ...base, checkpoint: undefined as never };
    return withRetries(context, 'checking the session', () => {
      base.progress.request();
      return base.api.user.profile({ signal: base.signal });
    });
  }
}

async function readCheckpoint(options: MigrateLegacyLibraryOptions, migrationId: string) {
  try {
    return await options.checkpointStore.get(migrationId);
  } catch (error) {
    throw new MigrationError(
      {
        kind: 'checkpoint',
        message: `the migration checkpoint could not be read (${String(error)})`,
      },
      { cause: error },
    );
  }
}

async function runSteps(
  context: MigrationContext,
  options: MigrateLegacyLibraryOptions,
): Promise<MigrationReport> {
  const started = context.now();
  const steps = [
    ['heroes', uploadHeroes],
    ['visualProfiles', uploadProfiles],
    ['customEvents', uploadEvents],
    ['stories', uploadStories],
  ] as const;
  for (const [step, upload] of steps) {
    await saveCheckpoint(context, { step });
    await upload(context);
  }
  await saveCheckpoint(context, { step: 'verify' });
  const verification = await verifyUpload(context);
  if (verification.mismatches.length > 0) {
    throw new MigrationError({
      kind: 'verification',
      message: `the server's copy does not match what was sent (${verification.mismatches.length} problems, e.g. ${verification.mismatches[0]?.path}: ${verification.mismatches[0]?.message})`,
      issues: verification.mismatches,
    });
  }
  const media = options.media ?? options.client.media;
  const kept = await keepLocally(context, { media, readMedia: options.readMedia });
  if (options.store) {
    context.progress.report('local', 0, 1);
    await storeMigratedRows(options.store, verification.rows);
    await saveCheckpoint(context, { storedLocally: true });
  }
  context.progress.report('local', 1, 1);
  const report: MigrationReport = {
    migrationId: context.checkpoint.migrationId,
    status: 'completed',
    plan: context.prepared.plan,
    ids: context.checkpoint.ids,
    warnings: context.prepared.plan.warnings,
    keptLocally: kept,
    verification: {
      counts: verification.counts,
      mismatches: [],
      changedElsewhere: verification.changedElsewhere,
    },
    storedLocally: context.checkpoint.storedLocally,
    requests: context.progress.requests,
    durationMs: context.now() - started,
  };
  await saveCheckpoint(context, { state: 'completed', step: 'done', report });
  context.progress.report('done', 1, 1);
  return report;
}

/** `; kept …` when the rollback kept records another device made or changed. */
function keptNote(rollback: RollbackReport): string {
  if (rollback.kept.length === 0) return '';
  const list = rollback.kept.map((k) => `${k.collection} ${k.serverId} (${k.reason})`);
  return `; kept because they changed elsewhere or have unsynced changes: ${list.join(', ')}`;
}

async function run(
  exportData: unknown,
  options: MigrateLegacyLibraryOptions,
  mode: 'run' | 'resume',
): Promise<MigrationReport> {
  const opened = await open(exportData, options, mode);
  if (!('context' in opened)) return opened;
  const { context } = opened;
  if (context.checkpoint.state === 'completed' && context.checkpoint.report) {
    return storedReport(context.checkpoint.report);
  }
  if (context.checkpoint.state === 'rolling-back') {
    throw new MigrationError({
      kind: 'interrupted',
      message: 'a rollback of this migration was interrupted; run rollback() again to finish it',
    });
  }
  try {
    return await runSteps(context, options).catch((error: unknown) => {
      // Local failures (an abort during the media step, a closed store) stop it resumable.
      throw stopped(context, error, `the ${context.checkpoint.step} step`);
    });
  } catch (error) {
    const fatal =
      isMigrationError(error) && (error.kind === 'rejected' || error.kind === 'verification');
    if (!fatal || options.rollbackOnFailure === false) throw error;
    const rollback = await rollbackMigration(context, options.store);
    throw new MigrationError(
      {
        kind: error.kind,
        message: `${error.message}; the migration was rolled back (${rollback.deleted.heroes} heroes and ${rollback.deleted.customEvents} custom events deleted on the server${keptNote(rollback)}; local data untouched)`,
        issues: error.issues,
        rolledBack: true,
      },
      { cause: error },
    );
  }
}

/**
 * Migrates a legacy library into the signed-in account. Safe to call again with the same
 * export: an interrupted migration resumes without duplicates, a completed one returns its
 * report. Throws {@link MigrationError}.
 *
 * @example
 * ```ts
 * const report = await migrateLegacyLibrary(exportJson, {
 *   client,
 *   checkpointStore: storageCheckpointStore(storage),
 *   onProgress: (p) => bar.update(p.overall),
 * });
 * ```
 */
export function migrateLegacyLibrary(
  exportData: unknown,
  options: MigrateLegacyLibraryOptions,
): Promise<MigrationReport> {
  return run(exportData, options, 'run');
}

/** Continues an interrupted migration; `no-migration` when there is none for this export. */
export function resumeLegacyMigration(
  exportData: unknown,
  options: MigrateLegacyLibraryOptions,
): Promise<MigrationReport> {
  return run(exportData, options, 'resume');
}

/**
 * Deletes what the migration of `exportData` created on the server (completed or not) and the
 * records it wrote locally, then forgets its checkpoint. Only what is still exactly what the
 * migration made is deleted: a hero or custom event another device changed or added to, or
 * with local changes not synced yet, stays with everything under it (`RollbackReport.kept`).
 * The legacy data is not touched.
 */
export async function rollbackLegacyMigration(
  exportData: unknown,
  options: MigrateLegacyLibraryOptions,
): Promise<RollbackReport> {
  const opened = await open(exportData, { ...options, dryRun: false }, 'rollback');
  if (!('context' in opened)) throw new Error('unreachable: a rollback is never a dry run');
  return rollbackMigration(opened.context, options.store);
}

/** The full API client of `client`: registered by `createClient`, or the `api` given directly. */
function migrationApi(client: MigrationClient): ApiClient {
  const found = fullApiOf(client) ?? fullApiOf(client.api);
  if (found) return found;
  if ('heroes' in client.api && 'stories' in client.api) return client.api as ApiClient;
  throw new MigrationError({
    kind: 'auth',
    message: 'migrateLegacyLibrary needs a client from createClient() (or its full API client)',
  });
}
