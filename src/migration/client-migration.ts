/**
 * `client.migration`: the migration bound to a client — its API client, the signed-in user's
 * local store (migrated records arrive there as synced records), its storage for checkpoints,
 * and its media cache when it has one. The export of the current migration is kept in storage
 * too, so `resume()` and `rollback()` work after a restart without it.
 */
import type { ApiClient } from '../api/api-client.js';
import type { Logger } from '../platform/logging/logger.js';
import type { JsonValue, StorageAdapter } from '../storage-adapters/storage-adapter.js';
import { CHECKPOINT_KEY_PREFIX, storageCheckpointStore } from './checkpoint.js';
import type { MigrationLocalStore } from './local-records.js';
import type { MediaReader, MediaSink } from './media-sink.js';
import type { MigrationRetryOptions } from './migration-context.js';
import { isMigrationError, MigrationError } from './migration-error.js';
import type { MigrateLegacyLibraryOptions } from './migration-options.js';
import type { MigrationProgress, MigrationProgressListener } from './migration-progress.js';
import type { MigrationReport, RollbackReport } from './migration-report.js';

/** What `client.migration` is built from. */
export interface ClientMigrationDeps {
  readonly api: ApiClient;
  readonly storage: StorageAdapter;
  /** The signed-in user and their local store, or `null` when signed out. */
  readonly session: () => { readonly userId: string; readonly store: MigrationLocalStore } | null;
  /** The client's media cache, when it has one. */
  readonly media: () => MediaSink | undefined;
  readonly logger: Logger;
}

/** Options of `client.migration.run()` / `resume()` / `rollback()`. */
export interface MigrationRunOptions {
  /** Called per step and per item. */
  readonly onProgress?: MigrationProgressListener | undefined;
  /** Stops the migration; `resume()` continues it. */
  readonly signal?: AbortSignal | undefined;
  /** Reads legacy media files (without one they are left in place and listed). */
  readonly readMedia?: MediaReader | undefined;
  /** Items per batch request (1–100). @default 100 */
  readonly batchSize?: number | undefined;
  /** Validate and plan only. @default false */
  readonly dryRun?: boolean | undefined;
  /** Retries of requests without a clear answer. */
  readonly retry?: MigrationRetryOptions | undefined;
}

/** Where `client.migration` stands. */
export type MigrationStatus =
  | 'idle'
  | 'running'
  | 'completed'
  | 'failed'
  | 'rolling-back'
  | 'rolled-back';

/** An immutable view of `client.migration`. */
export interface MigrationSnapshot {
  readonly status: MigrationStatus;
  /** The last progress event of the current or last run. */
  readonly progress: MigrationProgress | null;
  readonly report: MigrationReport | null;
  readonly error: MigrationError | null;
}

const IDLE: MigrationSnapshot = Object.freeze({
  status: 'idle',
  progress: null,
  report: null,
  error: null,
});

/** `client.migration`. */
export class ClientMigration {
  #snapshot: MigrationSnapshot = IDLE;
  readonly #listeners = new Set<() => void>();
  #busy = false;

  /** @internal built by `createClient` */
  constructor(private readonly deps: ClientMigrationDeps) {}

  /** The current state; the same object until it changes. */
  getSnapshot(): MigrationSnapshot {
    return this.#snapshot;
  }

  /** Calls `listener` after every change of the snapshot; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /**
   * Migrates `exportData` (a legacy export, version 1) into the signed-in account. Calling it
   * again with the same export resumes an interrupted migration.
   */
  run(exportData: unknown, options: MigrationRunOptions = {}): Promise<MigrationReport> {
    return this.#exclusive('running', async (session) => {
      if (!options.dryRun) await this.#saveExport(session.userId, exportData);
      const { migrateLegacyLibrary } = await loadTool();
      return migrateLegacyLibrary(exportData, this.#options(session, options));
    });
  }

  /** Continues the signed-in user's interrupted migration (its export was kept in storage). */
  resume(options: MigrationRunOptions = {}): Promise<MigrationReport> {
    return this.#exclusive('running', async (session) => {
      const exportData = await this.#loadExport(session.userId, 'resume');
      const { resumeLegacyMigration } = await loadTool();
      return resumeLegacyMigration(exportData, this.#options(session, options));
    });
  }

  /**
   * Deletes what the signed-in user's last migration created on the server and in the local
   * store, except what another device changed or added since, or this device has not synced
   * (listed in `RollbackReport.kept`). The legacy data is not touched.
   */
  rollback(options: MigrationRunOptions = {}): Promise<RollbackReport> {
    return this.#exclusive('rolling-back', async (session) => {
      const exportData = await this.#loadExport(session.userId, 'roll back');
      const { rollbackLegacyMigration } = await loadTool();
      const result = await rollbackLegacyMigration(exportData, this.#options(session, options));
      await this.deps.storage.batch([{ type: 'delete', key: exportKey(session.userId) }]);
      return result;
    });
  }

  #options(
    session: { readonly store: MigrationLocalStore },
    options: MigrationRunOptions,
  ): MigrateLegacyLibraryOptions {
    const media = this.deps.media();
    return {
      client: { api: this.deps.api, media },
      checkpointStore: storageCheckpointStore(this.deps.storage),
      store: session.store,
      logger: this.deps.logger,
      onProgress: (progress) => {
        this.#set({ ...this.#snapshot, progress });
        options.onProgress?.(progress);
      },
      signal: options.signal,
      readMedia: options.readMedia,
      dryRun: options.dryRun,
      batchSize: options.batchSize,
      retry: options.retry,
    };
  }

  async #exclusive<T extends MigrationReport | RollbackReport>(
    status: 'running' | 'rolling-back',
    task: (session: { userId: string; store: MigrationLocalStore }) => Promise<T>,
  ): Promise<T> {
    const session = this.deps.session();
    if (!session) {
      throw new MigrationError({
        kind: 'auth',
        message: 'client.migration needs a signed-in user; call client.auth.signIn() first',
      });
    }
    if (this.#busy) {
      throw new MigrationError({
        kind: 'interrupted',
        message: 'a migration or rollback is already running on this client; wait for it',
      });
    }
    this.#busy = true;
    this.#set({ status, progress: null, report: null, error: null });
    try {
      const result = await task(session);
      const done = status === 'running' ? 'completed' : 'rolled-back';
      const report = status === 'running' ? (result as MigrationReport) : null;
      this.#set({ ...this.#snapshot, status: done, report, error: null });
      return result;
    } catch (error) {
      const failure = isMigrationError(error) ? error : null;
      this.#set({ ...this.#snapshot, status: 'failed', error: failure });
      throw error;
    } finally {
      this.#busy = false;
    }
  }

  async #saveExport(userId: string, exportData: unknown): Promise<void> {
    const value = JSON.parse(JSON.stringify(exportData ?? null)) as JsonValue;
    await this.deps.storage.batch([{ type: 'put', key: exportKey(userId), value }]);
  }

  async #loadExport(userId: string, what: string): Promise<unknown> {
    const value = await this.deps.storage.get(exportKey(userId));
    if (value === undefined) {
      throw new MigrationError({
        kind: 'no-migration',
        message: `there is no migration to ${what} for this user; start one with run()`,
      });
    }
    return value;
  }

  #set(snapshot: MigrationSnapshot): void {
    this.#snapshot = Object.freeze(snapshot);
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch {
        // A failing listener never breaks the migration.
      }
    }
  }
}

/**
 * The migration tool itself is loaded on first use: apps that never migrate do not download it
 * (a separate chunk for bundlers that split on dynamic imports).
 */
function loadTool(): Promise<typeof import('./migrate-legacy-library.js')> {
  return import('./migrate-legacy-library.js');
}

function exportKey(userId: string): string {
  return `${CHECKPOINT_KEY_PREFIX}export/${userId}`;
}
