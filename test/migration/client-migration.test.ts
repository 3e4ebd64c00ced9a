/**
 * `client.migration` on a real client: migrated records land in the local store as synced
 * records (no re-download), progress is observable, `resume()` and `rollback()` work from the
 * export kept in storage — also after a restart of the client.
 */
import { describe, expect, it } from 'vitest';
import { createClient, type InfiniteStoriesClient } from '../../src/client/create-client.js';
import { isMigrationError } from '../../src/migration/migration-error.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import type { StorageAdapter } from '../../src/storage-adapters/storage-adapter.js';
import type { FakeBackend } from '../../src/testing/index.js';
import { newBackend, sampleExport, serverRows } from './support.js';

function clientOf(
  backend: FakeBackend,
  storage: StorageAdapter,
  log: string[],
): InfiniteStoriesClient {
  return createClient({
    baseUrl: backend.baseUrl,
    storage,
    sync: { autoStart: false },
    retry: { limit: 0 },
    fetch: async (input, init) => {
      const request = new Request(input, init);
      log.push(`${request.method} ${new URL(request.url).pathname}`);
      return backend.fetch(request);
    },
  });
}

describe('client.migration', () => {
  it('migrates into the local store as synced records, observably, and rolls back', async () => {
    const backend = newBackend();
    const log: string[] = [];
    const client = clientOf(backend, memoryStorage(), log);
    await client.ready;
    const account = { email: 'legacy@example.test', password: 'password-123', name: 'Legacy' };
    await client.auth.signUp(account);
    const statuses: string[] = [];
    client.migration.subscribe(() => statuses.push(client.migration.getSnapshot().status));

    const report = await client.migration.run(sampleExport());
    const heroes = client.heroes.list();
    expect(heroes.map((h) => h.name).sort()).toEqual(['Luna', 'Max']);
    expect(heroes.every((h) => h.syncStatus === 'synced')).toBe(true);
    expect(heroes.map((h) => h.serverId).sort()).toEqual(Object.values(report.ids.heroes).sort());
    expect(client.stories.list()).toHaveLength(3);
    expect(client.customEvents.list()[0]).toMatchObject({ title: 'Moon trip', isFavorite: true });
    expect(client.sync.getSnapshot().pendingCount).toBe(0);
    expect(client.migration.getSnapshot()).toMatchObject({ status: 'completed', report });
    expect(statuses[0]).toBe('running');
    expect(statuses.at(-1)).toBe('completed');

    // The next sync finds nothing to push and nothing new to apply.
    const round = await client.sync.syncNow();
    expect(round).toMatchObject({ pushed: 0, conflicts: 0, failed: 0 });
    expect(client.heroes.list()).toHaveLength(2);

    const rollback = await client.migration.rollback();
    expect(rollback.removedLocally).toBe(7);
    expect(client.heroes.list()).toHaveLength(0);
    expect(client.stories.list()).toHaveLength(0);
    const user = (await client.user.profile()).id;
    expect(serverRows(backend, user).heroes).toHaveLength(0);
    expect(client.migration.getSnapshot().status).toBe('rolled-back');
    await client.close();
  });

  it('resume() continues after a restart from the export kept in storage', async () => {
    const backend = newBackend();
    const storage = memoryStorage();
    const log: string[] = [];
    const first = clientOf(backend, storage, log);
    await first.ready;
    const account = { email: 'restart@example.test', password: 'password-123', name: 'Restart' };
    await first.auth.signUp(account);
    const controller = new AbortController();
    const error = await first.migration
      .run(sampleExport(), {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.step === 'stories') controller.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(isMigrationError(error) && error.resumable).toBe(true);
    expect(first.migration.getSnapshot().status).toBe('failed');
    await first.close();

    const second = clientOf(backend, storage, log);
    await second.ready;
    await second.auth.signIn(account);
    const report = await second.migration.resume();
    expect(report.status).toBe('completed');
    expect(second.stories.list()).toHaveLength(3);
    expect(log.filter((line) => line === 'POST /api/batch')).toHaveLength(1);
    await second.close();
  });

  it('refuses to run signed out', async () => {
    const client = clientOf(newBackend(), memoryStorage(), []);
    await client.ready;
    await expect(client.migration.run(sampleExport())).rejects.toMatchObject({
      name: 'MigrationError',
      kind: 'auth',
    });
    await client.close();
  });
});
