/**
 * Zero loss, as a property: random legacy libraries migrated through random faults (5xx,
 * refused connections, lost answers, timeouts) and random kills of the process followed by a
 * resume. Whatever happens, the server ends with exactly one copy of every hero, story,
 * custom event and visual profile with the mapped fields, the legacy data is unchanged, the
 * local store holds the migrated records as synced, and everything the backend cannot take
 * is in the report and still on the device.
 *
 * Runs: MIGRATION_PROPERTY_RUNS (default 25); a failing seed prints with its path.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LegacyExportInput } from '../../src/migration/export-format.js';
import { migrateLegacyLibrary } from '../../src/migration/migrate-legacy-library.js';
import { isMigrationError } from '../../src/migration/migration-error.js';
import type { MigrationReport } from '../../src/migration/migration-report.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { type LocalStore, openLocalStore } from '../../src/store/local-store.js';
import {
  type Fault,
  instant,
  memoryCheckpoints,
  memoryFiles,
  memoryMediaSink,
  newAccount,
  newBackend,
  serverRows,
} from './support.js';

const RUNS = Number(process.env.MIGRATION_PROPERTY_RUNS ?? 25);
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const heroArb = fc.record({
  name: fc.constantFrom('Luna', 'Max', 'Ada'),
  age: opt(fc.integer({ min: 1, max: 14 })),
  primaryTrait: fc.constantFrom('brave', 'kind'),
  secondaryTrait: opt(fc.constantFrom('kind', 'shy', '')),
  specialAbility: opt(fc.constantFrom('flies', 'sings')),
  appearance: opt(fc.constantFrom('a red coat')),
  avatar: fc.boolean(),
  profile: fc.boolean(),
});
const storyArb = fc.record({
  hero: fc.nat(),
  title: fc.constantFrom('Owls', 'Kites'),
  content: fc.constantFrom('Once.', 'Twice.'),
  event: opt(fc.nat()),
  isFavorite: opt(fc.boolean()),
  language: opt(fc.constantFrom('fr', 'en')),
  playCount: fc.nat(3),
  illustrations: fc.nat(2),
  audio: fc.boolean(),
});
const eventArb = fc.record({
  title: fc.constantFrom('Moon', 'Sea'),
  isFavorite: fc.boolean(),
  usageCount: fc.nat(2),
});
const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 10, arbitrary: fc.constant('none' as const) },
  { weight: 1, arbitrary: fc.constant('network' as const) },
  { weight: 1, arbitrary: fc.constant('503' as const) },
  { weight: 2, arbitrary: fc.constant('lost' as const) },
  { weight: 1, arbitrary: fc.constant('hang' as const) },
  { weight: 1, arbitrary: fc.constant('kill-before' as const) },
  { weight: 2, arbitrary: fc.constant('kill-after' as const) },
);

const scenarioArb = fc.record({
  heroes: fc.array(heroArb, { minLength: 1, maxLength: 6 }),
  stories: fc.array(storyArb, { maxLength: 12 }),
  events: fc.array(eventArb, { maxLength: 3 }),
  faults: fc.array(faultArb, { maxLength: 40 }),
  batchSize: fc.integer({ min: 1, max: 5 }),
  missingFiles: fc.boolean(),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function library(s: Scenario): { data: LegacyExportInput; files: Record<string, Uint8Array> } {
  const files: Record<string, Uint8Array> = {};
  const file = (path: string, contentType: string) => {
    files[path] = new Uint8Array([path.length, 1, 2, 3]);
    return { path, contentType };
  };
  const heroes = s.heroes.map(({ avatar, profile: _, ...hero }, i) => ({
    id: `h${i}`,
    ...hero,
    ...(avatar ? { avatar: file(`h${i}.png`, 'image/png') } : {}),
  }));
  const customEvents = s.events.map((event, i) => ({ id: `e${i}`, promptSeed: 'seed', ...event }));
  const stories = s.stories.map((story, i) => ({
    id: `s${i}`,
    heroId: `h${story.hero % heroes.length}`,
    title: story.title,
    content: story.content,
    isFavorite: story.isFavorite,
    language: story.language,
    playCount: story.playCount,
    customEventId:
      story.event === undefined || customEvents.length === 0
        ? undefined
        : `e${story.event % customEvents.length}`,
    ...(story.audio ? { audio: file(`s${i}.mp3`, 'audio/mpeg') } : {}),
    illustrations: Array.from({ length: story.illustrations }, (_, n) => ({
      id: `s${i}-i${n}`,
      imagePrompt: 'p',
      sceneDescription: `scene ${n}`,
      displayOrder: n,
      audioTimestamp: n * 10,
      image: file(`s${i}-i${n}.png`, 'image/png'),
    })),
  }));
  const visualProfiles = s.heroes.flatMap((hero, i) =>
    hero.profile ? [{ heroId: `h${i}`, hairStyle: 'braids' }] : [],
  );
  if (s.missingFiles) delete files[Object.keys(files)[0] ?? ''];
  const data = {
    format: 'infinitestories-legacy-export',
    version: 1,
    exportedAt: '2026-11-30T20:00:00.000Z',
    heroes,
    stories,
    customEvents,
    visualProfiles,
  } as const;
  return { data: JSON.parse(JSON.stringify(data)) as LegacyExportInput, files };
}

function expectedTraits(hero: {
  primaryTrait: string;
  secondaryTrait?: string | null | undefined;
}) {
  const second = hero.secondaryTrait?.trim();
  return second && second !== hero.primaryTrait ? [hero.primaryTrait, second] : [hero.primaryTrait];
}

function checkServer(
  s: Scenario,
  data: LegacyExportInput,
  rows: ReturnType<typeof serverRows>,
  report: MigrationReport,
): void {
  expect(rows.heroes).toHaveLength(data.heroes.length);
  expect(new Set(Object.values(report.ids.heroes))).toEqual(new Set(rows.heroes.map((h) => h.id)));
  data.heroes.forEach((hero, i) => {
    const row = rows.heroes.find((h) => h.id === report.ids.heroes[hero.id]);
    const age = hero.age == null ? 7 : Math.min(12, Math.max(3, hero.age));
    expect(row, `hero ${i}`).toMatchObject({
      name: hero.name,
      age,
      traits: expectedTraits(hero),
      specialAbilities: hero.specialAbility ? [hero.specialAbility] : null,
      appearance: hero.appearance ?? null,
    });
  });
  expect(rows.stories).toHaveLength(data.stories.length);
  expect(new Set(Object.values(report.ids.stories))).toEqual(
    new Set(rows.stories.map((r) => r.id)),
  );
  for (const story of data.stories) {
    const row = rows.stories.find((r) => r.id === report.ids.stories[story.id]);
    expect(row).toMatchObject({
      heroId: report.ids.heroes[story.heroId],
      title: story.title,
      content: story.content,
      language: story.language ?? 'en',
      isFavorite: story.isFavorite ?? false,
      customEventId: story.customEventId ? report.ids.customEvents[story.customEventId] : null,
    });
  }
  expect(rows.customEvents).toHaveLength(s.events.length);
  for (const event of data.customEvents ?? []) {
    const row = rows.customEvents.find((r) => r.id === report.ids.customEvents[event.id]);
    expect(row).toMatchObject({ title: event.title, isFavorite: event.isFavorite ?? false });
  }
  expect(rows.visualProfiles).toHaveLength(data.visualProfiles?.length ?? 0);
  for (const profile of data.visualProfiles ?? []) {
    const row = rows.visualProfiles.find((p) => p.heroId === report.ids.heroes[profile.heroId]);
    expect(row).toMatchObject({ hairStyle: 'braids' });
  }
}

function checkKept(
  data: LegacyExportInput,
  report: MigrationReport,
  files: ReturnType<typeof memoryFiles>,
  original: Record<string, Uint8Array>,
  sink: ReturnType<typeof memoryMediaSink>,
): void {
  for (const story of data.stories) {
    if (story.playCount) {
      const kept = report.keptLocally.find(
        (k) => k.legacyId === story.id && k.field === 'playCount',
      );
      expect(kept?.value).toBe(story.playCount);
    }
    for (const illustration of story.illustrations ?? []) {
      expect(report.keptLocally.some((k) => k.legacyId === illustration.id)).toBe(true);
    }
  }
  const media = report.keptLocally.filter((k) => k.media !== null);
  const expectedFiles =
    data.heroes.filter((h) => h.avatar).length +
    data.stories.reduce((n, s) => n + (s.audio ? 1 : 0) + (s.illustrations?.length ?? 0), 0);
  expect(media).toHaveLength(expectedFiles);
  for (const entry of media) {
    const path =
      (entry.value as { path?: string; image?: { path: string } }).path ??
      (entry.value as { image: { path: string } }).image.path;
    const ref = entry.media?.ref;
    if (entry.media?.stored === 'media-cache') {
      expect(sink.items.get(`${ref?.kind}:${ref?.id}:${ref?.version}`)?.bytes).toEqual(
        original[path],
      );
    }
    // Still on the device, unchanged (or it never existed: then the report says so).
    if (files.files.has(path)) expect(files.files.get(path)).toEqual(original[path]);
    else expect(entry.media?.note).toMatch(/could not be read/);
  }
}

async function migrateThroughFaults(s: Scenario) {
  const backend = newBackend();
  const account = await newAccount(backend, { timeoutMs: 250 });
  const { data, files: fileMap } = library(s);
  const pristine = JSON.stringify(data);
  const original = Object.fromEntries(Object.entries(fileMap).map(([k, v]) => [k, v.slice()]));
  const files = memoryFiles(fileMap);
  const sink = memoryMediaSink();
  const checkpoints = memoryCheckpoints();
  const storage = memoryStorage();
  let index = 0;
  account.fault = () => s.faults[index++] ?? 'none';
  let report: MigrationReport | undefined;
  let store: LocalStore | undefined;
  for (let round = 0; round < 80 && !report; round++) {
    await store?.close();
    store = await openLocalStore({ storage, userId: account.userId }); // a restart
    const controller = new AbortController();
    account.onKill = () => controller.abort(new Error('killed'));
    try {
      report = await migrateLegacyLibrary(data, {
        client: { api: account.api, media: sink },
        checkpointStore: checkpoints,
        readMedia: files.read,
        store,
        signal: controller.signal,
        batchSize: s.batchSize,
        retry: { attempts: 3 },
        sleep: instant,
      });
    } catch (error) {
      if (!isMigrationError(error) || !error.resumable) throw error;
    }
  }
  if (!report || !store) throw new Error('the migration never completed');
  expect(JSON.stringify(data)).toBe(pristine);
  const rows = serverRows(backend, account.userId);
  checkServer(s, data, rows, report);
  checkKept(data, report, files, original, sink);
  const local = store.list('stories');
  expect(local).toHaveLength(rows.stories.length);
  expect(local.every((r) => r.syncStatus === 'synced' && r.serverId === r.id)).toBe(true);
  expect(
    store
      .list('heroes')
      .map((h) => h.id)
      .sort(),
  ).toEqual(rows.heroes.map((h) => h.id).sort());
  expect(store.outbox.entries()).toHaveLength(0);
  await store.close();
}

describe('migration zero-loss property', () => {
  it(
    'ends with exactly one copy of everything through faults, kills and resumes',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb, async (scenario) => {
          await migrateThroughFaults(scenario);
        }),
        { numRuns: RUNS },
      );
    },
    Math.max(120_000, RUNS * 2_000),
  );
});
