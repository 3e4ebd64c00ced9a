/**
 * Rollback leaves the server as it was before the migration: on request after success, after
 * an interruption with an unanswered chunk, and automatically when the server refuses data.
 */
import { describe, expect, it } from 'vitest';
import {
  migrateLegacyLibrary,
  rollbackLegacyMigration,
} from '../../src/migration/migrate-legacy-library.js';
import { isMigrationError } from '../../src/migration/migration-error.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { openLocalStore } from '../../src/store/local-store.js';
import type { FakeBackend } from '../../src/testing/index.js';
import {
  type Account,
  instant,
  memoryCheckpoints,
  newAccount,
  newBackend,
  sampleExport,
  serverRows,
} from './support.js';

/** The whole database as JSON, every user included. */
function dump(backend: FakeBackend): string {
  const { db } = backend;
  return JSON.stringify({
    heroes: [...db.heroes.values()],
    stories: [...db.stories.values()],
    customEvents: [...db.customEvents.values()],
    visualProfiles: [...db.visualProfiles.values()],
  });
}

async function existingLibrary(account: Account): Promise<void> {
  const hero = await account.api.heroes.create({
    name: 'Luna',
    age: 7,
    traits: ['brave', 'curious'],
  });
  await account.api.stories.generate({ heroId: hero.id, language: 'en' });
  await account.api.customEvents.create({ title: 'Moon trip', promptSeed: 'A trip to the moon' });
}

describe('rollback', () => {
  it('after a completed migration restores the server and removes the local records', async () => {
    const backend = newBackend();
    const account = await newAccount(backend);
    const other = await newAccount(backend);
    await existingLibrary(account);
    await existingLibrary(other);
    const before = dump(backend);
    const checkpoints = memoryCheckpoints();
    const store = await openLocalStore({ storage: memoryStorage(), userId: account.userId });
    const options = {
      client: { api: account.api },
      checkpointStore: checkpoints,
      store,
      sleep: instant,
    };
    await migrateLegacyLibrary(sampleExport(), options);
    expect(serverRows(backend, account.userId).heroes).toHaveLength(3);
    expect(store.list('heroes')).toHaveLength(2);

    const report = await rollbackLegacyMigration(sampleExport(), options);
    expect(dump(backend)).toBe(before);
    expect(report.deleted).toEqual({ heroes: 2, customEvents: 1 });
    expect(report.counts.after).toEqual(report.counts.before);
    expect(report.removedLocally).toBe(7);
    expect(store.list('heroes')).toHaveLength(0);
    expect(store.list('stories')).toHaveLength(0);
    expect(checkpoints.docs.size).toBe(0);
    // A second rollback has nothing to act on.
    await expect(rollbackLegacyMigration(sampleExport(), options)).rejects.toMatchObject({
      kind: 'no-migration',
    });
  });

  it('after an interruption also deletes the rows of a chunk whose answer was lost', async () => {
    const backend = newBackend();
    const account = await newAccount(backend);
    await existingLibrary(account);
    const before = dump(backend);
    const controller = new AbortController();
    account.fault = (request) =>
      new URL(request.url).pathname === '/api/batch/stories' ? 'kill-after' : 'none';
    account.onKill = () => controller.abort(new Error('killed'));
    const options = {
      client: { api: account.api },
      checkpointStore: memoryCheckpoints(),
      sleep: instant,
    };
    const failure = await migrateLegacyLibrary(sampleExport(), {
      ...options,
      signal: controller.signal,
    }).catch((error: unknown) => error);
    expect(isMigrationError(failure) && failure.kind === 'aborted' && failure.resumable).toBe(true);
    expect(serverRows(backend, account.userId).stories).toHaveLength(4); // the phantom chunk landed
    account.fault = null;

    await rollbackLegacyMigration(sampleExport(), options);
    expect(dump(backend)).toBe(before);
  });

  it('happens automatically when the server refuses the data, and says so', async () => {
    const backend = newBackend();
    const account = await newAccount(backend);
    await existingLibrary(account);
    const before = dump(backend);
    backend.faults.failNext(1, {
      status: 400,
      body: JSON.stringify({ error: 'Invalid request: stories must be an array' }),
      match: { method: 'POST', path: '/api/batch/stories' },
    });
    const checkpoints = memoryCheckpoints();
    const failure = await migrateLegacyLibrary(sampleExport(), {
      client: { api: account.api },
      checkpointStore: checkpoints,
      sleep: instant,
    }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'MigrationError', kind: 'rejected', rolledBack: true });
    expect(String((failure as Error).message)).toMatch(
      /rolled back \(2 heroes and 1 custom events/,
    );
    expect(dump(backend)).toBe(before);
    expect(checkpoints.docs.size).toBe(0);
  });
});
