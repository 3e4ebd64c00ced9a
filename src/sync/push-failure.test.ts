import { describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../api/backoff.js';
import type { CollectionName, OutboxEntry, OutboxOp, SyncErrorInfo } from '../model/types.js';
import { decideFailure, type FailureDecision, failureInfo } from './push-failure.js';
import type { FailureClass } from './sync-failure.js';

const retry: RetryPolicy = { limit: 5, baseDelayMs: 1000, maxDelayMs: 60_000, jitter: false };

function entry(op: OutboxOp, collection: CollectionName = 'heroes', attempts = 1): OutboxEntry {
  return {
    mutationId: 'm1',
    seq: 1,
    collection,
    localId: 'l1',
    op,
    patch: op === 'delete' ? null : { name: 'Luna' },
    baseServerUpdatedAt: null,
    createdAt: 0,
    editedAt: 0,
    attempts,
    nextAttemptAt: null,
    lastError: null,
    status: 'pending',
  };
}

const decide = (failure: FailureClass, e: OutboxEntry = entry('update')): FailureDecision =>
  decideFailure({ failure, entry: e, serverOffsetMs: 5_000, retry, random: () => 0.5 });

describe('decideFailure', () => {
  it('keeps the entry on aborts, 401s and fatal errors, stopping the round where it must', () => {
    expect(decide({ type: 'aborted' })).toEqual({ action: 'release' });
    expect(decide({ type: 'fatal' })).toEqual({ action: 'stop' });
    expect(decide({ type: 'auth' })).toEqual({ action: 'pause-auth' });
  });

  it('waits for a 429 on the device clock', () => {
    expect(decide({ type: 'rate-limit', resetAt: 100_000 })).toEqual({
      action: 'rate-limit',
      until: 95_000,
    });
  });

  it('backs off exponentially on transient failures and stops the round when unreachable', () => {
    const first = decide(
      { type: 'transient', kind: 'server', unreachable: false },
      entry('update'),
    );
    const third = decide(
      { type: 'transient', kind: 'offline', unreachable: true },
      entry('update', 'heroes', 3),
    );
    expect(first).toEqual({ action: 'retry', waitMs: 1000, stop: false });
    expect(third).toEqual({ action: 'retry', waitMs: 4000, stop: true });
  });

  it('reads a 404 by operation: delete done, update a remote delete, create refused', () => {
    expect(decide({ type: 'not-found' }, entry('delete'))).toEqual({ action: 'acknowledge' });
    expect(decide({ type: 'not-found' }, entry('update'))).toEqual({ action: 'remote-delete' });
    expect(decide({ type: 'not-found' }, entry('favorite'))).toEqual({ action: 'remote-delete' });
    expect(decide({ type: 'not-found' }, entry('create'))).toEqual({ action: 'fail' });
  });

  it('adopts a visual profile on 409 and refuses everything else for good', () => {
    expect(decide({ type: 'exists' }, entry('create', 'visualProfiles'))).toEqual({
      action: 'adopt-profile',
    });
    expect(decide({ type: 'exists' }, entry('create'))).toEqual({ action: 'fail' });
    expect(decide({ type: 'permanent' })).toEqual({ action: 'fail' });
  });
});

describe('failureInfo', () => {
  const raw: SyncErrorInfo = { kind: 'permanent', message: 'x', status: 400, code: null, at: 1 };
  it('keeps the last send status of a create whose outcome is unknown when the search failed', () => {
    const unknown: OutboxEntry = {
      ...entry('create', 'heroes', 1),
      lastError: { kind: 'server', message: 'timeout', status: null, code: null, at: 0 },
    };
    expect(failureInfo(unknown, raw, false)).toEqual({ ...raw, status: null });
    expect(failureInfo(unknown, raw, true)).toBe(raw);
    expect(failureInfo(entry('update'), raw, false)).toBe(raw);
  });
});
