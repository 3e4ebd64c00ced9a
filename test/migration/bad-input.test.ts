/**
 * Bad input and bad conditions: an invalid export is refused before anything is sent, with
 * every problem listed; unknown versions are refused clearly; a dead session stops before
 * uploading; server errors and rate limits pause and resume instead of duplicating.
 */
import { describe, expect, it } from 'vitest';
import type { LegacyExportInput } from '../../src/migration/export-format.js';
import {
  migrateLegacyLibrary,
  resumeLegacyMigration,
} from '../../src/migration/migrate-legacy-library.js';
import { isMigrationError, type MigrationError } from '../../src/migration/migration-error.js';
import {
  instant,
  memoryCheckpoints,
  newAccount,
  newBackend,
  sampleExport,
  serverRows,
} from './support.js';

async function failure(promise: Promise<unknown>): Promise<MigrationError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isMigrationError(error)) throw new Error(`expected a MigrationError, got ${String(error)}`);
  return error;
}

describe('bad input', () => {
  it('lists every problem of an invalid export and sends nothing', async () => {
    const backend = newBackend();
    const account = await newAccount(backend);
    const data = sampleExport() as LegacyExportInput & { heroes: Record<string, unknown>[] };
    const broken = {
      ...data,
      heroes: [{ ...data.heroes[0], age: 'seven', primaryTrait: '' }, data.heroes[1]],
      stories: [
        { ...data.stories[0], heroId: 'h-nobody' },
        { ...data.stories[1], unknownField: 1 },
      ],
    };
    const error = await failure(
      migrateLegacyLibrary(broken, {
        client: { api: account.api },
        checkpointStore: memoryCheckpoints(),
      }),
    );
    expect(error.kind).toBe('invalid-export');
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'heroes.0.age',
      'heroes.0.primaryTrait',
      'stories.1',
    ]);
    expect(error.message).toMatch(/nothing was sent/);
    expect(account.log).toEqual([]);

    const dangling = {
      ...sampleExport(),
      stories: [{ ...sampleExport().stories[0], heroId: 'h-nobody' }],
    };
    const references = await failure(
      migrateLegacyLibrary(dangling, {
        client: { api: account.api },
        checkpointStore: memoryCheckpoints(),
      }),
    );
    expect(references.issues).toEqual([
      { path: 'stories.0.heroId', message: 'hero "h-nobody" is not in the export' },
    ]);
    expect(account.log).toEqual([]);
  });

  it('refuses unknown versions and other documents with a clear message', async () => {
    const account = await newAccount(newBackend());
    const options = { client: { api: account.api }, checkpointStore: memoryCheckpoints() };
    const future = await failure(migrateLegacyLibrary({ ...sampleExport(), version: 2 }, options));
    expect(future.kind).toBe('unsupported-version');
    expect(future.message).toMatch(/version 2 is not supported \(this SDK reads version 1\)/);
    const other = await failure(migrateLegacyLibrary({ heroes: [] }, options));
    expect(other.kind).toBe('unsupported-version');
    expect(other.message).toMatch(/not an InfiniteStories legacy export/);
    await expect(migrateLegacyLibrary(null, options)).rejects.toMatchObject({
      kind: 'unsupported-version',
    });
    expect(account.log).toEqual([]);
  });

  it('a dry run validates and plans without sending anything', async () => {
    const account = await newAccount(newBackend());
    const report = await migrateLegacyLibrary(sampleExport(), {
      client: { api: account.api },
      checkpointStore: memoryCheckpoints(),
      dryRun: true,
    });
    expect(report.status).toBe('dry-run');
    expect(report.plan.counts).toEqual({
      heroes: 2,
      stories: 3,
      customEvents: 1,
      visualProfiles: 1,
      illustrations: 1,
      mediaFiles: 3,
    });
    expect(report.plan.requests).toBe(10);
    expect(account.log).toEqual([]);
  });

  it('stops before uploading when the session is dead', async () => {
    const backend = newBackend();
    const account = await newAccount(backend);
    backend.expireSession(account.token);
    const error = await failure(
      migrateLegacyLibrary(sampleExport(), {
        client: { api: account.api },
        checkpointStore: memoryCheckpoints(),
      }),
    );
    expect(error.kind).toBe('auth');
    expect(account.log).toEqual(['GET /api/v1/user/profile']);
  });

  it('server errors pause with backoff and the upload goes on without duplicates', async () => {
    const backend = newBackend();
    const account = await newAccount(backend);
    const waits: number[] = [];
    backend.faults.failNext(2, { status: 503, match: { path: '/api/batch' } });
    backend.faults.dropResponse(1, { path: '/api/batch/stories' });
    await migrateLegacyLibrary(sampleExport(), {
      client: { api: account.api },
      checkpointStore: memoryCheckpoints(),
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    expect(waits).toEqual([1_000, 2_000, 1_000]);
    const rows = serverRows(backend, account.userId);
    expect([rows.heroes.length, rows.stories.length]).toEqual([2, 3]);
  });

  it('waits for a short rate limit, and stops resumable on a long one', async () => {
    const backend = newBackend();
    const account = await newAccount(backend);
    const limited = (minutes: number) => ({
      status: 429,
      body: JSON.stringify({
        error: 'RateLimitExceeded',
        message: `Rate limit exceeded for batch. Resets at ${new Date(Date.now() + minutes * 60_000).toISOString()}. Limit: 5 requests per hour.`,
      }),
      match: { path: '/api/batch' },
    });
    const waits: number[] = [];
    const checkpoints = memoryCheckpoints();
    const options = {
      client: { api: account.api },
      checkpointStore: checkpoints,
      sleep: async (ms: number) => {
        waits.push(ms);
      },
    };
    backend.faults.failNext(1, limited(30));
    const stopped = await failure(migrateLegacyLibrary(sampleExport(), options));
    expect(stopped).toMatchObject({ kind: 'interrupted', resumable: true });
    expect(serverRows(backend, account.userId).heroes).toHaveLength(0);

    backend.faults.failNext(1, limited(0.5));
    await resumeLegacyMigration(sampleExport(), options);
    expect(waits.length).toBe(1);
    expect(waits[0]).toBeGreaterThan(20_000);
    expect(waits[0]).toBeLessThanOrEqual(30_000);
    expect(serverRows(backend, account.userId).heroes).toHaveLength(2);
  });

  it('an aborted migration resumes where it stopped', async () => {
    const backend = newBackend();
    const account = await newAccount(backend);
    const controller = new AbortController();
    const checkpoints = memoryCheckpoints();
    const options = { client: { api: account.api }, checkpointStore: checkpoints, sleep: instant };
    const stopped = await failure(
      migrateLegacyLibrary(sampleExport(), {
        ...options,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.step === 'customEvents') controller.abort();
        },
      }),
    );
    expect(stopped).toMatchObject({ kind: 'aborted', resumable: true });
    expect(serverRows(backend, account.userId).stories).toHaveLength(0);
    const report = await resumeLegacyMigration(sampleExport(), options);
    expect(report.status).toBe('completed');
    expect(account.log.filter((line) => line === 'POST /api/batch')).toHaveLength(1);
    const rows = serverRows(backend, account.userId);
    expect([rows.heroes.length, rows.customEvents.length, rows.stories.length]).toEqual([2, 1, 3]);
  });

  it('an abort during the local steps also stops resumable, and resume finishes', async () => {
    const backend = newBackend();
    const account = await newAccount(backend);
    const controller = new AbortController();
    const options = {
      client: { api: account.api },
      checkpointStore: memoryCheckpoints(),
      sleep: instant,
    };
    const stopped = await failure(
      migrateLegacyLibrary(sampleExport(), {
        ...options,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.step === 'media') controller.abort();
        },
      }),
    );
    expect(stopped).toMatchObject({ kind: 'aborted', resumable: true });
    const report = await resumeLegacyMigration(sampleExport(), options);
    expect(report.status).toBe('completed');
    expect(serverRows(backend, account.userId).stories).toHaveLength(3);
  });

  it('resume() without a migration says so', async () => {
    const account = await newAccount(newBackend());
    const error = await failure(
      resumeLegacyMigration(sampleExport(), {
        client: { api: account.api },
        checkpointStore: memoryCheckpoints(),
      }),
    );
    expect(error.kind).toBe('no-migration');
  });
});
