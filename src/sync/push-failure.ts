/**
 * What the Pusher does when sending an entry failed: a pure decision over the failure's class,
 * the entry and the clocks, so every branch is unit-tested without a server.
 *
 * | failure                     | decision                                                   |
 * |-----------------------------|------------------------------------------------------------|
 * | aborted                     | `release` (the entry waits, untouched)                     |
 * | fatal (storage, contract…)  | `stop` the round                                           |
 * | 401                         | `pause-auth`: keep the entry, stop the round               |
 * | 429                         | `rate-limit` that operation kind until `resetAt`           |
 * | offline / 5xx / timeout     | `retry` after a backoff (stops the round when unreachable) |
 * | 404 on delete               | `acknowledge` (someone deleted it first)                   |
 * | 404 on update or action     | `remote-delete` (the record's delete rules)                |
 * | 409 on a visual profile     | `adopt-profile` (the hero has one: ours or another's)      |
 * | anything else (400/403/422) | `fail` for good: `mutation:failed`                         |
 */
import { computeBackoffDelay, type RetryPolicy } from '../api/backoff.js';
import type { OutboxEntry, SyncErrorInfo } from '../model/types.js';
import { createOutcomeUnknown, type FailureClass } from './sync-failure.js';

/** What to do with an entry whose send failed. */
export type FailureDecision =
  | { readonly action: 'release' }
  | { readonly action: 'stop' }
  | { readonly action: 'pause-auth' }
  | { readonly action: 'rate-limit'; readonly until: number }
  | { readonly action: 'retry'; readonly waitMs: number; readonly stop: boolean }
  | { readonly action: 'acknowledge' }
  | { readonly action: 'remote-delete' }
  | { readonly action: 'adopt-profile' }
  | { readonly action: 'fail' };

/** The inputs of {@link decideFailure}. */
export interface FailureInput {
  readonly failure: FailureClass;
  readonly entry: OutboxEntry;
  /** The server clock minus the device clock (ms), to wait for a 429's `resetAt` here. */
  readonly serverOffsetMs: number;
  readonly retry: RetryPolicy;
  readonly random: () => number;
}

/** The decision for one failed send. */
export function decideFailure(input: FailureInput): FailureDecision {
  const { failure, entry } = input;
  switch (failure.type) {
    case 'aborted':
      return { action: 'release' };
    case 'fatal':
      return { action: 'stop' };
    case 'auth':
      return { action: 'pause-auth' };
    case 'rate-limit':
      // `resetAt` is on the server clock; wait on the device clock.
      return { action: 'rate-limit', until: failure.resetAt - input.serverOffsetMs };
    case 'transient': {
      const attempt = Math.max(0, entry.attempts - 1);
      const waitMs = computeBackoffDelay(attempt, input.retry, input.random);
      return { action: 'retry', waitMs, stop: failure.unreachable };
    }
    case 'not-found':
      if (entry.op === 'delete') return { action: 'acknowledge' };
      return entry.op === 'create' ? { action: 'fail' } : { action: 'remote-delete' };
    case 'exists':
      return entry.collection === 'visualProfiles' && entry.op === 'create'
        ? { action: 'adopt-profile' }
        : { action: 'fail' };
    default:
      return { action: 'fail' };
  }
}

/**
 * The error to keep on the entry. A failed lost-ack search (`sent` false) says nothing about
 * the create itself: its outcome stays unknown, so the status of its last send is kept (a 4xx
 * here would read as "the server refused the create" and re-send it blindly).
 */
export function failureInfo(entry: OutboxEntry, raw: SyncErrorInfo, sent: boolean): SyncErrorInfo {
  return !sent && createOutcomeUnknown(entry)
    ? Object.freeze({ ...raw, status: entry.lastError?.status ?? null })
    : raw;
}
