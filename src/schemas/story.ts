/** Story in its three response shapes, plus the story routes' bodies. */
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
  eventType: z.nullable(z.string()),
  customEventId: z.nullable(cuidSchema),
  audioUrl: z.nullable(z.string()),
  audioGenerationStatus: audioStatusSchema,
  audioGenerationError: z.nullable(z.string()),
  audioDuration: z.nullable(z.number()),
  illustrationStatus: storyIllustrationStatusSchema,
  illustrationCount: countSchema,
  isFavorite: z.boolean(),
  lastPlayedAt: nullableIsoTimestampSchema,
  playCount: countSchema,
  /** `{ prompt: {…}, scenesExtracted }` on generated stories; opaque JSON. */
  generationMetadata: z.nullable(z.record(z.string(), jsonValueSchema)),
  createdAt: isoTimestampSchema,
  updatedAt: isoTimestampSchema,
});

// Written out so editors and the API reference show the fields; `row-types.test-d.ts` keeps it
// equal to what `storyRowSchema` yields.
/** A story as the server stores it, without includes. */
export type StoryRow = {
  /** The server id (a cuid). */
  id: string;
  /** The hero the story is about. */
  heroId: string;
  /** The owner's user id. */
  userId: string;
  title: string;
  content: string;
  /** A language code, `'en'` by default. */
  language: string;
  /** The occasion the story was written for (`'Bedtime Adventure'`…), if any. */
  eventType: string | null;
  /** The custom event the story was written for, if any. */
  customEventId: string | null;
  /**
   * A signed download URL of the narration, valid for 15 minutes and different in every
   * response: use `stories.audioRef(id)` with `client.media` instead of keeping it.
   */
  audioUrl: string | null;
  audioGenerationStatus: 'pending' | 'processing' | 'completed' | 'failed';
  audioGenerationError: string | null;
  /** Seconds. */
  audioDuration: number | null;
  illustrationStatus: 'none' | 'pending' | 'processing' | 'completed' | 'partial' | 'failed';
  illustrationCount: number;
  isFavorite: boolean;
  /** ISO timestamp, or `null` before the first play. */
  lastPlayedAt: string | null;
  playCount: number;
  /** `{ prompt: {…}, scenesExtracted }` on generated stories; opaque JSON. */
  generationMetadata: { [key: string]: JsonValue } | null;
  /** ISO timestamp. */
  createdAt: string;
  /** ISO timestamp of the last change on the server. */
  updatedAt: string;
};

/** `hero` on story lists and PATCH responses. */
export const storyHeroSummarySchema = z.object({
  id: cuidSchema,
  name: z.string(),
  avatarUrl: z.nullable(z.string()),
});

/** `hero` on a single story GET. */
export const storyHeroDetailSchema = z.extend(storyHeroSummarySchema, {
  age: z.int(),
  traits: stringArraySchema,
});

const illustrationCount = z.object({ illustrations: countSchema });

/**
 * A story in `GET /stories` (and the PATCH response, which has no `illustrations`):
 * `illustrations` is present only with `includeIllustrations=true` and is unordered.
 */
export const storyListItemSchema = z.extend(storyRowSchema, {
  hero: storyHeroSummarySchema,
  _count: illustrationCount,
  illustrations: z.optional(z.array(illustrationSchema)),
});

/** A story from `stories.list()` / `stories.update()`. */
export type StoryListItem = z.infer<typeof storyListItemSchema>;

/** A story from `GET /stories/:id`: illustrations ordered by `displayOrder` when included. */
export const storyDetailSchema = z.extend(storyRowSchema, {
  hero: storyHeroDetailSchema,
  customEvent: z.nullable(customEventSchema),
  _count: illustrationCount,
  illustrations: z.optional(z.array(illustrationSchema)),
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
  heroId: z.string().check(z.minLength(1)),
  language: z.string().check(z.minLength(1)),
  eventType: z.optional(z.string()),
  customEventId: z.optional(z.string().check(z.minLength(1))),
  customPrompt: z.optional(z.string()),
  maxTokens: z.optional(z.int().check(z.positive())),
});

/** Input of `stories.generate()`. */
export type GenerateStoryInput = {
  heroId: string;
  language: string;
  eventType?: string | undefined;
  customEventId?: string | undefined;
  customPrompt?: string | undefined;
  maxTokens?: number | undefined;
};

/**
 * Body of `PATCH /stories/:id`. The server ignores empty strings for `title`, `content` and
 * `language` (they cannot be cleared), so they are rejected here. Changing `content` resets the
 * audio to `pending`.
 */
export const updateStoryInputSchema = z.object({
  title: z.optional(z.string().check(z.minLength(1))),
  content: z.optional(z.string().check(z.minLength(1))),
  isFavorite: z.optional(z.boolean()),
  language: z.optional(z.string().check(z.minLength(1))),
});

/** Input of `stories.update()`. */
export type UpdateStoryInput = {
  title?: string | undefined;
  content?: string | undefined;
  isFavorite?: boolean | undefined;
  language?: string | undefined;
};

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

// Written out (`row-types.test-d.ts` keeps it equal to what `voiceSchema` yields).
/** A text-to-speech voice of `stories.generateAudio()`. */
export type Voice =
  | 'alloy'
  | 'echo'
  | 'fable'
  | 'onyx'
  | 'nova'
  | 'shimmer'
  | 'ash'
  | 'ballad'
  | 'coral'
  | 'sage';

/** Body of `POST /stories/:id/audio`. */
export const generateAudioInputSchema = z.object({
  voice: z.optional(voiceSchema),
  regenerate: z.optional(z.boolean()),
});

/** Input of `stories.generateAudio()`. */
export type GenerateAudioInput = {
  voice?: Voice | undefined;
  regenerate?: boolean | undefined;
};

/** Data of `GET /stories/:id/audio`. */
export const storyAudioSchema = z.object({
  audioUrl: z.nullable(z.string()),
  audioDuration: z.nullable(z.number()),
  status: audioStatusSchema,
  error: z.nullable(z.string()),
});

/** Result of `stories.getAudio()`. */
export type StoryAudio = z.infer<typeof storyAudioSchema>;

/**
 * Data of `POST /stories/:id/audio`. When audio already existed (no `regenerate`), `voice` is
 * absent and the server's message says so.
 */
export const generatedAudioSchema = z.object({
  audioUrl: z.string(),
  audioDuration: z.nullable(z.number()),
  voice: z.optional(z.string()),
  status: z.literal('completed'),
});

/** Result of `stories.generateAudio()`. */
export type GeneratedAudio = z.infer<typeof generatedAudioSchema>;
