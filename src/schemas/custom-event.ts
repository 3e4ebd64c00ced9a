/** CustomStoryEvent. */
import * as z from 'zod/mini';
import type { JsonValue } from '../model/json.js';
import {
  countSchema,
  cuidSchema,
  isoTimestampSchema,
  jsonValueSchema,
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
  ageRange: z.nullable(z.string()),
  tone: z.string(),
  pictogramEmoji: z.nullable(z.string()),
  /** Opaque JSON; not settable through the API. */
  pictogramSymbols: jsonValueSchema,
  aiEnhanced: z.boolean(),
  aiEnhancementMetadata: z.nullable(aiEnhancementMetadataSchema),
  keywords: z.nullable(stringArraySchema),
  usageCount: countSchema,
  isFavorite: z.boolean(),
  lastUsedAt: nullableIsoTimestampSchema,
  createdAt: isoTimestampSchema,
  updatedAt: isoTimestampSchema,
});

// Written out so editors and the API reference show the fields; `row-types.test-d.ts` keeps it
// equal to what `customEventSchema` yields.
/** A custom story event: an occasion the parent describes once and reuses for stories. */
export type CustomEvent = {
  /** The server id (a cuid). */
  id: string;
  /** The owner's user id. */
  userId: string;
  title: string;
  description: string;
  /** What the story generator is told about the occasion. */
  promptSeed: string;
  category: string;
  ageRange: string | null;
  tone: string;
  pictogramEmoji: string | null;
  /** Opaque JSON; not settable through the API. */
  pictogramSymbols: JsonValue;
  /** Whether `customEvents.enhance()` rewrote it. */
  aiEnhanced: boolean;
  /** What `customEvents.enhance()` recorded: when, with which model, the original seed. */
  aiEnhancementMetadata: {
    enhancedAt: string;
    model: string;
    originalPromptSeed: string;
  } | null;
  keywords: string[] | null;
  /** How many stories were written for it. */
  usageCount: number;
  isFavorite: boolean;
  /** ISO timestamp, or `null` before its first story. */
  lastUsedAt: string | null;
  /** ISO timestamp. */
  createdAt: string;
  /** ISO timestamp of the last change on the server. */
  updatedAt: string;
};

/** Data of `GET /custom-events`. */
export const customEventListSchema = z.object({
  customEvents: z.array(customEventSchema),
  pagination: paginationSchema,
});

/** One page of `customEvents.list()`: `{ customEvents, pagination }`. */
export type CustomEventList = z.infer<typeof customEventListSchema>;

const title = z.string().check(z.minLength(1)).check(z.maxLength(200));
const promptSeed = z.string().check(z.minLength(1)).check(z.maxLength(2000));
const keywords = z.array(z.string().check(z.maxLength(50))).check(z.maxLength(20));

/**
 * Body of `POST /custom-events`. The server checks only `title` (1–200) and `promptSeed`
 * (1–2000); the other limits are the PATCH route's, applied here so a created event can also be
 * edited. `isFavorite`, `usageCount` and pictogram fields cannot be set on create.
 */
export const createCustomEventInputSchema = z.object({
  title,
  promptSeed,
  description: z.optional(z.string().check(z.maxLength(2000))),
  category: z.optional(z.string().check(z.maxLength(100))),
  ageRange: z.optional(z.string().check(z.maxLength(20))),
  tone: z.optional(z.string().check(z.maxLength(50))),
  keywords: z.optional(keywords),
});

/** Input of `customEvents.create()`. */
export type CreateCustomEventInput = {
  title: string;
  promptSeed: string;
  description?: string | undefined;
  category?: string | undefined;
  ageRange?: string | undefined;
  tone?: string | undefined;
  keywords?: string[] | undefined;
};

/** Body of `PATCH /custom-events/:id` (the server's zod `UpdateCustomEventSchema`). */
export const updateCustomEventInputSchema = z.object({
  title: z.optional(title),
  description: z.optional(z.string().check(z.maxLength(2000))),
  promptSeed: z.optional(promptSeed),
  category: z.optional(z.string().check(z.maxLength(100))),
  ageRange: z.optional(z.string().check(z.maxLength(20))),
  tone: z.optional(z.string().check(z.maxLength(50))),
  keywords: z.optional(keywords),
  isFavorite: z.optional(z.boolean()),
});

/** Input of `customEvents.update()`. */
export type UpdateCustomEventInput = {
  title?: string | undefined;
  description?: string | undefined;
  promptSeed?: string | undefined;
  category?: string | undefined;
  ageRange?: string | undefined;
  tone?: string | undefined;
  keywords?: string[] | undefined;
  isFavorite?: boolean | undefined;
};
