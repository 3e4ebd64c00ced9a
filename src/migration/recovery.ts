/**
 * Failure handling of the upload. The batch routes and creates are not idempotent, so a request
 * whose answer did not arrive (network error, timeout, 5xx, unreadable answer) has an unknown
 * outcome: before anything is sent again, the items are looked up on the server and adopted.
 *
 * ```
 *  mark in flight (durable) ──> send ──ok──> record ids, clear mark
 *        ^                        │
 *        │                   unknown outcome / partial answer
 *        │                        v
 *        └─ back off <── look items up on the server, record what exists
 * ```
 */
import {
  isAbortError,
  isAuthError,
  isContractError,
  isHttpError,
  isNetworkError,
  isRateLimitError,
  isTimeoutError,
} from '../errors/index.js';
import type { MigratedCollection } from './checkpoint.js';
import { type MigrationContext, recordIds, saveCheckpoint } from './migration-context.js';
import { isMigrationError, MigrationError } from './migration-error.js';

/** What a failure means for the migration. */
export type FailureClass = 'abort' | 'auth' | 'rate-limit' | 'unknown-outcome' | 'permanent';

/** Classifies an error thrown by a request. */
export function classifyFailure(error: unknown): FailureClass {
  if (isAbortError(error)) return 'abort';
  if (isAuthError(error)) return 'auth';
  if (isRateLimitError(error)) return 'rate-limit';
  if (isNetworkError(error) || isTimeoutError(error) || isContractError(error)) {
    return 'unknown-outcome';
  }
  if (isHttpError(error)) {
    return error.status >= 500 || error.status === 408 ? 'unknown-outcome' : 'permanent';
  }
  return 'unknown-outcome';
}

/** The answer to sending some items. */
export interface SendResult {
  /** Legacy id → server id of the items the server reports created. */
  readonly created: ReadonlyMap<string, string>;
  /** Legacy id → the server's error for items it refused. */
  readonly failed: ReadonlyMap<string, string>;
  /** False when `created` may list ids the server rolled back: look them up instead. */
  readonly trusted: boolean;
}

/** How one kind of item is created and looked up. */
export interface CreateStep {
  readonly collection: MigratedCollection;
  send(legacyIds: readonly string[], signal: AbortSignal): Promise<SendResult>;
  /** Finds items on the server (legacy id → server id) whose outcome is unknown. */
  find(legacyIds: readonly string[], signal: AbortSignal): Promise<ReadonlyMap<string, string>>;
}

/** The {@link MigrationError} a failure during `what` stops the migration with. */
export function stopped(context: MigrationContext, error: unknown, what: string): MigrationError {
  if (isMigrationError(error)) return error;
  const kind = classifyFailure(error);
  if (kind === 'abort' || context.signal.aborted) {
    return new MigrationError(
      {
        kind: 'aborted',
        message: `migration aborted during ${what}; resume() continues`,
        resumable: true,
      },
      { cause: error },
    );
  }
  if (kind === 'auth') {
    return new MigrationError(
      {
        kind: 'auth',
        message: `migration stopped during ${what}: ${(error as Error).message}; sign in again and resume()`,
        resumable: true,
      },
      { cause: error },
    );
  }
  if (kind === 'permanent') {
    return new MigrationError(
      { kind: 'rejected', message: `the server refused ${what}: ${(error as Error).message}` },
      { cause: error },
    );
  }
  return new MigrationError(
    {
      kind: 'interrupted',
      message: `migration interrupted during ${what} after ${context.retry.attempts} attempts (${String((error as Error)?.message ?? error)}); resume() continues without duplicates`,
      resumable: true,
    },
    { cause: error },
  );
}

/** Waits before the next attempt; a rate limit waits until its reset if that is soon enough. */
async function backOff(context: MigrationContext, attempt: number, error: unknown): Promise<void> {
  const { retry } = context;
  let delay = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  if (isRateLimitError(error)) {
    const wait = error.resetAt.getTime() - context.now();
    if (wait > retry.maxRateLimitWaitMs) throw stopped(context, error, 'a rate limit');
    delay = Math.max(delay, wait);
  }
  context.logger.warn('migration: retrying', { attempt, delayMs: delay, error: String(error) });
  try {
    await context.sleep(delay, context.signal);
  } catch (cause) {
    throw stopped(context, cause, 'a retry wait');
  }
}

function failureSummary(failed: ReadonlyMap<string, string>): string {
  return [...failed]
    .slice(0, 3)
    .map(([id, message]) => `${id}: ${message.split('\n', 1)[0]}`)
    .join('; ');
}

/**
 * Creates `legacyIds` through `step` exactly once each: marks them in flight before sending,
 * looks up an in-flight set before re-sending, retries what is missing.
 */
export async function createAll(
  context: MigrationContext,
  step: CreateStep,
  legacyIds: readonly string[],
): Promise<void> {
  const what = `${step.collection} (${legacyIds.length})`;
  let lastFailed: ReadonlyMap<string, string> = new Map();
  let lastError: unknown = null;
  for (let attempt = 1; ; attempt++) {
    try {
      if (context.signal.aborted) throw stopped(context, context.signal.reason, what);
      const inFlight = context.checkpoint.inFlight;
      if (inFlight?.collection === step.collection) {
        const found = await step.find(inFlight.legacyIds, context.signal);
        await recordIds(context, step.collection, found);
      }
      const known = context.checkpoint.ids[step.collection];
      const remaining = legacyIds.filter((id) => known[id] === undefined);
      if (remaining.length === 0) return;
      if (attempt > context.retry.attempts) break;
      await saveCheckpoint(context, {
        inFlight: { collection: step.collection, legacyIds: remaining },
      });
      const result = await step.send(remaining, context.signal);
      if (result.trusted) await recordIds(context, step.collection, result.created);
      lastFailed = result.failed;
      if (result.failed.size === 0 && result.trusted) continue;
      lastError = null;
    } catch (error) {
      const kind = classifyFailure(error);
      if (
        isMigrationError(error) ||
        context.signal.aborted ||
        kind === 'abort' ||
        kind === 'auth'
      ) {
        throw stopped(context, error, what);
      }
      if (kind === 'permanent') {
        await saveCheckpoint(context, { inFlight: null }); // a 4xx created nothing
        throw stopped(context, error, what);
      }
      lastError = error;
    }
    await backOff(context, attempt, lastError);
  }
  if (lastError === null && lastFailed.size > 0) {
    throw new MigrationError({
      kind: 'rejected',
      message: `the server refused ${lastFailed.size} of ${what} ${context.retry.attempts} times: ${failureSummary(lastFailed)}`,
    });
  }
  throw stopped(context, lastError ?? new Error('no answer'), what);
}

/** Runs idempotent requests (PATCH, GET, DELETE, listings) with the same retries. */
export async function withRetries<T>(
  context: MigrationContext,
  what: string,
  request: () => Promise<T>,
): Promise<T> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= context.retry.attempts; attempt++) {
    try {
      return await request();
    } catch (error) {
      const kind = classifyFailure(error);
      const final = isMigrationError(error) || kind === 'abort' || kind === 'auth';
      if (final || context.signal.aborted || kind === 'permanent') {
        throw stopped(context, error, what); // a MigrationError: a nested retry already gave up
      }
      lastError = error;
      if (attempt < context.retry.attempts) await backOff(context, attempt, error);
    }
  }
  throw stopped(context, lastError, what);
}
