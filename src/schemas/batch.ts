/**
 * The two batch import routes: `/api/batch` (heroes) and
 * `/api/batch/stories`. Their response has its own envelope, they are not idempotent, and a
 * `success: false` answer may report `serverId`s that were rolled back: verify them.
 */
import * as z from 'zod';
import { countSchema, cuidSchema } from './common.js';

/** The most items one batch call may carry. */
export const BATCH_MAX_ITEMS = 100;

/**
 * One hero of `POST /api/batch`. `id` is the caller's local id, echoed back as `localId`. The
 * server validates nothing (a missing `age` fails that item); there is no `appearance` field.
 */
export const batchHeroInputSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  age: z.number().int(),
  traits: z.array(z.string()),
  specialAbilities: z.array(z.string()).nullable().optional(),
  avatarUrl: z.string().nullable().optional(),
  avatarPrompt: z.string().nullable().optional(),
  avatarGenerationId: z.string().nullable().optional(),
  hairColor: z.string().nullable().optional(),
  eyeColor: z.string().nullable().optional(),
  skinTone: z.string().nullable().optional(),
  height: z.string().nullable().optional(),
});

/** One hero of `batch.importHeroes()`. */
export type BatchHeroInput = z.input<typeof batchHeroInputSchema>;

/**
 * One story of `POST /api/batch/stories`. `heroId` must be a server id the user owns;
 * `audioUrl`, when given, must already point into the backend's storage.
 */
export const batchStoryInputSchema = z.object({
  id: z.string().min(1),
  heroId: z.string().min(1),
  title: z.string(),
  content: z.string(),
  eventType: z.string().nullable().optional(),
  customEventId: z.string().nullable().optional(),
  language: z.string().optional(),
  isFavorite: z.boolean().optional(),
  audioUrl: z.string().nullable().optional(),
  audioDuration: z.number().nullable().optional(),
});

/** One story of `batch.importStories()`. */
export type BatchStoryInput = z.input<typeof batchStoryInputSchema>;

function batchResultSchema<C extends z.ZodType, F extends z.ZodType>(created: C, failed: F) {
  return z.object({
    success: z.boolean(),
    created: countSchema,
    failed: countSchema,
    total: countSchema,
    results: z.object({
      created: z.array(created),
      failed: z.array(failed),
      total: countSchema,
    }),
  });
}

/** Body of a `POST /api/batch` answer (no `{ data }` envelope). */
export const batchHeroesResultSchema = batchResultSchema(
  z.object({ localId: z.string(), serverId: cuidSchema, name: z.string() }),
  z.object({ localId: z.string(), name: z.string(), error: z.string() }),
);

/** Result of `batch.importHeroes()`. */
export type BatchHeroesResult = z.infer<typeof batchHeroesResultSchema>;

/** Body of a `POST /api/batch/stories` answer (no `{ data }` envelope). */
export const batchStoriesResultSchema = batchResultSchema(
  z.object({ localId: z.string(), serverId: cuidSchema, title: z.string() }),
  z.object({ localId: z.string(), title: z.string(), error: z.string() }),
);

/** Result of `batch.importStories()`. */
export type BatchStoriesResult = z.infer<typeof batchStoriesResultSchema>;
