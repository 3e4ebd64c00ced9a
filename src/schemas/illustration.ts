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

// Written out so editors and the API reference show the fields; `row-types.test-d.ts` keeps it
// equal to what `illustrationListEntrySchema` yields.
/** An illustration of a story, as `GET /stories/:id/illustrations` returns it. */
export type IllustrationListEntry = {
  /** The server id (a cuid). */
  id: string;
  /** The story it illustrates. */
  storyId: string;
  imagePrompt: string;
  /** The part of the story it shows. */
  sceneDescription: string;
  /** Its place among the story's illustrations, from 0. */
  displayOrder: number;
  /** Seconds into the narration where the scene starts. */
  audioTimestamp: number;
  /** Seconds the scene lasts in the narration, when known. */
  audioDuration: number | null;
  /** Identifies the current image; changes when the image is generated again. */
  generationId: string | null;
  previousGenerationId: string | null;
  generationStatus: 'pending' | 'processing' | 'completed' | 'failed';
  generationError: string | null;
  retryCount: number;
  /** ISO timestamp. */
  createdAt: string;
  /** ISO timestamp of the last change on the server. */
  updatedAt: string;
  /**
   * A signed download URL, valid for 15 minutes and different in every response, or `null`
   * while not generated: use `illustrations.imageRef(id)` with `client.media` instead.
   */
  imageUrl: string | null;
};

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
