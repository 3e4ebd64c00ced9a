/** Options of {@link migrateLegacyLibrary} and {@link rollbackLegacyMigration}. */
import type { ServerApi } from '../client/server-api.js';
import type { Logger } from '../platform/logging/logger.js';
import type { CheckpointStore } from './checkpoint.js';
import type { MigrationLocalStore } from './local-records.js';
import type { MediaReader, MediaSink } from './media-sink.js';
import type { MigrationRetryOptions, Sleep } from './migration-context.js';
import type { MigrationProgressListener } from './migration-progress.js';

/**
 * What the migration talks to. A client from `createClient()` fits (its `api`, and its `media`
 * cache when it has one).
 */
export interface MigrationClient {
  /**
   * The client's API (`client.api`). The migration reaches every endpoint it needs through the
   * client it belongs to.
   */
  readonly api: ServerApi;
  readonly media?: MediaSink | undefined;
}

/** Options of a migration run. */
export interface MigrateLegacyLibraryOptions {
  /** The signed-in client whose account receives the library. */
  readonly client: MigrationClient;
  /**
   * Where progress is kept after every chunk, so that an interrupted migration resumes without
   * duplicates. Use `storageCheckpointStore(storage)`, or a JSON file in a CLI.
   */
  readonly checkpointStore: CheckpointStore;
  /** Called per step and per item. */
  readonly onProgress?: MigrationProgressListener | undefined;
  /** Stops the migration (resumable); nothing in flight is lost. */
  readonly signal?: AbortSignal | undefined;
  /** Where media files go. @default `client.media` (files are left in place without one) */
  readonly media?: MediaSink | undefined;
  /** Reads legacy media files. Without one, files are left in place and listed in the report. */
  readonly readMedia?: MediaReader | undefined;
  /**
   * The local store that receives the migrated records as synced records after a verified
   * upload (`client.migration` passes the signed-in user's store). A rollback reads it to find
   * local changes not synced yet under the migrated records, and keeps those records; a
   * rollback run without it (the CLI, `rollbackLegacyMigration` without `store`) cannot see
   * them.
   */
  readonly store?: MigrationLocalStore | undefined;
  /** Items per batch request (1–100); smaller chunks lose less work to a failure. @default 100 */
  readonly batchSize?: number | undefined;
  /** Validate and plan only: nothing is sent. @default false */
  readonly dryRun?: boolean | undefined;
  /**
   * Delete what was created when the server refuses the data or verification fails. Network
   * trouble never rolls back (the migration stops resumable instead). @default true
   */
  readonly rollbackOnFailure?: boolean | undefined;
  /** Retries of requests without a clear answer. */
  readonly retry?: MigrationRetryOptions | undefined;
  /** Receives warnings about retries. @default no logging */
  readonly logger?: Logger | undefined;
  /** Device clock (epoch ms). @default Date.now */
  readonly now?: (() => number) | undefined;
  /** Waits between attempts (tests pass an instant one). @default setTimeout */
  readonly sleep?: Sleep | undefined;
  /**
   * How far before the estimated server time of the start rows count as "possibly ours" when
   * an unanswered request is looked up (covers the clock estimate's error). @default 5000
   */
  readonly clockMarginMs?: number | undefined;
}
