/**
 * The legacy export format, version 1: what a legacy (local-only) app writes so that its
 * library can be moved into a cloud account. One JSON document; media files stay where they are
 * and are referenced by path. `z.toJSONSchema(legacyExportSchema)` is committed as
 * `docs/legacy-export-v1.schema.json` for native exporters.
 */
import * as z from 'zod';

/** The value of `format` in every legacy export. */
export const LEGACY_EXPORT_FORMAT = 'infinitestories-legacy-export';

/** The export versions this SDK can migrate. */
export const SUPPORTED_EXPORT_VERSIONS = [1] as const;

const id = z.string().min(1).max(200).describe('The legacy app’s own id, unique per kind');
const timestamp = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time');
const optionalText = (max: number) => z.string().max(max).nullable().optional();

/** A reference to a media file kept by the legacy app on the device. */
export const legacyMediaFileSchema = z
  .object({
    path: z.string().min(1).describe('Path of the file, relative to the export file’s folder'),
    contentType: z
      .string()
      .regex(/^[\w.+-]+\/[\w.+-]+$/)
      .describe('MIME type, e.g. image/png or audio/mpeg'),
    bytes: z.number().int().nonnegative().optional().describe('Size, for the plan only'),
  })
  .strict();

/** A hero of the legacy app: two trait values and a single special ability. */
export const legacyHeroSchema = z
  .object({
    id,
    name: z.string().trim().min(1).max(200),
    age: z
      .number()
      .int()
      .nullable()
      .optional()
      .describe('Missing ages become 7; ages outside 3–12 are clamped (both with a warning)'),
    primaryTrait: z.string().trim().min(1).max(100),
    secondaryTrait: z.string().trim().max(100).nullable().optional(),
    specialAbility: optionalText(200),
    hairColor: optionalText(50),
    eyeColor: optionalText(50),
    skinTone: optionalText(50),
    height: optionalText(50),
    appearance: optionalText(500),
    avatarPrompt: optionalText(4000),
    avatar: legacyMediaFileSchema.nullable().optional(),
    createdAt: timestamp.optional(),
  })
  .strict();

/** A scene illustration of a legacy story (kept on the device: the backend cannot import it). */
export const legacyIllustrationSchema = z
  .object({
    id,
    imagePrompt: z.string().max(4000),
    sceneDescription: z.string().max(4000),
    displayOrder: z.number().int().nonnegative(),
    audioTimestamp: z.number().nonnegative().describe('Seconds into the audio'),
    image: legacyMediaFileSchema.nullable().optional(),
    createdAt: timestamp.optional(),
  })
  .strict();

/** A story of the legacy app. */
export const legacyStorySchema = z
  .object({
    id,
    heroId: id.describe('The legacy id of the story’s hero (must be in `heroes`)'),
    title: z.string().min(1).max(500),
    content: z.string().min(1).max(100_000),
    language: z.string().min(2).max(10).optional().describe('Default "en"'),
    eventType: optionalText(200),
    customEventId: id
      .nullable()
      .optional()
      .describe('The legacy id of a custom event (must be in `customEvents`)'),
    isFavorite: z.boolean().optional(),
    playCount: z.number().int().nonnegative().optional(),
    lastPlayedAt: timestamp.nullable().optional(),
    audio: legacyMediaFileSchema.nullable().optional(),
    audioDuration: z.number().nonnegative().nullable().optional().describe('Seconds'),
    illustrations: z.array(legacyIllustrationSchema).optional(),
    createdAt: timestamp.optional(),
    updatedAt: timestamp.optional(),
  })
  .strict();

/** A custom story event of the legacy app. */
export const legacyCustomEventSchema = z
  .object({
    id,
    title: z.string().trim().min(1).max(200),
    promptSeed: z.string().trim().min(1).max(2000),
    description: optionalText(2000),
    category: optionalText(100),
    ageRange: optionalText(20),
    tone: optionalText(50),
    keywords: z.array(z.string().max(50)).max(20).optional(),
    isFavorite: z.boolean().optional(),
    usageCount: z.number().int().nonnegative().optional(),
    lastUsedAt: timestamp.nullable().optional(),
    createdAt: timestamp.optional(),
  })
  .strict();

/** The visual description of a legacy hero (at most one per hero). */
export const legacyVisualProfileSchema = z
  .object({
    heroId: id.describe('The legacy id of the hero (must be in `heroes`)'),
    hairStyle: optionalText(500),
    hairColor: optionalText(500),
    hairTexture: optionalText(500),
    eyeColor: optionalText(500),
    eyeShape: optionalText(500),
    skinTone: optionalText(500),
    facialFeatures: optionalText(2000),
    bodyType: optionalText(500),
    height: optionalText(500),
    age: z.number().int().nonnegative().nullable().optional(),
    typicalClothing: optionalText(2000),
    accessories: optionalText(2000),
    colorPalette: z.array(z.string().max(100)).nullable().optional(),
    artStyle: optionalText(500),
    visualKeywords: z.array(z.string().max(100)).nullable().optional(),
    canonicalPrompt: optionalText(8000),
    simplifiedPrompt: optionalText(8000),
  })
  .strict();

/** A whole legacy library, version 1. */
export const legacyExportSchema = z
  .object({
    format: z.literal(LEGACY_EXPORT_FORMAT),
    version: z.literal(1),
    exportedAt: timestamp,
    app: z
      .object({ name: z.string().max(200), version: z.string().max(100) })
      .strict()
      .optional()
      .describe('The app that wrote the export'),
    heroes: z.array(legacyHeroSchema),
    stories: z.array(legacyStorySchema),
    customEvents: z.array(legacyCustomEventSchema).optional(),
    visualProfiles: z.array(legacyVisualProfileSchema).optional(),
  })
  .strict()
  .describe('A legacy InfiniteStories library, exported for migration into a cloud account');

/** A legacy library (export format version 1), as validated. */
export type LegacyExport = z.infer<typeof legacyExportSchema>;
/** A legacy library as an exporter may write it (optional fields may be missing). */
export type LegacyExportInput = z.input<typeof legacyExportSchema>;
/** A hero of a legacy export. */
export type LegacyHero = z.infer<typeof legacyHeroSchema>;
/** A story of a legacy export. */
export type LegacyStory = z.infer<typeof legacyStorySchema>;
/** An illustration of a legacy story. */
export type LegacyIllustration = z.infer<typeof legacyIllustrationSchema>;
/** A custom event of a legacy export. */
export type LegacyCustomEvent = z.infer<typeof legacyCustomEventSchema>;
/** A visual profile of a legacy export. */
export type LegacyVisualProfile = z.infer<typeof legacyVisualProfileSchema>;
/** A reference to a media file of a legacy export. */
export type LegacyMediaFile = z.infer<typeof legacyMediaFileSchema>;
