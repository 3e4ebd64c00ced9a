/**
 * Mapping rules from the legacy export to what the backend accepts. Each function returns the
 * request body plus `expected`: the server fields it must produce, compared field by field
 * after upload (and used to recognise a row whose acknowledgement was lost).
 *
 * | legacy | backend |
 * |---|---|
 * | `primaryTrait`, `secondaryTrait` | `traits: [primary, secondary]` (blank or repeated values dropped) |
 * | `specialAbility` | `specialAbilities: [ability]`, or `null` |
 * | `age` missing | `age: 7`, with a warning |
 * | `age` outside 3–12 | clamped to 3–12, with a warning (the original is kept locally) |
 * | blank strings | `null` |
 * | `appearance` | set by a PATCH after the batch import (the batch route drops it) |
 * | story `language` missing | `"en"` |
 * | custom event `isFavorite` | set by a PATCH after the create (create ignores it) |
 */

import type { BatchHeroInput, BatchStoryInput } from '../schemas/batch.js';
import type { CreateCustomEventInput } from '../schemas/custom-event.js';
import type { VisualProfileInput } from '../schemas/visual-profile.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import type {
  LegacyCustomEvent,
  LegacyHero,
  LegacyStory,
  LegacyVisualProfile,
} from './export-format.js';

/** The age given to heroes the legacy app stored without one. */
export const DEFAULT_HERO_AGE = 7;
/** The ages the backend accepts for heroes. */
export const HERO_AGE_RANGE = { min: 3, max: 12 } as const;

/** Server fields a mapped item must produce, by field name. */
export type ExpectedFields = Readonly<Record<string, JsonValue>>;

/** Something the mapping changed; listed in the report. */
export interface MigrationWarning {
  /** Dotted path into the export, e.g. `heroes.2.age`. */
  readonly path: string;
  readonly message: string;
}

function text(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : value;
}

function heroAge(hero: LegacyHero, path: string, warnings: MigrationWarning[]): number {
  const { min, max } = HERO_AGE_RANGE;
  if (hero.age === undefined || hero.age === null) {
    warnings.push({ path, message: `no age; set to ${DEFAULT_HERO_AGE}` });
    return DEFAULT_HERO_AGE;
  }
  if (hero.age < min || hero.age > max) {
    const clamped = Math.min(max, Math.max(min, hero.age));
    warnings.push({ path, message: `age ${hero.age} is outside ${min}–${max}; set to ${clamped}` });
    return clamped;
  }
  return hero.age;
}

/** A legacy hero as a `POST /api/batch` item (`id` = legacy id). */
export function mapHero(
  hero: LegacyHero,
  index: number,
  warnings: MigrationWarning[],
): { input: BatchHeroInput; expected: ExpectedFields; appearance: string | null } {
  const traits = [hero.primaryTrait.trim()];
  const second = text(hero.secondaryTrait)?.trim();
  if (second && second !== traits[0]) traits.push(second);
  const ability = text(hero.specialAbility);
  const expected: Record<string, JsonValue> = {
    name: hero.name,
    age: heroAge(hero, `heroes.${index}.age`, warnings),
    traits,
    specialAbilities: ability === null ? null : [ability],
    hairColor: text(hero.hairColor),
    eyeColor: text(hero.eyeColor),
    skinTone: text(hero.skinTone),
    height: text(hero.height),
    avatarPrompt: text(hero.avatarPrompt),
  };
  const input: Record<string, JsonValue> = { id: hero.id };
  for (const [field, value] of Object.entries(expected)) {
    if (value !== null) input[field] = value;
  }
  // `appearance` is not in `expected`: the batch route drops it and a later PATCH sets it.
  return { input: input as BatchHeroInput, expected, appearance: text(hero.appearance) };
}

/** A legacy story as a `POST /api/batch/stories` item, with server ids for its references. */
export function mapStory(
  story: LegacyStory,
  heroServerId: string,
  eventServerId: string | null,
): { input: BatchStoryInput; expected: ExpectedFields } {
  const expected: Record<string, JsonValue> = {
    heroId: heroServerId,
    title: story.title,
    content: story.content,
    language: story.language ?? 'en',
    eventType: text(story.eventType),
    customEventId: eventServerId,
    isFavorite: story.isFavorite ?? false,
  };
  const input: Record<string, JsonValue> = { id: story.id };
  for (const [field, value] of Object.entries(expected)) {
    if (value !== null) input[field] = value;
  }
  return { input: input as BatchStoryInput, expected };
}

/** A legacy custom event as a `POST /custom-events` body, and whether it needs a favourite PATCH. */
export function mapCustomEvent(event: LegacyCustomEvent): {
  input: CreateCustomEventInput;
  expected: ExpectedFields;
  favorite: boolean;
} {
  const input: Record<string, JsonValue> = { title: event.title, promptSeed: event.promptSeed };
  const optional = {
    description: text(event.description),
    category: text(event.category),
    ageRange: text(event.ageRange),
    tone: text(event.tone),
  };
  for (const [field, value] of Object.entries(optional)) {
    if (value !== null) input[field] = value;
  }
  if (event.keywords && event.keywords.length > 0) input.keywords = [...event.keywords];
  // `isFavorite` is not in `expected`: create ignores it and a later PATCH sets it.
  return {
    input: input as CreateCustomEventInput,
    expected: input,
    favorite: event.isFavorite === true,
  };
}

/** A legacy visual profile as a visual-profile POST body. */
export function mapVisualProfile(profile: LegacyVisualProfile): {
  input: VisualProfileInput;
  expected: ExpectedFields;
} {
  const input: Record<string, JsonValue> = {};
  for (const [field, value] of Object.entries(profile)) {
    if (field === 'heroId' || value === undefined || value === null) continue;
    if (typeof value === 'string' && value.trim() === '') continue;
    input[field] = Array.isArray(value) ? [...value] : value;
  }
  return { input: input as VisualProfileInput, expected: input };
}
