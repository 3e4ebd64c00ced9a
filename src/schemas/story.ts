/** Story in its three response shapes, plus the story routes' bodies. */
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
import { customEventSchema } from './custom-event.js';
import { illustrationSchema, storyIllustrationStatusSchema } from './illustration.js';

/** Audio generation status of a story. */
export const audioStatusSchema = z.enum(['pending', 'processing', 'completed', 'failed']);

/** Audio generation status of a story. */
export type AudioStatus = z.infer<typeof audioStatusSchema>;

/**
 * A story row as stored (`POST /stories` answers it "as first created"; hero includes embed it).
 * `audioUrl` is a signed URL when present.
 */
export const storyRowSchema = z.object({
  id: cuidSchema,
  heroId: cuidSchema,
  userId: userIdSchema,
  title: z.string(),
  content: z.string(),
  language: z.string(),
  eventType: z.string().nullable(),
  customEventId: cuidSchema.nullable(),
  audioUrl: z.string().nullable(),
  audioGenerationStatus: audioStatusSchema,
  audioGenerationError: z.string().nullable(),
  audioDuration: z.number().nullable(),
  illustrationStatus: storyIllustrationStatusSchema,
  illustrationCount: countSchema,
  isFavorite: z.boolean(),
  lastPlayedAt: nullableIsoTimestampSchema,
  playCount: countSchema,
  /** `{ prompt: {…}, scenesExtracted }` on generated stories; opaque JSON. */
  generationMetadata: z.record(z.string(), z.json()).nullable(),
  createdAt: isoTimestampSchema,
  updatedAt: isoTimestampSchema,
});

/** A story row without includes. */
export type StoryRow = z.infer<typeof storyRowSchema>;

/** `hero` on story lists and PATCH responses. */
export const storyHeroSummarySchema = z.object({
  id: cuidSchema,
  name: z.string(),
  avatarUrl: z.string().nullable(),
});

/** `hero` on a single story GET. */
export const storyHeroDetailSchema = storyHeroSummarySchema.extend({
  age: z.number().int(),
  traits: stringArraySchema,
});

const illustrationCount = z.object({ illustrations: countSchema });

/**
 * A story in `GET /stories` (and the PATCH response, which has no `illustrations`):
 * `illustrations` is present only with `includeIllustrations=true` and is unordered.
 */
export const storyListItemSchema = storyRowSchema.extend({
  hero: storyHeroSummarySchema,
  _count: illustrationCount,
  illustrations: z.array(illustrationSchema).optional(),
});

/** A story from `stories.list()` / `stories.update()`. */
export type StoryListItem = z.infer<typeof storyListItemSchema>;

/** A story from `GET /stories/:id`: illustrations ordered by `displayOrder` when included. */
export const storyDetailSchema = storyRowSchema.extend({
  hero: storyHeroDetailSchema,
  customEvent: customEventSchema.nullable(),
  _count: illustrationCount,
  illustrations: z.array(illustrationSchema).optional(),
});

/** A story from `stories.get()`. */
export type StoryDetail = z.infer<typeof storyDetailSchema>;

/** Data of `GET /stories`. */
export const storyListSchema = z.object({
  stories: z.array(storyListItemSchema),
  pagination: paginationSchema,
});

/** One page of `stories.list()`: `{ stories, pagination }`. */
export type StoryList = z.infer<typeof storyListSchema>;

/**
 * Body of `POST /stories` (generate and persist). `title`, `generateAudio` and
 * `generateIllustrations` are ignored by the server and therefore not accepted here.
 */
export const generateStoryInputSchema = z.object({
  heroId: z.string().min(1),
  language: z.string().min(1),
  eventType: z.string().optional(),
  customEventId: z.string().min(1).optional(),
  customPrompt: z.string().optional(),
  maxTokens: z.number().int().positive().optional(),
});

/** Input of `stories.generate()`. */
export type GenerateStoryInput = z.input<typeof generateStoryInputSchema>;

/**
 * Body of `PATCH /stories/:id`. The server ignores empty strings for `title`, `content` and
 * `language` (they cannot be cleared), so they are rejected here. Changing `content` resets the
 * audio to `pending`.
 */
export const updateStoryInputSchema = z.object({
  title: z.string().min(1).optional(),
  content: z.string().min(1).optional(),
  isFavorite: z.boolean().optional(),
  language: z.string().min(1).optional(),
});

/** Input of `stories.update()`. */
export type UpdateStoryInput = z.input<typeof updateStoryInputSchema>;

/** Data of `POST /stories/:id/play`. */
export const storyPlaySchema = z.object({
  id: cuidSchema,
  playCount: countSchema,
  lastPlayedAt: isoTimestampSchema,
});

/** Result of `stories.play()`. */
export type StoryPlay = z.infer<typeof storyPlaySchema>;

/** The TTS voices `POST /stories/:id/audio` accepts. */
export const voiceSchema = z.enum([
  'alloy',
  'echo',
  'fable',
  'onyx',
  'nova',
  'shimmer',
  'ash',
  'ballad',
  'coral',
  'sage',
]);

/** A TTS voice. */
export type Voice = z.infer<typeof voiceSchema>;

/** Body of `POST /stories/:id/audio`. */
export const generateAudioInputSchema = z.object({
  voice: voiceSchema.optional(),
  regenerate: z.boolean().optional(),
});

/** Input of `stories.generateAudio()`. */
export type GenerateAudioInput = z.input<typeof generateAudioInputSchema>;

/** Data of `GET /stories/:id/audio`. */
export const storyAudioSchema = z.object({
  audioUrl: z.string().nullable(),
  audioDuration: z.number().nullable(),
  status: audioStatusSchema,
  error: z.string().nullable(),
});

/** Result of `stories.getAudio()`. */
export type StoryAudio = z.infer<typeof storyAudioSchema>;

/**
 * Data of `POST /stories/:id/audio`. When audio already existed (no `regenerate`), `voice` is
 * absent and the server's message says so.
 */
export const generatedAudioSchema = z.object({
  audioUrl: z.string(),
  audioDuration: z.number().nullable(),
  voice: z.string().optional(),
  status: z.literal('completed'),
});

/** Result of `stories.generateAudio()`. */
export type GeneratedAudio = z.infer<typeof generatedAudioSchema>;
