/** StoryIllustration and the illustration routes' shapes. */
import * as z from 'zod/mini';
import { countSchema, cuidSchema, isoTimestampSchema } from './common.js';

/** Generation status of one illustration. */
export const illustrationGenerationStatusSchema = z.enum([
  'pending',
  'processing',
  'completed',
  'failed',
]);

/** Generation status of one illustration. */
export type IllustrationGenerationStatus = z.infer<typeof illustrationGenerationStatusSchema>;

/** Story-level illustration status. */
export const storyIllustrationStatusSchema = z.enum([
  'none',
  'pending',
  'processing',
  'completed',
  'partial',
  'failed',
]);

/** Story-level illustration status. */
export type StoryIllustrationStatus = z.infer<typeof storyIllustrationStatusSchema>;

const illustrationFields = {
  id: cuidSchema,
  storyId: cuidSchema,
  imagePrompt: z.string(),
  sceneDescription: z.string(),
  displayOrder: z.int(),
  audioTimestamp: z.number(),
  audioDuration: z.nullable(z.number()),
  generationId: z.nullable(z.string()),
  previousGenerationId: z.nullable(z.string()),
  generationStatus: illustrationGenerationStatusSchema,
  generationError: z.nullable(z.string()),
  retryCount: countSchema,
  createdAt: isoTimestampSchema,
  updatedAt: isoTimestampSchema,
};

/**
 * An illustration as story includes return it (`includeIllustrations=true`): `imageUrl` is a
 * signed URL, or `''` while not generated.
 */
export const illustrationSchema = z.object({ ...illustrationFields, imageUrl: z.string() });

/** An illustration inside a story include. */
export type Illustration = z.infer<typeof illustrationSchema>;

/**
 * An illustration as `GET /stories/:id/illustrations` returns it: `imageUrl` is `null` (not
 * `''`) while not generated.
 */
export const illustrationListEntrySchema = z.object({
  ...illustrationFields,
  imageUrl: z.nullable(z.string()),
});

/** An illustration from `stories.illustrations()`. */
export type IllustrationListEntry = z.infer<typeof illustrationListEntrySchema>;

/** Data of `GET /stories/:id/illustrations`, ordered by `displayOrder`. */
export const illustrationListSchema = z.object({
  illustrations: z.array(illustrationListEntrySchema),
  total: countSchema,
});

/** Result of `stories.illustrations()`. */
export type IllustrationList = z.infer<typeof illustrationListSchema>;

/** Data of `GET /stories/:id/illustrations/status`. */
export const illustrationStatusSchema = z.object({
  status: storyIllustrationStatusSchema,
  progress: z.int().check(z.gte(0)).check(z.lte(100)),
  total: countSchema,
  completed: countSchema,
  processing: countSchema,
  failed: countSchema,
  pending: countSchema,
  illustrations: z.array(
    z.object({
      id: cuidSchema,
      displayOrder: z.int(),
      status: illustrationGenerationStatusSchema,
      error: z.nullable(z.string()),
      retryCount: countSchema,
      hasImage: z.boolean(),
    }),
  ),
});

/** Result of `stories.illustrationStatus()`. */
export type IllustrationStatusReport = z.infer<typeof illustrationStatusSchema>;

/** Body of `POST /stories/:id/illustrations`. */
export const generateIllustrationsInputSchema = z.object({
  style: z.optional(z.enum(['standard', 'hd'])),
  maxIllustrations: z.optional(z.int().check(z.positive())),
});

/** Input of `stories.generateIllustrations()`. */
export type GenerateIllustrationsInput = {
  style?: 'standard' | 'hd' | undefined;
  maxIllustrations?: number | undefined;
};

/** Data of `POST /stories/:id/illustrations`. */
export const generateIllustrationsResultSchema = z.object({
  generated: countSchema,
  failed: countSchema,
  status: z.enum(['completed', 'partial']),
});

/** Result of `stories.generateIllustrations()`. */
export type GenerateIllustrationsResult = z.infer<typeof generateIllustrationsResultSchema>;
