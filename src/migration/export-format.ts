/**
 * The legacy export format, version 1: what a legacy (local-only) app writes so that its
 * library can be moved into a cloud account. One JSON document; media files stay where they are
 * and are referenced by path. `z.toJSONSchema(legacyExportSchema)` is committed as
 * `docs/legacy-export-v1.schema.json` for native exporters.
 */
import * as z from 'zod/mini';

/** The value of `format` in every legacy export. */
export const LEGACY_EXPORT_FORMAT = 'infinitestories-legacy-export';

/** The export versions this SDK can migrate. */
export const SUPPORTED_EXPORT_VERSIONS = [1] as const;

const id = z
  .string()
  .check(z.minLength(1))
  .check(z.maxLength(200))
  .check(z.describe('The legacy app’s own id, unique per kind'));
const timestamp = z.iso.datetime({ offset: true }).check(z.describe('ISO 8601 date-time'));
const optionalText = (max: number) => z.optional(z.nullable(z.string().check(z.maxLength(max))));

/** A reference to a media file kept by the legacy app on the device. */
export const legacyMediaFileSchema = z.strictObject({
  path: z
    .string()
    .check(z.minLength(1))
    .check(z.describe('Path of the file, relative to the export file’s folder')),
  contentType: z
    .string()
    .check(z.regex(/^[\w.+-]+\/[\w.+-]+$/))
    .check(z.describe('MIME type, e.g. image/png or audio/mpeg')),
  bytes: z.optional(z.int().check(z.nonnegative())).check(z.describe('Size, for the plan only')),
});

/** A hero of the legacy app: two trait values and a single special ability. */
export const legacyHeroSchema = z.strictObject({
  id,
  name: z.string().check(z.trim()).check(z.minLength(1)).check(z.maxLength(200)),
  age: z
    .optional(z.nullable(z.int()))
    .check(
      z.describe('Missing ages become 7; ages outside 3–12 are clamped (both with a warning)'),
    ),
  primaryTrait: z.string().check(z.trim()).check(z.minLength(1)).check(z.maxLength(100)),
  secondaryTrait: z.optional(z.nullable(z.string().check(z.trim()).check(z.maxLength(100)))),
  specialAbility: optionalText(200),
  hairColor: optionalText(50),
  eyeColor: optionalText(50),
  skinTone: optionalText(50),
  height: optionalText(50),
  appearance: optionalText(500),
  avatarPrompt: optionalText(4000),
  avatar: z.optional(z.nullable(legacyMediaFileSchema)),
  createdAt: z.optional(timestamp),
});

/** A scene illustration of a legacy story (kept on the device: the backend cannot import it). */
export const legacyIllustrationSchema = z.strictObject({
  id,
  imagePrompt: z.string().check(z.maxLength(4000)),
  sceneDescription: z.string().check(z.maxLength(4000)),
  displayOrder: z.int().check(z.nonnegative()),
  audioTimestamp: z.number().check(z.nonnegative()).check(z.describe('Seconds into the audio')),
  image: z.optional(z.nullable(legacyMediaFileSchema)),
  createdAt: z.optional(timestamp),
});

/** A story of the legacy app. */
export const legacyStorySchema = z.strictObject({
  id,
  heroId: id.check(z.describe('The legacy id of the story’s hero (must be in `heroes`)')),
  title: z.string().check(z.minLength(1)).check(z.maxLength(500)),
  content: z.string().check(z.minLength(1)).check(z.maxLength(100_000)),
  language: z
    .optional(z.string().check(z.minLength(2)).check(z.maxLength(10)))
    .check(z.describe('Default "en"')),
  eventType: optionalText(200),
  customEventId: z
    .optional(z.nullable(id))
    .check(z.describe('The legacy id of a custom event (must be in `customEvents`)')),
  isFavorite: z.optional(z.boolean()),
  playCount: z.optional(z.int().check(z.nonnegative())),
  lastPlayedAt: z.optional(z.nullable(timestamp)),
  audio: z.optional(z.nullable(legacyMediaFileSchema)),
  audioDuration: z
    .optional(z.nullable(z.number().check(z.nonnegative())))
    .check(z.describe('Seconds')),
  illustrations: z.optional(z.array(legacyIllustrationSchema)),
  createdAt: z.optional(timestamp),
  updatedAt: z.optional(timestamp),
});

/** A custom story event of the legacy app. */
export const legacyCustomEventSchema = z.strictObject({
  id,
  title: z.string().check(z.trim()).check(z.minLength(1)).check(z.maxLength(200)),
  promptSeed: z.string().check(z.trim()).check(z.minLength(1)).check(z.maxLength(2000)),
  description: optionalText(2000),
  category: optionalText(100),
  ageRange: optionalText(20),
  tone: optionalText(50),
  keywords: z.optional(z.array(z.string().check(z.maxLength(50))).check(z.maxLength(20))),
  isFavorite: z.optional(z.boolean()),
  usageCount: z.optional(z.int().check(z.nonnegative())),
  lastUsedAt: z.optional(z.nullable(timestamp)),
  createdAt: z.optional(timestamp),
});

/** The visual description of a legacy hero (at most one per hero). */
export const legacyVisualProfileSchema = z.strictObject({
  heroId: id.check(z.describe('The legacy id of the hero (must be in `heroes`)')),
  hairStyle: optionalText(500),
  hairColor: optionalText(500),
  hairTexture: optionalText(500),
  eyeColor: optionalText(500),
  eyeShape: optionalText(500),
  skinTone: optionalText(500),
  facialFeatures: optionalText(2000),
  bodyType: optionalText(500),
  height: optionalText(500),
  age: z.optional(z.nullable(z.int().check(z.nonnegative()))),
  typicalClothing: optionalText(2000),
  accessories: optionalText(2000),
  colorPalette: z.optional(z.nullable(z.array(z.string().check(z.maxLength(100))))),
  artStyle: optionalText(500),
  visualKeywords: z.optional(z.nullable(z.array(z.string().check(z.maxLength(100))))),
  canonicalPrompt: optionalText(8000),
  simplifiedPrompt: optionalText(8000),
});

/** A whole legacy library, version 1. */
export const legacyExportSchema = z
  .strictObject({
    format: z.literal(LEGACY_EXPORT_FORMAT),
    version: z.literal(1),
    exportedAt: timestamp,
    app: z
      .optional(
        z.strictObject({
          name: z.string().check(z.maxLength(200)),
          version: z.string().check(z.maxLength(100)),
        }),
      )
      .check(z.describe('The app that wrote the export')),
    heroes: z.array(legacyHeroSchema),
    stories: z.array(legacyStorySchema),
    customEvents: z.optional(z.array(legacyCustomEventSchema)),
    visualProfiles: z.optional(z.array(legacyVisualProfileSchema)),
  })
  .check(
    z.describe('A legacy InfiniteStories library, exported for migration into a cloud account'),
  );

// The types below are written out (what an editor shows on hover); `legacy-types.test-d.ts`
// keeps each equal to what its schema yields.

/** A reference to a media file of a legacy export. */
export interface LegacyMediaFile {
  /** Path of the file, relative to the export file's folder. */
  path: string;
  /** MIME type, e.g. `image/png` or `audio/mpeg`. */
  contentType: string;
  /** Size, for the plan only. */
  bytes?: number | undefined;
}

/** A hero of a legacy export: two trait values and a single special ability. */
export interface LegacyHero {
  /** The legacy app's own id, unique per kind. */
  id: string;
  name: string;
  /** Missing ages become 7; ages outside 3–12 are clamped (both with a warning). */
  age?: number | null | undefined;
  primaryTrait: string;
  secondaryTrait?: string | null | undefined;
  specialAbility?: string | null | undefined;
  hairColor?: string | null | undefined;
  eyeColor?: string | null | undefined;
  skinTone?: string | null | undefined;
  height?: string | null | undefined;
  appearance?: string | null | undefined;
  avatarPrompt?: string | null | undefined;
  avatar?: LegacyMediaFile | null | undefined;
  /** ISO 8601 date-time. */
  createdAt?: string | undefined;
}

/** A scene illustration of a legacy story (kept on the device: the backend cannot import it). */
export interface LegacyIllustration {
  /** The legacy app's own id, unique per kind. */
  id: string;
  imagePrompt: string;
  sceneDescription: string;
  displayOrder: number;
  /** Seconds into the audio. */
  audioTimestamp: number;
  image?: LegacyMediaFile | null | undefined;
  /** ISO 8601 date-time. */
  createdAt?: string | undefined;
}

/** A story of a legacy export. */
export interface LegacyStory {
  /** The legacy app's own id, unique per kind. */
  id: string;
  /** The legacy id of the story's hero (must be in `heroes`). */
  heroId: string;
  title: string;
  content: string;
  /** Default `"en"`. */
  language?: string | undefined;
  eventType?: string | null | undefined;
  /** The legacy id of a custom event (must be in `customEvents`). */
  customEventId?: string | null | undefined;
  isFavorite?: boolean | undefined;
  playCount?: number | undefined;
  /** ISO 8601 date-time. */
  lastPlayedAt?: string | null | undefined;
  audio?: LegacyMediaFile | null | undefined;
  /** Seconds. */
  audioDuration?: number | null | undefined;
  illustrations?: LegacyIllustration[] | undefined;
  /** ISO 8601 date-time. */
  createdAt?: string | undefined;
  /** ISO 8601 date-time. */
  updatedAt?: string | undefined;
}

/** A custom story event of a legacy export. */
export interface LegacyCustomEvent {
  /** The legacy app's own id, unique per kind. */
  id: string;
  title: string;
  promptSeed: string;
  description?: string | null | undefined;
  category?: string | null | undefined;
  ageRange?: string | null | undefined;
  tone?: string | null | undefined;
  keywords?: string[] | undefined;
  isFavorite?: boolean | undefined;
  usageCount?: number | undefined;
  /** ISO 8601 date-time. */
  lastUsedAt?: string | null | undefined;
  /** ISO 8601 date-time. */
  createdAt?: string | undefined;
}

/** The visual description of a legacy hero (at most one per hero). */
export interface LegacyVisualProfile {
  /** The legacy id of the hero (must be in `heroes`). */
  heroId: string;
  hairStyle?: string | null | undefined;
  hairColor?: string | null | undefined;
  hairTexture?: string | null | undefined;
  eyeColor?: string | null | undefined;
  eyeShape?: string | null | undefined;
  skinTone?: string | null | undefined;
  facialFeatures?: string | null | undefined;
  bodyType?: string | null | undefined;
  height?: string | null | undefined;
  age?: number | null | undefined;
  typicalClothing?: string | null | undefined;
  accessories?: string | null | undefined;
  colorPalette?: string[] | null | undefined;
  artStyle?: string | null | undefined;
  visualKeywords?: string[] | null | undefined;
  canonicalPrompt?: string | null | undefined;
  simplifiedPrompt?: string | null | undefined;
}

/** A legacy library (export format version 1), as validated. */
export interface LegacyExport {
  format: typeof LEGACY_EXPORT_FORMAT;
  version: 1;
  /** ISO 8601 date-time. */
  exportedAt: string;
  /** The app that wrote the export. */
  app?: { name: string; version: string } | undefined;
  heroes: LegacyHero[];
  stories: LegacyStory[];
  customEvents?: LegacyCustomEvent[] | undefined;
  visualProfiles?: LegacyVisualProfile[] | undefined;
}

/**
 * A legacy library as an exporter may write it. Version 1 has no defaults filled in by
 * validation, so it is the same shape as {@link LegacyExport}.
 */
export type LegacyExportInput = LegacyExport;
