/**
 * Verify: reads back everything the migration created and compares it, field by field, with
 * what was sent. The rows read are also what the local store receives afterwards.
 */
import { isHttpError } from '../errors/index.js';
import type { IdMaps } from './checkpoint.js';
import type { ExpectedFields } from './legacy-mapping.js';
import type { MigrationContext } from './migration-context.js';
import type { ExportIssue } from './migration-error.js';
import type { VerificationCounts } from './migration-report.js';
import { changedSinceMigration, ownWriteOf } from './own-writes.js';
import { withRetries } from './recovery.js';
import {
  differingFields,
  type Row,
  recentEvents,
  recentHeroes,
  recentStories,
} from './server-rows.js';
import { mappedStory } from './upload-steps.js';

/** The migrated rows as the server has them now. */
export interface MigratedRows {
  readonly heroes: readonly Row[];
  readonly visualProfiles: readonly Row[];
  readonly customEvents: readonly Row[];
  readonly stories: readonly Row[];
}

/** The outcome of {@link verifyUpload}. */
export interface Verification {
  readonly counts: VerificationCounts;
  readonly mismatches: readonly ExportIssue[];
  /** Rows changed after the migration wrote them (not compared: they were uploaded). */
  readonly changedElsewhere: readonly ExportIssue[];
  readonly rows: MigratedRows;
}

interface Expectation {
  readonly path: string;
  readonly serverId: string | undefined;
  readonly expected: ExpectedFields;
}

interface Findings {
  readonly mismatches: ExportIssue[];
  readonly changedElsewhere: ExportIssue[];
}

/**
 * Compares each expected row with the server's. A row changed after the migration wrote it (a
 * later `updatedAt`) was uploaded and then edited elsewhere: it is listed, not compared (its
 * differences are the other device's edits, and a rollback would delete them).
 */
function compare(
  context: MigrationContext,
  expectations: readonly Expectation[],
  rows: ReadonlyMap<string, Row>,
  findings: Findings,
): { expected: number; found: number; rows: Row[] } {
  const { mismatches } = findings;
  const matched: Row[] = [];
  for (const { path, serverId, expected } of expectations) {
    const row = serverId === undefined ? undefined : rows.get(serverId);
    if (!row) {
      mismatches.push({ path, message: `not found on the server (id ${serverId ?? 'unknown'})` });
      continue;
    }
    matched.push(row);
    if (changedSinceMigration(context, row)) {
      findings.changedElsewhere.push({
        path,
        message: `changed on the server after the migration wrote it (updatedAt ${String(row.updatedAt)}, the migration's write ${ownWriteOf(context, row) ?? 'unknown'}); not compared`,
      });
      continue;
    }
    const fields = differingFields(expected, row);
    if (fields.length > 0) {
      mismatches.push({ path, message: `differs on the server in ${fields.join(', ')}` });
    }
  }
  return { expected: expectations.length, found: matched.length, rows: matched };
}

function profilesOf(heroes: readonly Row[]): Map<string, Row> {
  const profiles = new Map<string, Row>();
  for (const hero of heroes) {
    const profile = hero.visualProfile;
    if (typeof profile === 'object' && profile !== null && !Array.isArray(profile)) {
      const row = profile as Row;
      profiles.set(row.id, row);
    }
  }
  return profiles;
}

function expectations(context: MigrationContext, ids: IdMaps) {
  const { prepared } = context;
  return {
    heroes: prepared.heroes.map((hero, index) => ({
      path: `heroes.${index}`,
      serverId: ids.heroes[hero.legacyId],
      expected:
        hero.appearance === null
          ? hero.expected
          : { ...hero.expected, appearance: hero.appearance },
    })),
    visualProfiles: prepared.profiles.map((profile, index) => ({
      path: `visualProfiles.${index}`,
      serverId: ids.visualProfiles[profile.legacyHeroId],
      expected: { ...profile.expected, heroId: ids.heroes[profile.legacyHeroId] ?? null },
    })),
    customEvents: prepared.events.map((event, index) => ({
      path: `customEvents.${index}`,
      serverId: ids.customEvents[event.legacyId],
      expected: event.favorite ? { ...event.expected, isFavorite: true } : event.expected,
    })),
    stories: prepared.stories.map((story, index) => ({
      path: `stories.${index}`,
      serverId: ids.stories[story.id],
      expected: mappedStory(context, story.id).expected,
    })),
  };
}

/**
 * Rows a listing missed (a concurrent change can shift offset pages) are fetched by id before
 * anything is called missing; a 404 means it is really not there.
 */
async function addMissing(
  context: MigrationContext,
  rows: Map<string, Row>,
  ids: readonly (string | undefined)[],
  get: (id: string) => Promise<object>,
): Promise<void> {
  for (const id of ids) {
    if (id === undefined || rows.has(id)) continue;
    const row = await withRetries(context, `reading back ${id}`, async () => {
      context.progress.request();
      try {
        return (await get(id)) as Row;
      } catch (error) {
        if (isHttpError(error) && error.status === 404) return null;
        throw error;
      }
    });
    if (row) rows.set(id, row);
  }
}

async function readBack(context: MigrationContext, expected: ReturnType<typeof expectations>) {
  const { api, signal } = context;
  const [heroRows, storyRows, eventRows] = await Promise.all([
    withRetries(context, 'reading back the heroes', () => recentHeroes(context)),
    withRetries(context, 'reading back the stories', () => recentStories(context)),
    context.prepared.events.length > 0
      ? withRetries(context, 'reading back the custom events', () => recentEvents(context))
      : Promise.resolve([]),
  ]);
  const byId = (list: readonly Row[]) => new Map(list.map((row) => [row.id, row]));
  const heroes = byId(heroRows);
  const stories = byId(storyRows);
  const events = byId(eventRows);
  const ids = (list: readonly Expectation[]) => list.map((e) => e.serverId);
  await addMissing(context, heroes, ids(expected.heroes), (id) =>
    api.heroes.get(id, {}, { signal }),
  );
  await addMissing(context, stories, ids(expected.stories), (id) =>
    api.stories.get(id, {}, { signal }),
  );
  await addMissing(context, events, ids(expected.customEvents), (id) =>
    api.customEvents.get(id, { signal }),
  );
  return { heroes, stories, events };
}

/** Reads back the migrated rows and compares them with what was sent. */
export async function verifyUpload(context: MigrationContext): Promise<Verification> {
  context.progress.report('verify', 0, 1);
  const expected = expectations(context, context.checkpoint.ids);
  const rows = await readBack(context, expected);
  const findings: Findings = { mismatches: [], changedElsewhere: [] };
  const heroes = compare(context, expected.heroes, rows.heroes, findings);
  const profiles = compare(
    context,
    expected.visualProfiles,
    profilesOf([...rows.heroes.values()]),
    findings,
  );
  const events = compare(context, expected.customEvents, rows.events, findings);
  const stories = compare(context, expected.stories, rows.stories, findings);
  context.progress.report('verify', 1, 1);
  const count = (c: { expected: number; found: number }) => ({
    expected: c.expected,
    found: c.found,
  });
  return {
    counts: {
      heroes: count(heroes),
      visualProfiles: count(profiles),
      customEvents: count(events),
      stories: count(stories),
    },
    ...findings,
    rows: {
      heroes: heroes.rows,
      visualProfiles: profiles.rows,
      customEvents: events.rows,
      stories: stories.rows,
    },
  };
}
