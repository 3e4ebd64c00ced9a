import { describe, expect, it } from 'vitest';
import { isSdkError } from '../../src/errors/index.js';
import type { OutboxEntry, SyncErrorInfo } from '../../src/model/types.js';
import { openLocalStore } from '../../src/store/local-store.js';
import { openTestStore, serverRow } from './helpers.js';

const hero = { name: 'Luna', age: 5, traits: ['brave'] };
const badRequest: SyncErrorInfo = {
  kind: 'permanent',
  message: 'name: too long',
  status: 400,
  code: 'ValidationError',
  at: 1,
};

async function withSyncedHero() {
  const setup = await openTestStore();
  await setup.store.applyServerRows('heroes', [serverRow('c-1', hero, '2026-01-01T00:00:00.000Z')]);
  return setup;
}

const only = (entries: readonly OutboxEntry[]): OutboxEntry => {
  expect(entries).toHaveLength(1);
  return entries[0] as OutboxEntry;
};

describe('outbox: pending, discard, retry', () => {
  it('pending() lists entries with status and error; pendingCount follows; snapshot is stable', async () => {
    const { store } = await withSyncedHero();
    let events = 0;
    store.outbox.subscribe(() => events++);
    await store.update('heroes', 'c-1', { age: 6 });
    const snapshot = store.outbox.getSnapshot();
    expect(store.outbox.getSnapshot()).toBe(snapshot);
    expect(snapshot).toMatchObject({ pendingCount: 1, failedCount: 0, conflictCount: 0 });
    const entry = only(store.outbox.entries());
    await store.outbox.markInFlight(entry.mutationId);
    expect(store.outbox.pending()[0]).toMatchObject({ status: 'inFlight', attempts: 1 });
    await store.outbox.fail(entry.mutationId, badRequest);
    expect(store.outbox.pending()[0]).toMatchObject({ status: 'failed', lastError: badRequest });
    expect(store.outbox.getSnapshot().failedCount).toBe(1);
    expect(store.outbox.counts()).toEqual({ pendingCount: 1, failedCount: 1, conflictCount: 0 });
    await store.outbox.retry(entry.mutationId);
    expect(store.outbox.counts()).toEqual({ pendingCount: 1, failedCount: 0, conflictCount: 0 });
    await store.outbox.fail(entry.mutationId, badRequest);
    expect(store.get('heroes', 'c-1')).toMatchObject({
      syncStatus: 'failed',
      syncError: badRequest,
    });
    expect(store.outbox.pendingCount).toBe(1);
    expect(events).toBe(5);
  });

  it('discard rolls an update back to the last server version', async () => {
    const { store, storage } = await withSyncedHero();
    await store.update('heroes', 'c-1', { age: 6, name: 'Luna II' });
    const entry = only(store.outbox.entries());
    await store.outbox.discard(entry.mutationId);
    expect(store.get('heroes', 'c-1')).toMatchObject({ ...hero, syncStatus: 'synced' });
    expect(store.outbox.pendingCount).toBe(0);
    const reopened = await openLocalStore({ storage, userId: 'user-a' });
    expect(reopened.get('heroes', 'c-1')).toMatchObject({ ...hero, syncStatus: 'synced' });
    expect(reopened.outbox.pendingCount).toBe(0);
  });

  it('discard of a delete makes the record visible again; discard of a create removes it', async () => {
    const { store } = await withSyncedHero();
    await store.update('heroes', 'c-1', { age: 6 });
    await store.delete('heroes', 'c-1');
    expect(store.get('heroes', 'c-1')).toBeUndefined();
    await store.outbox.discard(only(store.outbox.entries()).mutationId);
    expect(store.get('heroes', 'c-1')).toMatchObject({ age: 5, syncStatus: 'synced' });

    const created = await store.create('heroes', { ...hero, name: 'New' });
    await store.create('visualProfiles', { heroId: created.id, hairColor: 'red' });
    const createEntry = store.outbox.entries().find((e) => e.localId === created.id) as OutboxEntry;
    await store.outbox.discard(createEntry.mutationId);
    expect(store.get('heroes', created.id)).toBeUndefined();
    // The profile of a hero that never existed on the server goes with it.
    expect(store.list('visualProfiles')).toEqual([]);
    expect(store.outbox.pendingCount).toBe(0);
  });

  it('discard keeps an in-flight entry and re-applies it on top of the server version', async () => {
    const { store } = await withSyncedHero();
    await store.update('heroes', 'c-1', { age: 6 });
    const sending = only(store.outbox.entries());
    await store.outbox.markInFlight(sending.mutationId);
    await store.update('heroes', 'c-1', { name: 'Luna II' });
    const queued = store.outbox.entries()[1] as OutboxEntry;
    await expect(store.outbox.discard(sending.mutationId)).rejects.toSatisfy(isSdkError);
    await store.outbox.discard(queued.mutationId);
    expect(store.get('heroes', 'c-1')).toMatchObject({ name: 'Luna', age: 6 });
  });

  it('retry makes a failed entry pending again and keeps its attempts (it may have reached the server)', async () => {
    const { store } = await withSyncedHero();
    await store.update('heroes', 'c-1', { age: 6 });
    const entry = only(store.outbox.entries());
    await store.outbox.markInFlight(entry.mutationId);
    await store.outbox.fail(entry.mutationId, badRequest);
    expect(store.outbox.sendable()).toEqual([]);
    await store.outbox.retry(entry.mutationId);
    expect(only(store.outbox.entries())).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: null,
      nextAttemptAt: null,
    });
    expect(store.get('heroes', 'c-1')?.syncStatus).toBe('pendingUpdate');
    expect(store.outbox.sendable().map((e) => e.mutationId)).toEqual([entry.mutationId]);
  });

  it('scheduleRetry keeps the entry pending but not due until nextAttemptAt', async () => {
    const { store } = await withSyncedHero();
    await store.update('heroes', 'c-1', { age: 6 });
    const entry = only(store.outbox.entries());
    await store.outbox.markInFlight(entry.mutationId);
    await store.outbox.scheduleRetry(
      entry.mutationId,
      { ...badRequest, kind: 'server', status: 503 },
      5_000,
    );
    expect(store.outbox.isInFlight(entry.mutationId)).toBe(false);
    expect(store.outbox.sendable(4_999)).toEqual([]);
    expect(store.outbox.sendable(5_000)).toHaveLength(1);
    expect(store.get('heroes', 'c-1')).toMatchObject({
      syncStatus: 'pendingUpdate',
      syncError: { status: 503 },
    });
  });

  it('sendable() gives only the first entry of each record (per-record FIFO)', async () => {
    const { store } = await withSyncedHero();
    await store.update('heroes', 'c-1', { age: 6 });
    const first = only(store.outbox.entries());
    await store.outbox.markInFlight(first.mutationId);
    await store.update('heroes', 'c-1', { age: 7 });
    const other = await store.create('heroes', { ...hero, name: 'Other' });
    expect(store.outbox.sendable().map((e) => e.localId)).toEqual([other.id]);
  });
});
