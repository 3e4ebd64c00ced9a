/** HeroVisualProfile: the 1:1 visual description of a hero. */
import * as z from 'zod/mini';
import { cuidSchema, isoTimestampSchema, stringArraySchema } from './common.js';

const text = z.nullable(z.string());

/** A visual profile row as every visual-profile route and the hero includes return it. */
export const visualProfileSchema = z.object({
  id: cuidSchema,
  heroId: cuidSchema,
  hairStyle: text,
  hairColor: text,
  hairTexture: text,
  eyeColor: text,
  eyeShape: text,
  skinTone: text,
  facialFeatures: text,
  bodyType: text,
  height: text,
  age: z.nullable(z.int()),
  typicalClothing: text,
  colorPalette: z.nullable(stringArraySchema),
  accessories: text,
  artStyle: text,
  visualKeywords: z.nullable(stringArraySchema),
  canonicalPrompt: text,
  simplifiedPrompt: text,
  createdAt: isoTimestampSchema,
  updatedAt: isoTimestampSchema,
});

// Written out so editors and the API reference show the fields; `row-types.test-d.ts` keeps it
// equal to what `visualProfileSchema` yields.
/** A hero's visual profile: how the hero looks, so every illustration draws the same child. */
export type VisualProfile = {
  /** The server id (a cuid). */
  id: string;
  /** The hero it describes (one profile per hero). */
  heroId: string;
  hairStyle: string | null;
  hairColor: string | null;
  hairTexture: string | null;
  eyeColor: string | null;
  eyeShape: string | null;
  skinTone: string | null;
  facialFeatures: string | null;
  bodyType: string | null;
  height: string | null;
  age: number | null;
  typicalClothing: string | null;
  colorPalette: string[] | null;
  accessories: string | null;
  artStyle: string | null;
  visualKeywords: string[] | null;
  /** A description of the hero for the image generator. */
  canonicalPrompt: string | null;
  /** A shorter description of the hero. */
  simplifiedPrompt: string | null;
  /** ISO timestamp. */
  createdAt: string;
  /** ISO timestamp of the last change on the server. */
  updatedAt: string;
};

/**
 * Body of visual-profile POST and PATCH: every field optional; strings may be `''` (that is how
 * a field is cleared), arrays are string arrays.
 */
export const visualProfileInputSchema = z.object({
  hairStyle: z.optional(z.string()),
  hairColor: z.optional(z.string()),
  hairTexture: z.optional(z.string()),
  eyeColor: z.optional(z.string()),
  eyeShape: z.optional(z.string()),
  skinTone: z.optional(z.string()),
  facialFeatures: z.optional(z.string()),
  bodyType: z.optional(z.string()),
  height: z.optional(z.string()),
  age: z.optional(z.int()),
  typicalClothing: z.optional(z.string()),
  colorPalette: z.optional(stringArraySchema),
  accessories: z.optional(z.string()),
  artStyle: z.optional(z.string()),
  visualKeywords: z.optional(stringArraySchema),
  canonicalPrompt: z.optional(z.string()),
  simplifiedPrompt: z.optional(z.string()),
});

/** Input of `heroes.visualProfile.create` / `update`. */
export type VisualProfileInput = {
  hairStyle?: string | undefined;
  hairColor?: string | undefined;
  hairTexture?: string | undefined;
  eyeColor?: string | undefined;
  eyeShape?: string | undefined;
  skinTone?: string | undefined;
  facialFeatures?: string | undefined;
  bodyType?: string | undefined;
  height?: string | undefined;
  age?: number | undefined;
  typicalClothing?: string | undefined;
  colorPalette?: string[] | undefined;
  accessories?: string | undefined;
  artStyle?: string | undefined;
  visualKeywords?: string[] | undefined;
  canonicalPrompt?: string | undefined;
  simplifiedPrompt?: string | undefined;
};

/** Data of a visual-profile DELETE: `{ heroId }`. */
export const visualProfileDeletedSchema = z.object({ heroId: cuidSchema });

/** Result of `heroes.visualProfile.delete`. */
export type VisualProfileDeleted = z.infer<typeof visualProfileDeletedSchema>;
