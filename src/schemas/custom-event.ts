/** CustomStoryEvent. */
import * as z from 'zod';
import {
  countSchema,
  cuidSchema,
  isoTimestampSchema,
  nullableIsoTimestampSchema,
  paginationSchema,
  stringArraySchema,
  userIdSchema,
} from './common.js';

/** `aiEnhancementMetadata` written by `/enhance`. */
export const aiEnhancementMetadataSchema = z.object({
  enhancedAt: z.string(),
  model: z.string(),
  originalPromptSeed: z.string(),
});

/** A custom event row, as every custom-event route returns it. */
export const customEventSchema = z.object({
  id: cuidSchema,
  userId: userIdSchema,
  title: z.string(),
  description: z.string(),
  promptSeed: z.string(),
  category: z.string(),
  ageRange: z.string().nullable(),
  tone: z.string(),
  pictogramEmoji: z.string().nullable(),
  /** Opaque JSON; not settable through the API. */
  pictogramSymbols: z.json(),
  aiEnhanced: z.boolean(),
  aiEnhancementMetadata: aiEnhancementMetadataSchema.nullable(),
  keywords: stringArraySchema.nullable(),
  usageCount: countSchema,
  isFavorite: z.boolean(),
  lastUsedAt: nullableIsoTimestampSchema,
  createdAt: isoTimestampSchema,
  updatedAt: isoTimestampSchema,
});

/** A custom story event. */
export type CustomEvent = z.infer<typeof customEventSchema>;

/** Data of `GET /custom-events`. */
export const customEventListSchema = z.object({
  customEvents: z.array(customEventSchema),
  pagination: paginationSchema,
});

/** One page of `customEvents.list()`: `{ customEvents, pagination }`. */
export type CustomEventList = z.infer<typeof customEventListSchema>;

const title = z.string().min(1).max(200);
const promptSeed = z.string().min(1).max(2000);
const keywords = z.array(z.string().max(50)).max(20);

/**
 * Body of `POST /custom-events`. The server checks only `title` (1–200) and `promptSeed`
 * (1–2000); the other limits are the PATCH route's, applied here so a created event can also be
 * edited. `isFavorite`, `usageCount` and pictogram fields cannot be set on create.
 */
export const createCustomEventInputSchema = z.object({
  title,
  promptSeed,
  description: z.string().max(2000).optional(),
  category: z.string().max(100).optional(),
  ageRange: z.string().max(20).optional(),
  tone: z.string().max(50).optional(),
  keywords: keywords.optional(),
});

/** Input of `customEvents.create()`. */
export type CreateCustomEventInput = z.input<typeof createCustomEventInputSchema>;

/** Body of `PATCH /custom-events/:id` (the server's zod `UpdateCustomEventSchema`). */
export const updateCustomEventInputSchema = z.object({
  title: title.optional(),
  description: z.string().max(2000).optional(),
  promptSeed: promptSeed.optional(),
  category: z.string().max(100).optional(),
  ageRange: z.string().max(20).optional(),
  tone: z.string().max(50).optional(),
  keywords: keywords.optional(),
  isFavorite: z.boolean().optional(),
});

/** Input of `customEvents.update()`. */
export type UpdateCustomEventInput = z.input<typeof updateCustomEventInputSchema>;
