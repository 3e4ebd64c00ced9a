/** Hero in its response shapes, plus the hero routes' bodies. */
import * as z from 'zod/mini';
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
  age: z.int(),
  userId: userIdSchema,
  hairColor: z.nullable(z.string()),
  eyeColor: z.nullable(z.string()),
  skinTone: z.nullable(z.string()),
  height: z.nullable(z.string()),
  traits: stringArraySchema,
  specialAbilities: z.nullable(stringArraySchema),
  appearance: z.nullable(z.string()),
  avatarUrl: z.nullable(z.string()),
  avatarPrompt: z.nullable(z.string()),
  avatarGenerationId: z.nullable(z.string()),
  /** Unused by the server (always `null`); the profile is keyed by `heroId`. */
  visualProfileId: z.nullable(z.string()),
  createdAt: isoTimestampSchema,
  updatedAt: isoTimestampSchema,
});

// Written out so editors and the API reference show the fields; `row-types.test-d.ts` keeps it
// equal to what `heroRowSchema` yields.
/** A hero as the server stores it, without includes. */
export type HeroRow = {
  /** The server id (a cuid). */
  id: string;
  name: string;
  /** 3–12. */
  age: number;
  /** The owner's user id. */
  userId: string;
  hairColor: string | null;
  eyeColor: string | null;
  skinTone: string | null;
  height: string | null;
  /** 1–20 traits, e.g. `['brave', 'curious']`. */
  traits: string[];
  specialAbilities: string[] | null;
  appearance: string | null;
  /**
   * A signed download URL of the avatar, valid for 15 minutes and different in every response:
   * use `heroes.avatarRef(id)` with `client.media` instead of keeping it.
   */
  avatarUrl: string | null;
  avatarPrompt: string | null;
  /** Identifies the current avatar image; changes when a new avatar is generated. */
  avatarGenerationId: string | null;
  /** Unused by the server (always `null`); the profile is keyed by `heroId`. */
  visualProfileId: string | null;
  /** ISO timestamp. */
  createdAt: string;
  /** ISO timestamp of the last change on the server. */
  updatedAt: string;
};

/** A hero with its `visualProfile` (object or `null`): what create and PATCH return. */
export const heroSchema = z.extend(heroRowSchema, {
  visualProfile: z.nullable(visualProfileSchema),
});

/** A hero as `heroes.create()` / `heroes.update()` return it. */
export type Hero = z.infer<typeof heroSchema>;

/**
 * A hero from `GET /heroes/:id`: `stories` (10 newest rows) only with `includeStories=true`;
 * no `_count`.
 */
export const heroDetailSchema = z.extend(heroSchema, {
  stories: z.optional(z.array(storyRowSchema)),
});

/** A hero from `heroes.get()`. */
export type HeroDetail = z.infer<typeof heroDetailSchema>;

/**
 * A hero in `GET /heroes`: `_count.stories` always, `stories` (5 newest rows) only with
 * `includeStories=true`.
 */
export const heroListItemSchema = z.extend(heroSchema, {
  _count: z.object({ stories: countSchema }),
  stories: z.optional(z.array(storyRowSchema)),
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

const name = z.string().check(z.minLength(1)).check(z.maxLength(200));
const age = z.int().check(z.gte(3)).check(z.lte(12));
const traits = z
  .array(z.string().check(z.maxLength(100)))
  .check(z.minLength(1))
  .check(z.maxLength(20));
const shortText = z.string().check(z.maxLength(50));
const specialAbilities = z.array(z.string().check(z.maxLength(200))).check(z.maxLength(10));
const appearance = z.string().check(z.maxLength(500));

/**
 * Body of `POST /heroes`, with the server's zod rules: `name` 1–200, `age` integer 3–12,
 * `traits` 1–20 strings of ≤100, colours and `height` ≤50, `specialAbilities` ≤10 strings of
 * ≤200, `appearance` ≤500. Avatar fields cannot be set on create; unknown keys are dropped.
 */
export const createHeroInputSchema = z.object({
  name,
  age,
  traits,
  hairColor: z.optional(shortText),
  eyeColor: z.optional(shortText),
  skinTone: z.optional(shortText),
  height: z.optional(shortText),
  specialAbilities: z.optional(specialAbilities),
  appearance: z.optional(appearance),
});

/** Input of `heroes.create()`. */
export type CreateHeroInput = {
  name: string;
  age: number;
  traits: string[];
  hairColor?: string | undefined;
  eyeColor?: string | undefined;
  skinTone?: string | undefined;
  height?: string | undefined;
  specialAbilities?: string[] | undefined;
  appearance?: string | undefined;
};

/**
 * Body of `PATCH /heroes/:id`. The server validates nothing and ignores falsy values (except
 * `age` and `appearance`), so the create rules are applied here and empty strings are refused
 * for fields that cannot be cleared. `appearance` can be cleared with `null` or `''`. The avatar
 * fields exist for migrations that re-point an avatar.
 */
export const updateHeroInputSchema = z.object({
  name: z.optional(name),
  age: z.optional(age),
  traits: z.optional(traits),
  hairColor: z.optional(shortText.check(z.minLength(1))),
  eyeColor: z.optional(shortText.check(z.minLength(1))),
  skinTone: z.optional(shortText.check(z.minLength(1))),
  height: z.optional(shortText.check(z.minLength(1))),
  specialAbilities: z.optional(specialAbilities),
  appearance: z.optional(z.nullable(appearance)),
  avatarUrl: z.optional(z.string().check(z.minLength(1))),
  avatarPrompt: z.optional(z.string().check(z.minLength(1))),
  avatarGenerationId: z.optional(z.string().check(z.minLength(1))),
});

/** Input of `heroes.update()`. */
export type UpdateHeroInput = {
  name?: string | undefined;
  age?: number | undefined;
  traits?: string[] | undefined;
  hairColor?: string | undefined;
  eyeColor?: string | undefined;
  skinTone?: string | undefined;
  height?: string | undefined;
  specialAbilities?: string[] | undefined;
  appearance?: string | null | undefined;
  avatarUrl?: string | undefined;
  avatarPrompt?: string | undefined;
  avatarGenerationId?: string | undefined;
};

/** Body of `POST /heroes/:id/avatar` (`prompt` is ignored by the server, so not accepted). */
export const generateAvatarInputSchema = z.object({
  style: z.optional(z.enum(['standard', 'hd'])),
  size: z.optional(z.literal('1024x1024')),
});

/** Input of `heroes.generateAvatar()`. */
export type GenerateAvatarInput = {
  style?: 'standard' | 'hd' | undefined;
  size?: '1024x1024' | undefined;
};

/** Data of `POST /heroes/:id/avatar`. */
export const generatedAvatarSchema = z.object({
  heroId: cuidSchema,
  avatarUrl: z.string(),
  generationId: z.string(),
});

/** Result of `heroes.generateAvatar()`. */
export type GeneratedAvatar = z.infer<typeof generatedAvatarSchema>;
