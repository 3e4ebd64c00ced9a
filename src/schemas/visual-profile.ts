/** HeroVisualProfile: the 1:1 visual description of a hero. */
import * as z from 'zod';
import { cuidSchema, isoTimestampSchema, stringArraySchema } from './common.js';

const text = z.string().nullable();

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
  age: z.number().int().nullable(),
  typicalClothing: text,
  colorPalette: stringArraySchema.nullable(),
  accessories: text,
  artStyle: text,
  visualKeywords: stringArraySchema.nullable(),
  canonicalPrompt: text,
  simplifiedPrompt: text,
  createdAt: isoTimestampSchema,
  updatedAt: isoTimestampSchema,
});

/** A hero's visual profile. */
export type VisualProfile = z.infer<typeof visualProfileSchema>;

/**
 * Body of visual-profile POST and PATCH: every field optional; strings may be `''` (that is how
 * a field is cleared), arrays are string arrays.
 */
export const visualProfileInputSchema = z.object({
  hairStyle: z.string().optional(),
  hairColor: z.string().optional(),
  hairTexture: z.string().optional(),
  eyeColor: z.string().optional(),
  eyeShape: z.string().optional(),
  skinTone: z.string().optional(),
  facialFeatures: z.string().optional(),
  bodyType: z.string().optional(),
  height: z.string().optional(),
  age: z.number().int().optional(),
  typicalClothing: z.string().optional(),
  colorPalette: stringArraySchema.optional(),
  accessories: z.string().optional(),
  artStyle: z.string().optional(),
  visualKeywords: stringArraySchema.optional(),
  canonicalPrompt: z.string().optional(),
  simplifiedPrompt: z.string().optional(),
});

/** Input of `heroes.visualProfile.create` / `update`. */
export type VisualProfileInput = z.input<typeof visualProfileInputSchema>;

/** Data of a visual-profile DELETE: `{ heroId }`. */
export const visualProfileDeletedSchema = z.object({ heroId: cuidSchema });

/** Result of `heroes.visualProfile.delete`. */
export type VisualProfileDeleted = z.infer<typeof visualProfileDeletedSchema>;
