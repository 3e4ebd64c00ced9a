/**
 * The two batch import routes: `/api/batch` (heroes) and
 * `/api/batch/stories`. Their response has its own envelope, they are not idempotent, and a
 * `success: false` answer may report `serverId`s that were rolled back: verify them.
 */
import * as z from 'zod/mini';
import { countSchema, cuidSchema } from './common.js';

/** The most items one batch call may carry. */
export const BATCH_MAX_ITEMS = 100;

/**
 * One hero of `POST /api/batch`. `id` is the caller's local id, echoed back as `localId`. The
 * server validates nothing (a missing `age` fails that item); there is no `appearance` field.
 */
export const batchHeroInputSchema = z.object({
  id: z.string().check(z.minLength(1)),
  name: z.string(),
  age: z.int(),
  traits: z.array(z.string()),
  specialAbilities: z.optional(z.nullable(z.array(z.string()))),
  avatarUrl: z.optional(z.nullable(z.string())),
  avatarPrompt: z.optional(z.nullable(z.string())),
  avatarGenerationId: z.optional(z.nullable(z.string())),
  hairColor: z.optional(z.nullable(z.string())),
  eyeColor: z.optional(z.nullable(z.string())),
  skinTone: z.optional(z.nullable(z.string())),
  height: z.optional(z.nullable(z.string())),
});

/** One hero of `batch.importHeroes()`. */
export type BatchHeroInput = {
  id: string;
  name: string;
  age: number;
  traits: string[];
  specialAbilities?: string[] | null | undefined;
  avatarUrl?: string | null | undefined;
  avatarPrompt?: string | null | undefined;
  avatarGenerationId?: string | null | undefined;
  hairColor?: string | null | undefined;
  eyeColor?: string | null | undefined;
  skinTone?: string | null | undefined;
  height?: string | null | undefined;
};

/**
 * One story of `POST /api/batch/stories`. `heroId` must be a server id the user owns;
 * `audioUrl`, when given, must already point into the backend's storage.
 */
export const batchStoryInputSchema = z.object({
  id: z.string().check(z.minLength(1)),
  heroId: z.string().check(z.minLength(1)),
  title: z.string(),
  content: z.string(),
  eventType: z.optional(z.nullable(z.string())),
  customEventId: z.optional(z.nullable(z.string())),
  language: z.optional(z.string()),
  isFavorite: z.optional(z.boolean()),
  audioUrl: z.optional(z.nullable(z.string())),
  audioDuration: z.optional(z.nullable(z.number())),
});

/** One story of `batch.importStories()`. */
export type BatchStoryInput = {
  id: string;
  heroId: string;
  title: string;
  content: string;
  eventType?: string | null | undefined;
  customEventId?: string | null | undefined;
  language?: string | undefined;
  isFavorite?: boolean | undefined;
  audioUrl?: string | null | undefined;
  audioDuration?: number | null | undefined;
};

function batchResultSchema<C extends z.ZodMiniType, F extends z.ZodMiniType>(
  created: C,
  failed: F,
) {
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
