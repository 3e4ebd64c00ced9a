/**
 * The migration end to end against the fake backend: mapping, checkpoints, media re-keying,
 * the report, resume after lost answers, and that the legacy data is never changed.
 */
import { describe, expect, it } from 'vitest';
import {
  migrateLegacyLibrary,
  resumeLegacyMigration,
} from '../../src/migration/migrate-legacy-library.js';
import type { MigrationProgress } from '../../src/migration/migration-progress.js';
import {
  instant,
  memoryCheckpoints,
  memoryFiles,
  memoryMediaSink,
  newAccount,
  newBackend,
  sampleExport,
  sampleFiles,
  serverRows,
} from './support.js';

describe('migrateLegacyLibrary', () => {
  it('uploads a library with mapped fields, re-keys media and reports what stayed local', async () => {
    const backend = newBackend();
    const account = await newAccount(backend);
    const data = sampleExport();
    const before = JSON.stringify(data);
    const media = memoryMediaSink();
    const files = memoryFiles(sampleFiles());
    const events: MigrationProgress[] = [];
    const report = await migrateLegacyLibrary(data, {
      client: { api: account.api, media },
      checkpointStore: memoryCheckpoints(),
      readMedia: files.read,
      onProgress: (p) => events.push(p),
      sleep: instant,
    });

    expect(JSON.stringify(data)).toBe(before);
    const rows = serverRows(backend, account.userId);
    expect(rows.heroes).toHaveLength(2);
    const luna = rows.heroes.find((h) => h.name === 'Luna');
    const max = rows.heroes.find((h) => h.name === 'Max');
    expect(luna).toMatchObject({
      age: 7,
      traits: ['brave', 'curious'],
      specialAbilities: ['talks to owls'],
      hairColor: 'brown',
      appearance: 'a yellow raincoat',
    });
    expect(max).toMatchObject({ age: 12, traits: ['kind'], specialAbilities: null });
    expect(rows.visualProfiles).toEqual([
      expect.objectContaining({
        heroId: luna?.id,
        hairStyle: 'braids',
        colorPalette: ['yellow', 'blue'],
      }),
    ]);
    expect(rows.customEvents).toEqual([
      expect.objectContaining({ title: 'Moon trip', isFavorite: true, usageCount: 0 }),
    ]);
    const moon = rows.stories.find((s) => s.title === 'Moon');
    expect(moon).toMatchObject({
      language: 'fr',
      customEventId: rows.customEvents[0]?.id,
      heroId: luna?.id,
    });
    expect(rows.stories.find((s) => s.title === 'The Owl Council')).toMatchObject({
      isFavorite: true,
      eventType: 'Bedtime Adventure',
      playCount: 0,
    });

    expect(report.status).toBe('completed');
    expect(report.requests).toBe(report.plan.requests);
    expect(account.log).toHaveLength(report.plan.requests);
    expect(report.ids.heroes['h-luna']).toBe(luna?.id);
    expect(report.warnings).toEqual([
      { path: 'heroes.1.age', message: 'age 15 is outside 3–12; set to 12' },
    ]);
    expect(report.verification?.counts.stories).toEqual({ expected: 3, found: 3 });
    const s1 = report.ids.stories['s-1'];
    expect([...media.items.keys()].sort()).toEqual(
      [`audio:${s1}:legacy`, `avatar:${luna?.id}:legacy`, `illustration:${s1}/i-1:legacy`].sort(),
    );
    expect([...media.items.values()].every((item) => item.pinned)).toBe(true);
    const kept = report.keptLocally.map((k) => `${k.collection}.${k.legacyId}.${k.field}`).sort();
    expect(kept).toEqual(
      [
        'customEvents.e-moon.usageCount',
        'heroes.h-luna.avatar',
        'heroes.h-luna.createdAt',
        'heroes.h-max.age',
        'illustrations.i-1.illustration',
        'stories.s-1.audio',
        'stories.s-1.lastPlayedAt',
        'stories.s-1.playCount',
      ].sort(),
    );
    expect(report.keptLocally.find((k) => k.field === 'playCount')?.value).toBe(12);
    expect(events.at(-1)).toMatchObject({ step: 'done', overall: 1 });
    const steps = [...new Set(events.map((e) => e.step))];
    expect(steps).toEqual([
      'validate',
      'plan',
      'heroes',
      'visualProfiles',
      'customEvents',
      'stories',
      'verify',
      'media',
      'local',
      'done',
    ]);
  });

  it('a completed checkpoint whose report predates changedElsewhere returns it with []', async () => {
    const backend = newBackend();
    const account = await newAccount(backend);
    const checkpoints = memoryCheckpoints();
    const options = { client: { api: account.api }, checkpointStore: checkpoints, sleep: instant };
    const report = await migrateLegacyLibrary(sampleExport(), options);
    const [id, text] = [...checkpoints.docs][0] ?? ['', '{}'];
    const stored = JSON.parse(text) as { report: { verification: Record<string, unknown> } };
    delete stored.report.verification.changedElsewhere;
    checkpoints.docs.set(id, JSON.stringify(stored));

    const again = await resumeLegacyMigration(sampleExport(), options);
    expect(again.verification?.changedElsewhere).toEqual([]);
    expect(again).toEqual(report);
  });

  it('sends nothing again once completed, and resumes after a lost answer without duplicates', async () => {
    const backend = newBackend();
    const account = await newAccount(backend);
    const checkpoints = memoryCheckpoints();
    backend.faults.dropResponse(1, { method: 'POST', path: '/api/batch/stories' });
    const options = { client: { api: account.api }, checkpointStore: checkpoints, sleep: instant };
    const report = await migrateLegacyLibrary(sampleExport(), options);
    expect(serverRows(backend, account.userId).stories).toHaveLength(3);
    expect(account.log.filter((l) => l === 'POST /api/batch/stories')).toHaveLength(1);
    const sent = account.log.length;
    await expect(resumeLegacyMigration(sampleExport(), options)).resolves.toEqual(report);
    expect(account.log.slice(sent)).toEqual(['GET /api/v1/user/profile']);
    expect(report.keptLocally.find((k) => k.field === 'avatar')?.media).toMatchObject({
      stored: 'left-in-place',
    });
  });
});
