/** Hero in its response shapes, plus the hero routes' bodies. */
import * as z from 'zod';
import {
  countSchema,
  cuidSchema,
  isoTimestampSchema,
  paginationSchema,
  stringArraySchema,
  userIdSchema,
} from './common.js';
import { storyRowSchema } from './story.js';
import { visualProfileSchema } from './visual-profile.js';

/** A hero row as stored; `avatarUrl` is a signed URL when present. */
export const heroRowSchema = z.object({
  id: cuidSchema,
  name: z.string(),
  age: z.number().int(),
  userId: userIdSchema,
  hairColor: z.string().nullable(),
  eyeColor: z.string().nullable(),
  skinTone: z.string().nullable(),
  height: z.string().nullable(),
  traits: stringArraySchema,
  specialAbilities: stringArraySchema.nullable(),
  appearance: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  avatarPrompt: z.string().nullable(),
  avatarGenerationId: z.string().nullable(),
  /** Unused by the server (always `null`); the profile is keyed by `heroId`. */
  visualProfileId: z.string().nullable(),
  createdAt: isoTimestampSchema,
  updatedAt: isoTimestampSchema,
});

/** A hero row without includes. */
export type HeroRow = z.infer<typeof heroRowSchema>;

/** A hero with its `visualProfile` (object or `null`): what create and PATCH return. */
export const heroSchema = heroRowSchema.extend({
  visualProfile: visualProfileSchema.nullable(),
});

/** A hero as `heroes.create()` / `heroes.update()` return it. */
export type Hero = z.infer<typeof heroSchema>;

/**
 * A hero from `GET /heroes/:id`: `stories` (10 newest rows) only with `includeStories=true`;
 * no `_count`.
 */
export const heroDetailSchema = heroSchema.extend({
  stories: z.array(storyRowSchema).optional(),
});

/** A hero from `heroes.get()`. */
export type HeroDetail = z.infer<typeof heroDetailSchema>;

/**
 * A hero in `GET /heroes`: `_count.stories` always, `stories` (5 newest rows) only with
 * `includeStories=true`.
 */
export const heroListItemSchema = heroSchema.extend({
  _count: z.object({ stories: countSchema }),
  stories: z.array(storyRowSchema).optional(),
});

/** A hero from `heroes.list()`. */
export type HeroListItem = z.infer<typeof heroListItemSchema>;

/** Data of `GET /heroes`. */
export const heroListSchema = z.object({
  heroes: z.array(heroListItemSchema),
  pagination: paginationSchema,
});

/** One page of `heroes.list()`: `{ heroes, pagination }`. */
export type HeroList = z.infer<typeof heroListSchema>;

const name = z.string().min(1).max(200);
const age = z.number().int().min(3).max(12);
const traits = z.array(z.string().max(100)).min(1).max(20);
const shortText = z.string().max(50);
const specialAbilities = z.array(z.string().max(200)).max(10);
const appearance = z.string().max(500);

/**
 * Body of `POST /heroes`, with the server's zod rules: `name` 1–200, `age` integer 3–12,
 * `traits` 1–20 strings of ≤100, colours and `height` ≤50, `specialAbilities` ≤10 strings of
 * ≤200, `appearance` ≤500. Avatar fields cannot be set on create; unknown keys are dropped.
 */
export const createHeroInputSchema = z.object({
  name,
  age,
  traits,
  hairColor: shortText.optional(),
  eyeColor: shortText.optional(),
  skinTone: shortText.optional(),
  height: shortText.optional(),
  specialAbilities: specialAbilities.optional(),
  appearance: appearance.optional(),
});

/** Input of `heroes.create()`. */
export type CreateHeroInput = z.input<typeof createHeroInputSchema>;

/**
 * Body of `PATCH /heroes/:id`. The server validates nothing and ignores falsy values (except
 * `age` and `appearance`), so the create rules are applied here and empty strings are refused
 * for fields that cannot be cleared. `appearance` can be cleared with `null` or `''`. The avatar
 * fields exist for migrations that re-point an avatar.
 */
export const updateHeroInputSchema = z.object({
  name: name.optional(),
  age: age.optional(),
  traits: traits.optional(),
  hairColor: shortText.min(1).optional(),
  eyeColor: shortText.min(1).optional(),
  skinTone: shortText.min(1).optional(),
  height: shortText.min(1).optional(),
  specialAbilities: specialAbilities.optional(),
  appearance: appearance.nullable().optional(),
  avatarUrl: z.string().min(1).optional(),
  avatarPrompt: z.string().min(1).optional(),
  avatarGenerationId: z.string().min(1).optional(),
});

/** Input of `heroes.update()`. */
export type UpdateHeroInput = z.input<typeof updateHeroInputSchema>;

/** Body of `POST /heroes/:id/avatar` (`prompt` is ignored by the server, so not accepted). */
export const generateAvatarInputSchema = z.object({
  style: z.enum(['standard', 'hd']).optional(),
  size: z.literal('1024x1024').optional(),
});

/** Input of `heroes.generateAvatar()`. */
export type GenerateAvatarInput = z.input<typeof generateAvatarInputSchema>;

/** Data of `POST /heroes/:id/avatar`. */
export const generatedAvatarSchema = z.object({
  heroId: cuidSchema,
  avatarUrl: z.string(),
  generationId: z.string(),
});

/** Result of `heroes.generateAvatar()`. */
export type GeneratedAvatar = z.infer<typeof generatedAvatarSchema>;
