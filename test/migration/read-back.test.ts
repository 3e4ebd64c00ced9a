/**
 * The read-back of the stories while they are uploaded (decision 0037d): a chunk is read back
 * while the next one is sent, what the server changed or lost is still reported, a failed
 * read is made up by the verification, a resumed run reads back everything it did not read
 * itself, and an empty collection is not listed.
 */
import { describe, expect, it } from 'vitest';
import type { LegacyExportInput } from '../../src/migration/export-format.js';
import {
  migrateLegacyLibrary,
  resumeLegacyMigration,
} from '../../src/migration/migrate-legacy-library.js';
import { isMigrationError, type MigrationError } from '../../src/migration/migration-error.js';
import {
  type Account,
  instant,
  memoryCheckpoints,
  newAccount,
  newBackend,
  sampleExport,
  serverRows,
} from './support.js';

const LIST_STORIES = 'GET /api/v1/stories';
const POST_STORIES = 'POST /api/batch/stories';

/** The sample's heroes and event with `count` plain stories (three chunks for 250). */
function library(count: number): LegacyExportInput {
  return {
    ...sampleExport(),
    stories: Array.from({ length: count }, (_, i) => ({
      id: `s-${i}`,
      heroId: i % 2 === 0 ? 'h-luna' : 'h-max',
      title: `Story ${i}`,
      content: `Once upon a time, story ${i}.`,
    })),
  };
}

async function failure(promise: Promise<unknown>): Promise<MigrationError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isMigrationError(error)) throw new Error(`expected a MigrationError, got ${String(error)}`);
  return error;
}

/** Runs `change` once, when the first stories listing reaches the server. */
function onFirstStoriesList(account: Account, change: () => void): void {
  let done = false;
  account.fault = (request) => {
    const url = new URL(request.url);
    if (!done && request.method === 'GET' && url.pathname === '/api/v1/stories') {
      done = true;
      change();
    }
    return 'none';
  };
}

describe('reading the stories back during the upload', () => {
  it('reads a chunk back while the next is sent, and still verifies every story', async () => {
    const backend = newBackend();
    const account = await newAccount(backend);
    const report = await migrateLegacyLibrary(library(250), {
      client: { api: account.api },
      checkpointStore: memoryCheckpoints(),
      sleep: instant,
    });

    const firstList = account.log.indexOf(LIST_STORIES);
    const lastPost = account.log.lastIndexOf(POST_STORIES);
    expect(account.log.filter((line) => line === POST_STORIES)).toHaveLength(3);
    expect(firstList).toBeGreaterThan(-1);
    expect(firstList).toBeLessThan(lastPost);
    expect(report.verification?.counts.stories).toEqual({ expected: 250, found: 250 });
    expect(report.requests).toBe(account.log.length);
    expect(serverRows(backend, account.userId).stories).toHaveLength(250);
  });

  it('reports a story the server changed after creating it, read back during the upload', async () => {
    const backend = newBackend();
    const account = await newAccount(backend);
    onFirstStoriesList(account, () => {
      const first = serverRows(backend, account.userId).stories.find((s) => s.title === 'Story 0');
      if (first) first.title = 'Changed by the server';
    });
    const error = await failure(
      migrateLegacyLibrary(library(250), {
        client: { api: account.api },
        checkpointStore: memoryCheckpoints(),
        sleep: instant,
        rollbackOnFailure: false,
      }),
    );

    expect(account.log.indexOf(LIST_STORIES)).toBeLessThan(account.log.lastIndexOf(POST_STORIES));
    expect(error.kind).toBe('verification');
    expect(error.issues).toEqual([
      { path: 'stories.0', message: 'differs on the server in title' },
    ]);
  });

  it('reports a story the server lost after creating it, read back during the upload', async () => {
    const backend = newBackend();
    const account = await newAccount(backend);
    let lostId = '';
    onFirstStoriesList(account, () => {
      const first = serverRows(backend, account.userId).stories.find((s) => s.title === 'Story 1');
      if (!first) return;
      lostId = first.id;
      backend.db.stories.delete(first.id);
    });
    const error = await failure(
      migrateLegacyLibrary(library(250), {
        client: { api: account.api },
        checkpointStore: memoryCheckpoints(),
        sleep: instant,
        rollbackOnFailure: false,
      }),
    );

    expect(lostId).not.toBe('');
    expect(error.kind).toBe('verification');
    expect(error.issues).toEqual([
      { path: 'stories.1', message: `not found on the server (id ${lostId})` },
    ]);
    expect(account.log).toContain(`GET /api/v1/stories/${lostId}`);
  });

  it('a read during the upload that fails is made up by the verification', async () => {
    const backend = newBackend();
    const account = await newAccount(backend);
    let failed = 0;
    account.fault = (request) => {
      const url = new URL(request.url);
      if (failed < 2 && request.method === 'GET' && url.pathname === '/api/v1/stories') {
        failed++;
        return '503';
      }
      return 'none';
    };
    const report = await migrateLegacyLibrary(library(250), {
      client: { api: account.api },
      checkpointStore: memoryCheckpoints(),
      sleep: instant,
    });

    expect(failed).toBe(2);
    expect(report.status).toBe('completed');
    expect(report.verification?.counts.stories).toEqual({ expected: 250, found: 250 });
  });

  it('a run stopped during the verification is resumed with everything read back again', async () => {
    const backend = newBackend();
    const account = await newAccount(backend);
    const controller = new AbortController();
    const options = {
      client: { api: account.api },
      checkpointStore: memoryCheckpoints(),
      sleep: instant,
    };
    account.onKill = () => controller.abort();
    account.fault = (request) =>
      request.method === 'GET' && new URL(request.url).pathname === '/api/v1/heroes'
        ? 'kill-before'
        : 'none';
    const stopped = await failure(
      migrateLegacyLibrary(library(250), { ...options, signal: controller.signal }),
    );
    expect(stopped).toMatchObject({ kind: 'aborted', resumable: true });
    expect(account.log.filter((line) => line === LIST_STORIES).length).toBeGreaterThan(0);

    account.fault = null;
    const sent = account.log.length;
    const report = await resumeLegacyMigration(library(250), options);
    const resumed = account.log.slice(sent);
    expect(report.verification?.counts.stories).toEqual({ expected: 250, found: 250 });
    expect(resumed.filter((line) => line === POST_STORIES)).toEqual([]);
    // Nothing read before the stop counts: the resumed run lists all 250 stories again.
    expect(resumed.filter((line) => line === LIST_STORIES)).toHaveLength(3);
    expect(serverRows(backend, account.userId).stories).toHaveLength(250);
  });

  it('does not list a collection the export has nothing of', async () => {
    const account = await newAccount(newBackend());
    const data: LegacyExportInput = { ...library(0), customEvents: [], visualProfiles: [] };
    const report = await migrateLegacyLibrary(data, {
      client: { api: account.api },
      checkpointStore: memoryCheckpoints(),
      sleep: instant,
    });

    expect(report.verification?.counts.heroes).toEqual({ expected: 2, found: 2 });
    expect(account.log).not.toContain(LIST_STORIES);
    expect(account.log).not.toContain('GET /api/v1/custom-events');
    expect(report.requests).toBe(report.plan.requests);
  });
});
