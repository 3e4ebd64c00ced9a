/**
 * Carries out the Pusher's decision about a failed send (`push-failure.ts` decides): retry
 * later, pause for a 429 or a 401, stop the round, acknowledge, apply the remote delete rules,
 * adopt an existing visual profile, or fail the change for good with `mutation:failed`.
 */
import type { OutboxEntry, SyncErrorInfo } from '../model/types.js';
import type { FailureDecision } from './push-failure.js';
import type { SendResult, SendTarget } from './push-requests.js';
import { changedRecord, handleRemoteDelete } from './remote-changes.js';
import { operationKind, type SyncContext } from './sync-context.js';

/** The part of a push round a failure can stop. */
export interface StoppableRun {
  stopped: unknown;
}

/** One failed send. */
export interface FailedSend {
  readonly entry: OutboxEntry;
  readonly target: SendTarget;
  readonly error: unknown;
  readonly run: StoppableRun;
  readonly info: SyncErrorInfo;
  /** Device clock when the failure was handled. */
  readonly now: number;
}

/** What settling needs from the Pusher. */
export interface SettleHooks {
  acknowledge(entry: OutboxEntry, result: SendResult): Promise<void>;
  adoptProfile(entry: OutboxEntry, target: SendTarget): Promise<void>;
}

const RELEASES: ReadonlySet<FailureDecision['action']> = new Set([
  'release',
  'stop',
  'remote-delete',
  'adopt-profile',
]);

/** True when a sent entry leaves the in-flight state before the decision is carried out. */
export function releasesAtOnce(decision: FailureDecision): boolean {
  return RELEASES.has(decision.action);
}

/** The fields the logs name an entry by. */
export const describeEntry = (entry: OutboxEntry) => ({
  collection: entry.collection,
  op: entry.op,
  localId: entry.localId,
});

/** Carries out `decision` for `failed`. */
export async function settleFailure(
  context: SyncContext,
  decision: FailureDecision,
  failed: FailedSend,
  hooks: SettleHooks,
): Promise<void> {
  const { store, options } = context;
  const { entry, error, run, info } = failed;
  switch (decision.action) {
    case 'release':
      return;
    case 'stop':
      run.stopped ??= error;
      return;
    case 'pause-auth':
      await store.outbox.scheduleRetry(entry.mutationId, info, null);
      run.stopped ??= error;
      return;
    case 'rate-limit': {
      const waitMs = Math.max(0, decision.until - failed.now);
      context.rateLimits.set(operationKind(entry), context.deadlines.after(waitMs));
      await waitFor(context, entry, info, decision.until, waitMs);
      return;
    }
    case 'retry':
      await waitFor(context, entry, info, failed.now + decision.waitMs, decision.waitMs);
      options.logger.warn('sync: push failed, will retry', {
        ...describeEntry(entry),
        retryInMs: Math.round(decision.waitMs),
        error: info.message,
      });
      if (decision.stop) run.stopped ??= error;
      return;
    case 'acknowledge':
      await hooks.acknowledge(entry, {});
      return;
    case 'remote-delete': {
      const outcome = await handleRemoteDelete(context, entry.collection, entry.localId);
      if (changedRecord(outcome)) context.tally.pulled++;
      return;
    }
    case 'adopt-profile':
      await hooks.adoptProfile(entry, failed.target);
      return;
    default:
      await refuse(context, failed);
  }
}

/** The server refused the change for good: the entry fails and `mutation:failed` goes out. */
async function refuse(context: SyncContext, failed: FailedSend): Promise<void> {
  const { entry, info, error } = failed;
  await context.store.outbox.fail(entry.mutationId, info);
  context.tally.failed++;
  context.options.logger.warn('sync: the server refused a change', {
    ...describeEntry(entry),
    error: info.message,
  });
  context.emitter.emit('mutation:failed', {
    mutationId: entry.mutationId,
    collection: entry.collection,
    localId: entry.localId,
    op: entry.op,
    error: info,
    cause: error,
  });
}

/** Keeps the entry and makes it wait `waitMs` (monotonic; persisted as a duration). */
async function waitFor(
  context: SyncContext,
  entry: OutboxEntry,
  info: SyncErrorInfo,
  nextAttemptAt: number,
  waitMs: number,
): Promise<void> {
  context.deadlines.schedule(entry.mutationId, nextAttemptAt, waitMs);
  await context.store.outbox.scheduleRetry(entry.mutationId, info, nextAttemptAt, waitMs);
}
