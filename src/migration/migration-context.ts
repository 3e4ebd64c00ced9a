/** What every step of a running migration shares, and how it saves its checkpoint. */
import type { ApiClient } from '../api/api-client.js';
import type { Logger } from '../platform/logging/logger.js';
import type { CheckpointStore, MigratedCollection, MigrationCheckpoint } from './checkpoint.js';
import { MigrationError } from './migration-error.js';
import type { ProgressTracker } from './migration-progress.js';
import type { PreparedMigration } from './prepare.js';

/** Retries of requests that failed without a clear answer (network, timeout, 5xx, 429). */
export interface MigrationRetryOptions {
  /** Attempts per chunk or request before the migration stops (resumable). @default 5 */
  readonly attempts?: number;
  /** First delay between attempts, doubled each time. @default 1000 */
  readonly baseDelayMs?: number;
  /** Longest delay between attempts. @default 30000 */
  readonly maxDelayMs?: number;
  /**
   * The longest rate-limit wait the migration sits through; a later reset stops it (resumable).
   * @default 60000
   */
  readonly maxRateLimitWaitMs?: number;
}

/** {@link MigrationRetryOptions} with defaults applied. */
export type ResolvedMigrationRetry = Required<MigrationRetryOptions>;

/** Applies the defaults. */
export function resolveRetry(options: MigrationRetryOptions = {}): ResolvedMigrationRetry {
  return {
    attempts: options.attempts ?? 5,
    baseDelayMs: options.baseDelayMs ?? 1_000,
    maxDelayMs: options.maxDelayMs ?? 30_000,
    maxRateLimitWaitMs: options.maxRateLimitWaitMs ?? 60_000,
  };
}

/** An abortable wait; rejects with the signal's reason. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** The default {@link Sleep}: `setTimeout`. */
export const timerSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** The state shared by the steps of one run. */
export interface MigrationContext {
  readonly api: ApiClient;
  readonly prepared: PreparedMigration;
  readonly checkpoints: CheckpointStore;
  checkpoint: MigrationCheckpoint;
  readonly signal: AbortSignal;
  readonly progress: ProgressTracker;
  readonly retry: ResolvedMigrationRetry;
  /** Items per batch request. */
  readonly batchSize: number;
  readonly sleep: Sleep;
  readonly now: () => number;
  readonly logger: Logger;
}

/** Writes the checkpoint with `changes`; resolves once durable. */
export async function saveCheckpoint(
  context: MigrationContext,
  changes: Partial<MigrationCheckpoint>,
): Promise<void> {
  const next: MigrationCheckpoint = { ...context.checkpoint, ...changes };
  try {
    await context.checkpoints.set(next.migrationId, next);
  } catch (error) {
    throw new MigrationError(
      {
        kind: 'checkpoint',
        message: `migration: the checkpoint could not be saved (${String(error)}); nothing more was sent — fix the storage and resume`,
        resumable: true,
      },
      { cause: error },
    );
  }
  context.checkpoint = next;
}

/** Records server ids found or created for `collection` and clears the in-flight marker. */
export async function recordIds(
  context: MigrationContext,
  collection: MigratedCollection,
  found: ReadonlyMap<string, string>,
): Promise<void> {
  const ids = { ...context.checkpoint.ids };
  ids[collection] = { ...ids[collection], ...Object.fromEntries(found) };
  await saveCheckpoint(context, { ids, inFlight: null });
}

/** Server ids already taken by this migration in `collection`. */
export function takenIds(context: MigrationContext, collection: MigratedCollection): Set<string> {
  return new Set(Object.values(context.checkpoint.ids[collection]));
}
