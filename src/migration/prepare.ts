/**
 * Validate → plan: maps every legacy item to its request body once, counts, and estimates.
 * Pure: no I/O.
 */
import type { BatchHeroInput } from '../schemas/batch.js';
import { BATCH_MAX_ITEMS } from '../schemas/batch.js';
import type { CreateCustomEventInput } from '../schemas/custom-event.js';
import type { VisualProfileInput } from '../schemas/visual-profile.js';
import type { LegacyExport, LegacyStory } from './export-format.js';
import {
  type ExpectedFields,
  type MigrationWarning,
  mapCustomEvent,
  mapHero,
  mapVisualProfile,
} from './legacy-mapping.js';
import type { MigrationCounts, MigrationPlan } from './migration-report.js';

/** A hero ready to send. */
export interface PreparedHero {
  readonly legacyId: string;
  readonly input: BatchHeroInput;
  /** Fields the batch import sets. */
  readonly expected: ExpectedFields;
  /** Set by a PATCH after the import, or `null`. */
  readonly appearance: string | null;
}

/** A custom event ready to send. */
export interface PreparedEvent {
  readonly legacyId: string;
  readonly input: CreateCustomEventInput;
  readonly expected: ExpectedFields;
  /** Needs a `isFavorite: true` PATCH after the create. */
  readonly favorite: boolean;
}

/** A visual profile ready to send (keyed by its hero's legacy id). */
export interface PreparedProfile {
  readonly legacyHeroId: string;
  readonly input: VisualProfileInput;
  readonly expected: ExpectedFields;
}

/** The export, validated and mapped. Stories are mapped later (they need server ids). */
export interface PreparedMigration {
  readonly data: LegacyExport;
  readonly heroes: readonly PreparedHero[];
  readonly events: readonly PreparedEvent[];
  readonly profiles: readonly PreparedProfile[];
  readonly stories: readonly LegacyStory[];
  readonly storyById: ReadonlyMap<string, LegacyStory>;
  readonly plan: MigrationPlan;
}

/** Assumed round trip of one request, for the plan's estimate. */
export const ASSUMED_REQUEST_MS = 400;

function countMedia(data: LegacyExport): { illustrations: number; mediaFiles: number } {
  let illustrations = 0;
  let mediaFiles = data.heroes.filter((hero) => hero.avatar).length;
  for (const story of data.stories) {
    if (story.audio) mediaFiles++;
    for (const illustration of story.illustrations ?? []) {
      illustrations++;
      if (illustration.image) mediaFiles++;
    }
  }
  return { illustrations, mediaFiles };
}

function chunks(count: number): number {
  return Math.ceil(count / BATCH_MAX_ITEMS);
}

/** Maps and counts a validated export. */
export function prepareMigration(data: LegacyExport): PreparedMigration {
  const warnings: MigrationWarning[] = [];
  const heroes = data.heroes.map((hero, index) => {
    const mapped = mapHero(hero, index, warnings);
    return { legacyId: hero.id, ...mapped };
  });
  const events = (data.customEvents ?? []).map((event) => ({
    legacyId: event.id,
    ...mapCustomEvent(event),
  }));
  const profiles = (data.visualProfiles ?? []).map((profile) => ({
    legacyHeroId: profile.heroId,
    ...mapVisualProfile(profile),
  }));
  const counts: MigrationCounts = {
    heroes: heroes.length,
    stories: data.stories.length,
    customEvents: events.length,
    visualProfiles: profiles.length,
    ...countMedia(data),
  };
  const requests =
    1 + // session check and counts
    chunks(heroes.length) +
    heroes.filter((hero) => hero.appearance !== null).length +
    profiles.length +
    events.length +
    events.filter((event) => event.favorite).length +
    chunks(data.stories.length) +
    Math.max(1, chunks(heroes.length)) + // verify: heroes (with profiles)
    Math.max(1, chunks(data.stories.length)) + // verify: stories
    (events.length > 0 ? Math.max(1, chunks(events.length)) : 0);
  return {
    data,
    heroes,
    events,
    profiles,
    stories: data.stories,
    storyById: new Map(data.stories.map((story) => [story.id, story])),
    plan: { counts, requests, estimatedMs: requests * ASSUMED_REQUEST_MS, warnings },
  };
}
