/**
 * A rollback never deletes what another device made or changed, nor what this device has not
 * synced yet: a migrated hero is deleted (with everything under it) only while it and all its
 * stories and profile are exactly what the migration made, a custom event only while unchanged
 * and unused by a kept story. The other device is the same account's API, driven by the test
 * between the upload and the rollback; the backend clock moves a second before each of its
 * edits (an edit in the creating millisecond cannot be told apart, see 0043).
 */
import { describe, expect, it } from 'vitest';
import {
  migrateLegacyLibrary,
  rollbackLegacyMigration,
} from '../../src/migration/migrate-legacy-library.js';
import type { MigrateLegacyLibraryOptions } from '../../src/migration/migration-options.js';
import type { MigrationReport } from '../../src/migration/migration-report.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { type LocalStore, openLocalStore } from '../../src/store/local-store.js';
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

interface Setup {
  readonly backend: FakeBackend;
  readonly account: Account;
  readonly store: LocalStore;
  readonly checkpoints: ReturnType<typeof memoryCheckpoints>;
  readonly options: MigrateLegacyLibraryOptions;
}

async function setUp(): Promise<Setup> {
  const backend = newBackend();
  const account = await newAccount(backend);
  const store = await openLocalStore({ storage: memoryStorage(), userId: account.userId });
  const checkpoints = memoryCheckpoints();
  const options = {
    client: { api: account.api },
    checkpointStore: checkpoints,
    store,
    sleep: instant,
  };
  return { backend, account, store, checkpoints, options };
}

/** Migrates, then lets a second pass of the clock separate the other device's edits. */
async function migrated(setup: Setup): Promise<MigrationReport> {
  const report = await migrateLegacyLibrary(sampleExport(), setup.options);
  setup.backend.clock.advance(1_000);
  return report;
}

const ids = (rows: readonly { id: string }[]) => rows.map((row) => row.id).sort();

/** The sample export with `count` more stories under Max (a listing page holds 100). */
function withMaxStories(count: number) {
  const big = sampleExport();
  for (let n = 0; n < count; n++) {
    big.stories.push({ id: `s-max-${n}`, heroId: 'h-max', title: `Kite ${n}`, content: 'Up.' });
  }
  return big;
}

describe('rollback keeps what it did not make', () => {
  it('keeps a hero whose story another device edited, with its stories, profile and event', async () => {
    const setup = await setUp();
    const { backend, account, store } = setup;
    const report = await migrated(setup);
    const luna = report.ids.heroes['h-luna'] ?? '';
    const s1 = report.ids.stories['s-1'] ?? '';
    const moon = report.ids.customEvents['e-moon'] ?? '';
    await account.api.stories.update(s1, { title: 'The Owl Council, retold' });

    const rollback = await rollbackLegacyMigration(sampleExport(), setup.options);
    const rows = serverRows(backend, account.userId);
    expect(ids(rows.heroes)).toEqual([luna]);
    expect(rows.stories.find((s) => s.id === s1)?.title).toBe('The Owl Council, retold');
    expect(ids(rows.stories)).toEqual(ids([{ id: s1 }, { id: report.ids.stories['s-2'] ?? '' }]));
    expect(rows.visualProfiles).toHaveLength(1);
    expect(rows.customEvents.map((e) => e.id)).toEqual([moon]);
    expect(rows.stories.find((s) => s.id !== s1)?.customEventId).toBe(moon);
    // Locally too: Luna, her profile and stories, the event stay; Max and his story go.
    expect(store.list('heroes').map((h) => h.serverId)).toEqual([luna]);
    expect(store.list('stories')).toHaveLength(2);
    expect(store.list('visualProfiles')).toHaveLength(1);
    expect(store.list('customEvents')).toHaveLength(1);
    expect(rollback.removedLocally).toBe(2);
    expect(rollback.kept).toEqual([
      {
        collection: 'heroes',
        legacyId: 'h-luna',
        serverId: luna,
        reason: 'changed-elsewhere',
        because: { collection: 'stories', serverId: s1 },
      },
      {
        collection: 'customEvents',
        legacyId: 'e-moon',
        serverId: moon,
        reason: 'used-by-kept-story',
        because: { collection: 'stories', serverId: report.ids.stories['s-2'] },
      },
    ]);
    expect(rollback.deleted).toEqual({ heroes: 1, customEvents: 0 });
    expect(setup.checkpoints.docs.size).toBe(0);
  });

  it('keeps a hero another device added a story to, and an event it generated a story with', async () => {
    const setup = await setUp();
    const { backend, account } = setup;
    const report = await migrated(setup);
    const max = report.ids.heroes['h-max'] ?? '';
    const moon = report.ids.customEvents['e-moon'] ?? '';
    const own = await account.api.heroes.create({ name: 'Pip', age: 6, traits: ['kind'] });
    const added = await account.api.stories.generate({ heroId: max, language: 'en' });
    const withEvent = await account.api.stories.generate({
      heroId: own.id,
      language: 'en',
      customEventId: moon,
    });

    const rollback = await rollbackLegacyMigration(sampleExport(), setup.options);
    const rows = serverRows(backend, account.userId);
    expect(ids(rows.heroes)).toEqual(ids([own, { id: max }]));
    expect(ids(rows.stories)).toEqual(
      ids([added, withEvent, { id: report.ids.stories['s-3'] ?? '' }]),
    );
    expect(rows.stories.find((s) => s.id === withEvent.id)?.customEventId).toBe(moon);
    expect(rollback.kept.map((k) => [k.legacyId, k.reason, k.because.serverId])).toEqual([
      ['h-max', 'added-elsewhere', added.id],
      ['e-moon', 'changed-elsewhere', moon],
    ]);
  });

  it('keeps a hero whose story has a local change not synced yet', async () => {
    const setup = await setUp();
    const { backend, account, store } = setup;
    const report = await migrated(setup);
    const max = report.ids.heroes['h-max'] ?? '';
    const s3 = report.ids.stories['s-3'] ?? '';
    await store.update('stories', store.toLocalId('stories', s3), {
      title: 'Max and the Red Kite',
    });

    const rollback = await rollbackLegacyMigration(sampleExport(), setup.options);
    expect(ids(serverRows(backend, account.userId).stories)).toEqual([s3]);
    const local = store.get('stories', store.toLocalId('stories', s3));
    expect(local).toMatchObject({ title: 'Max and the Red Kite', syncStatus: 'pendingUpdate' });
    expect(store.list('heroes').map((h) => h.serverId)).toEqual([max]);
    expect(rollback.kept).toEqual([
      {
        collection: 'heroes',
        legacyId: 'h-max',
        serverId: max,
        reason: 'pending-local-change',
        because: { collection: 'stories', serverId: s3 },
      },
    ]);
  });

  it('a verification that finds a row edited after the upload lists it and does not roll back', async () => {
    const setup = await setUp();
    const { backend, account } = setup;
    let edited = '';
    account.beforeRequest = async (request) => {
      const url = new URL(request.url);
      if (edited || request.method !== 'GET' || url.pathname !== '/api/v1/stories') return;
      const story = serverRows(backend, account.userId).stories.find((s) => s.title === 'Moon');
      if (!story) return;
      edited = story.id;
      account.beforeRequest = null;
      backend.clock.advance(1_000);
      await account.api.stories.update(story.id, { title: 'Moon, edited on the tablet' });
    };
    const report = await migrateLegacyLibrary(sampleExport(), setup.options);
    expect(edited).not.toBe('');
    expect(report.status).toBe('completed');
    expect(report.verification?.mismatches).toEqual([]);
    expect(report.verification?.changedElsewhere).toEqual([
      { path: 'stories.1', message: expect.stringMatching(/changed on the server after/) },
    ]);
    const story = serverRows(backend, account.userId).stories.find((s) => s.id === edited);
    expect(story?.title).toBe('Moon, edited on the tablet');
  });

  it('the automatic rollback after a refusal keeps a hero edited elsewhere meanwhile', async () => {
    const setup = await setUp();
    const { backend, account } = setup;
    account.beforeRequest = async (request) => {
      if (new URL(request.url).pathname !== '/api/batch/stories') return;
      account.beforeRequest = null;
      const luna = serverRows(backend, account.userId).heroes.find((h) => h.name === 'Luna');
      backend.clock.advance(1_000);
      await account.api.heroes.update(luna?.id ?? '', { name: 'Luna Moonbeam' });
    };
    backend.faults.failNext(1, {
      status: 400,
      body: JSON.stringify({ error: 'Invalid request: stories must be an array' }),
      match: { method: 'POST', path: '/api/batch/stories' },
    });
    const failure = await migrateLegacyLibrary(sampleExport(), setup.options).catch(
      (error: unknown) => error,
    );
    const rows = serverRows(backend, account.userId);
    expect(rows.heroes.map((h) => h.name)).toEqual(['Luna Moonbeam']);
    expect(rows.visualProfiles).toHaveLength(1);
    expect(rows.customEvents).toHaveLength(0);
    expect(failure).toMatchObject({ name: 'MigrationError', kind: 'rejected', rolledBack: true });
    expect(String((failure as Error).message)).toMatch(
      /1 heroes and 1 custom events deleted on the server; kept because .*heroes \S+ \(changed-elsewhere\)/,
    );
  });

  it('an edit made while a hero DELETE waits for its retry keeps the hero', async () => {
    const setup = await setUp();
    const { backend, account } = setup;
    const report = await migrated(setup);
    const luna = report.ids.heroes['h-luna'] ?? '';
    const s1 = report.ids.stories['s-1'] ?? '';
    let failed = false;
    account.fault = (request) => {
      const isDelete = request.method === 'DELETE' && new URL(request.url).pathname.endsWith(luna);
      if (!isDelete || failed) return 'none';
      failed = true;
      return '503';
    };
    let renamed = false;
    const sleep = async () => {
      if (renamed) return;
      renamed = true;
      backend.clock.advance(1_000);
      await account.api.stories.update(s1, { title: 'The Owl Council, retold' });
    };

    const rollback = await rollbackLegacyMigration(sampleExport(), { ...setup.options, sleep });
    expect(failed && renamed).toBe(true);
    const rows = serverRows(backend, account.userId);
    expect(ids(rows.heroes)).toEqual([luna]);
    expect(rows.stories.find((s) => s.id === s1)?.title).toBe('The Owl Council, retold');
    expect(rollback.kept[0]).toMatchObject({
      legacyId: 'h-luna',
      reason: 'changed-elsewhere',
      because: { collection: 'stories', serverId: s1 },
    });
    expect(rollback.deleted).toEqual({ heroes: 1, customEvents: 0 });
  });

  it('keeps a hero of 101 stories whose story on page 2 was edited while another was deleted between the pages', async () => {
    const setup = await setUp();
    const { backend, account } = setup;
    const big = withMaxStories(100);
    const report = await migrateLegacyLibrary(big, setup.options);
    backend.clock.advance(1_000);
    const max = report.ids.heroes['h-max'] ?? '';
    const page2 = await account.api.stories.list({ heroId: max, limit: 100, offset: 100 });
    const onPage2 = page2.stories[0]?.id ?? '';
    await account.api.stories.update(onPage2, { title: 'Kite, retold' });
    let deleted = '';
    account.beforeRequest = async (request) => {
      const url = new URL(request.url);
      if (url.pathname !== '/api/v1/stories' || url.searchParams.get('offset') !== '100') return;
      account.beforeRequest = null;
      const page1 = await account.api.stories.list({ heroId: max, limit: 100, offset: 0 });
      deleted = page1.stories.find((s) => s.id !== onPage2)?.id ?? '';
      await account.api.stories.delete(deleted);
    };

    const rollback = await rollbackLegacyMigration(big, setup.options);
    expect(deleted).not.toBe('');
    const rows = serverRows(backend, account.userId);
    expect(rows.heroes.map((h) => h.id)).toContain(max);
    expect(rows.stories.find((s) => s.id === onPage2)?.title).toBe('Kite, retold');
    expect(rows.stories.filter((s) => s.heroId === max)).toHaveLength(100);
    expect(rollback.kept.find((k) => k.legacyId === 'h-max')).toMatchObject({
      reason: 'changed-elsewhere',
      because: { collection: 'stories', serverId: onPage2 },
    });
  });

  it('keeps a hero whose stories listing moves between its pages every time it is read', async () => {
    const setup = await setUp();
    const { backend, account } = setup;
    const big = withMaxStories(110);
    const report = await migrateLegacyLibrary(big, setup.options);
    const max = report.ids.heroes['h-max'] ?? '';
    const deleted: string[] = [];
    const hook = async (request: Request) => {
      const url = new URL(request.url);
      if (url.pathname !== '/api/v1/stories' || url.searchParams.get('offset') !== '100') return;
      account.beforeRequest = null;
      const page1 = await account.api.stories.list({ heroId: max, limit: 1, offset: 0 });
      const id = page1.stories[0]?.id ?? '';
      await account.api.stories.delete(id);
      deleted.push(id);
      account.beforeRequest = hook;
    };
    account.beforeRequest = hook;

    const rollback = await rollbackLegacyMigration(big, setup.options);
    account.beforeRequest = null;
    expect(deleted).toHaveLength(3);
    expect(serverRows(backend, account.userId).heroes.map((h) => h.id)).toContain(max);
    expect(rollback.kept.find((k) => k.legacyId === 'h-max')).toMatchObject({
      reason: 'changed-elsewhere',
      because: { collection: 'heroes', serverId: max },
    });
  });

  it('an interrupted rollback run again ends the same', async () => {
    const setup = await setUp();
    const { backend, account } = setup;
    const report = await migrated(setup);
    const s1 = report.ids.stories['s-1'] ?? '';
    await account.api.stories.update(s1, { title: 'The Owl Council, retold' });
    const controller = new AbortController();
    account.fault = (request) =>
      request.method === 'DELETE' && new URL(request.url).pathname.startsWith('/api/v1/heroes/')
        ? 'kill-after'
        : 'none';
    account.onKill = () => controller.abort(new Error('killed'));
    const failure = await rollbackLegacyMigration(sampleExport(), {
      ...setup.options,
      signal: controller.signal,
    }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'MigrationError', kind: 'aborted' });
    account.fault = null;
    expect(serverRows(backend, account.userId).heroes).toHaveLength(1); // Max went

    const rollback = await rollbackLegacyMigration(sampleExport(), setup.options);
    expect(rollback.deleted).toEqual({ heroes: 1, customEvents: 0 });
    expect(rollback.kept.map((k) => [k.legacyId, k.reason])).toEqual([
      ['h-luna', 'changed-elsewhere'],
      ['e-moon', 'used-by-kept-story'],
    ]);
    const rows = serverRows(backend, account.userId);
    expect(ids(rows.heroes)).toEqual([report.ids.heroes['h-luna']]);
    expect(rows.stories).toHaveLength(2);
    expect(setup.store.list('stories')).toHaveLength(2);
    expect(setup.checkpoints.docs.size).toBe(0);
  });
});

describe('rollback of an older checkpoint', () => {
  it('reads it; rows the migration PATCHed (no recorded write) count as changed and stay', async () => {
    const setup = await setUp();
    const { backend, account, checkpoints } = setup;
    // The follow-up PATCHes land a second after the creates (the same millisecond would hide them).
    account.beforeRequest = async (request) => {
      if (request.method === 'PATCH') backend.clock.advance(1_000);
    };
    const report = await migrated(setup);
    // A checkpoint written before `written` existed.
    const [id, text] = [...checkpoints.docs][0] ?? ['', '{}'];
    const { written, ...older } = JSON.parse(text) as Record<string, unknown>;
    expect(written).toBeDefined();
    checkpoints.docs.set(id, JSON.stringify(older));

    const rollback = await rollbackLegacyMigration(sampleExport(), setup.options);
    const rows = serverRows(backend, account.userId);
    expect(ids(rows.heroes)).toEqual([report.ids.heroes['h-luna']]);
    expect(rows.customEvents.map((e) => e.id)).toEqual([report.ids.customEvents['e-moon']]);
    expect(rollback.kept.map((k) => [k.legacyId, k.reason, k.because.collection])).toEqual([
      ['h-luna', 'changed-elsewhere', 'heroes'],
      ['e-moon', 'changed-elsewhere', 'customEvents'],
    ]);
    expect(rollback.deleted).toEqual({ heroes: 1, customEvents: 0 });
  });
});
