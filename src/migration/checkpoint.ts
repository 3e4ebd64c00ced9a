/**
 * The migration checkpoint: one JSON document per migration, written before every request
 * whose outcome matters and after every answer, so that an interrupted migration resumes
 * without sending anything twice.
 */
import type { JsonValue, StorageAdapter } from '../storage-adapters/storage-adapter.js';
import type { MigrationStep } from './migration-progress.js';
import type { MigrationReport } from './migration-report.js';

/** Collections the migration creates on the server. */
export type MigratedCollection = 'heroes' | 'visualProfiles' | 'customEvents' | 'stories';

/** Legacy id → server id, per collection (visual profiles are keyed by legacy hero id). */
export type IdMaps = Record<MigratedCollection, Record<string, string>>;

/** Requests that were sent and not answered: their outcome must be looked up before re-sending. */
export interface InFlight {
  readonly collection: MigratedCollection;
  readonly legacyIds: readonly string[];
}

/** The durable state of one migration. */
export interface MigrationCheckpoint {
  readonly version: 1;
  readonly migrationId: string;
  /** The account the data goes to. */
  readonly userId: string;
  /** `running`, `completed` (kept for `rollback()` and the report) or `rolling-back`. */
  readonly state: 'running' | 'completed' | 'rolling-back';
  readonly step: MigrationStep;
  /** Server time (ISO) a little before the first write: rows created earlier are not ours. */
  readonly serverStartedAt: string;
  /** Device time (epoch ms) the migration started. */
  readonly startedAt: number;
  readonly ids: IdMaps;
  /** Legacy ids whose follow-up PATCH (hero `appearance`, event `isFavorite`) is done. */
  readonly patched: readonly string[];
  readonly inFlight: InFlight | null;
  /** The account's counts before the first write (for the rollback report). */
  readonly countsBefore: Readonly<Record<'heroes' | 'stories' | 'customEvents', number>>;
  /** Whether records were written to the local store (a rollback removes them). */
  readonly storedLocally: boolean;
  /** The final report, once `completed`. */
  readonly report: MigrationReport | null;
  /**
   * Server id → `updatedAt` of the migration's own last write to that row (the follow-up
   * PATCHes); a created row's own write is its `createdAt`. A later `updatedAt` means another
   * device (or the server) changed the row. Absent in checkpoints of older versions.
   */
  readonly written?: Readonly<Record<string, string>>;
  /** What a rollback did so far (absent until one starts), so a second run ends the same. */
  readonly rollback?: RollbackProgress;
}

/** A rollback's durable progress. */
export interface RollbackProgress {
  /**
   * Server ids deleted (or found already gone). Kept records are not listed: a second run
   * checks them again (what kept them is still there).
   */
  readonly deleted: {
    readonly heroes: readonly string[];
    readonly customEvents: readonly string[];
  };
}

/** Durable storage of checkpoints: get/set/delete of one JSON document per migration. */
export interface CheckpointStore {
  get(migrationId: string): Promise<MigrationCheckpoint | undefined>;
  /** Resolves once `checkpoint` is durable. */
  set(migrationId: string, checkpoint: MigrationCheckpoint): Promise<void>;
  delete(migrationId: string): Promise<void>;
}

/** Empty id maps. */
export function emptyIdMaps(): IdMaps {
  return { heroes: {}, visualProfiles: {}, customEvents: {}, stories: {} };
}

/** Key prefix of {@link storageCheckpointStore} documents. */
export const CHECKPOINT_KEY_PREFIX = 'infinitestories.migration/';

/**
 * Checkpoints kept in a {@link StorageAdapter} (the client's storage), one key per migration.
 * They live outside the per-user namespaces, so signing out does not lose them.
 */
export function storageCheckpointStore(
  storage: StorageAdapter,
  prefix: string = CHECKPOINT_KEY_PREFIX,
): CheckpointStore {
  const key = (migrationId: string) => `${prefix}${migrationId}`;
  return {
    async get(migrationId) {
      const value = await storage.get(key(migrationId));
      return value === undefined ? undefined : (value as unknown as MigrationCheckpoint);
    },
    async set(migrationId, checkpoint) {
      // The adapter stores a copy, as JSON would give it back (no copy needed here).
      const value = checkpoint as unknown as JsonValue;
      await storage.batch([{ type: 'put', key: key(migrationId), value }]);
    },
    async delete(migrationId) {
      await storage.batch([{ type: 'delete', key: key(migrationId) }]);
    },
  };
}
