/**
 * Stories: edits and deletes go through the outbox; there is no offline create (stories are
 * generated on the server). Generation, audio, illustrations and plays are online-only.
 */

import { audioRefOf, illustrationRefOf, type MediaRef } from '../media/media-ref.js';
import type {
  GenerateIllustrationsInput,
  GenerateIllustrationsResult,
  IllustrationStatusReport,
} from '../schemas/illustration.js';
import {
  type GenerateAudioInput,
  type GenerateStoryInput,
  type UpdateStoryInput,
  updateStoryInputSchema,
} from '../schemas/story.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import type { StoreQuery } from '../store/query.js';
import { RecordReader } from './record-reader.js';
import type { PageQuery, SortDirection, StoryRecord } from './record-types.js';
import type { NetworkOptions, RepositoryContext } from './repository-context.js';
import { validate } from './repository-context.js';
import { generateAudio, generateIllustrations, generateStory, markPlayed } from './story-online.js';
import type { Subscribable } from './subscribable.js';

const BY_ORDER = [{ field: 'displayOrder', direction: 'asc' }] as const;

/** Query of `stories.list()` / `stories.observe()`. */
export interface StoryQuery extends PageQuery {
  /** Only stories of this hero (local id). */
  readonly heroId?: string | undefined;
  /** Only favourites. */
  readonly favoritesOnly?: boolean | undefined;
  /** Only stories in this language (e.g. `en`). */
  readonly language?: string | undefined;
  /** Only stories built on this custom event (local id). */
  readonly customEventId?: string | undefined;
  /** Sort field. @default 'createdAt' */
  readonly orderBy?: 'createdAt' | 'updatedAt' | 'title' | 'lastPlayedAt' | 'playCount' | undefined;
  /** @default 'desc', except 'asc' for `title` */
  readonly direction?: SortDirection | undefined;
}

/** Options of `stories.generateIllustrations()`. */
export interface GenerateIllustrationsOptions extends NetworkOptions, GenerateIllustrationsInput {
  /** Called with each progress report while the server generates (polled). */
  readonly onProgress?: ((report: IllustrationStatusReport) => void) | undefined;
  /** How often to poll the status endpoint, in ms. @default 2000 */
  readonly pollIntervalMs?: number | undefined;
}

/** The stories of the signed-in user. */
export class StoryRepository extends RecordReader<StoryRecord> {
  /** @internal */
  constructor(context: RepositoryContext) {
    super(context, 'stories');
  }

  /**
   * Changes `title`, `content`, `isFavorite` or `language` locally and queues the update.
   * (On the server, a new `content` resets the audio to `pending`.)
   */
  async update(id: string, patch: UpdateStoryInput): Promise<StoryRecord> {
    const fields = validate('stories.update', updateStoryInputSchema, patch);
    return this.patch(id, fields, 'stories.update');
  }

  /** Hides the story at once and queues its deletion (its illustrations go with it). */
  async delete(id: string): Promise<void> {
    await this.context.store.delete('stories', id);
  }

  /** Stories matching `query`, newest first by default. Never waits for the network. */
  list(query: StoryQuery = {}): readonly StoryRecord[] {
    return this.select('stories.list', toStoreQuery(query));
  }

  /** A live `list(query)`. */
  observe(query: StoryQuery = {}): Subscribable<readonly StoryRecord[]> {
    return this.watch('stories.observe', toStoreQuery(query));
  }

  /**
   * The story's audio as a media ref for `client.media` (`null` while it has none, or for an
   * unknown story). The ref changes only when the audio is generated again, never with the URL.
   */
  audioRef(id: string): MediaRef | null {
    const story = this.get(id);
    return story ? audioRefOf(story) : null;
  }

  /** The media refs of a story: its audio, then its generated illustrations in order. */
  mediaRefs(id: string): readonly MediaRef[] {
    const audio = this.audioRef(id);
    const images = this.context.store
      .list('illustrations', { where: { storyId: id }, orderBy: BY_ORDER })
      .map((illustration) =>
        illustrationRefOf(illustration as unknown as Parameters<typeof illustrationRefOf>[0]),
      );
    return [audio, ...images].filter((ref): ref is MediaRef => ref !== null);
  }

  /**
   * Generates a story on the server (online only, slow, 5 per hour, never retried) and stores
   * it. `heroId` and `customEventId` are local ids; their records must be synced.
   */
  generate(input: GenerateStoryInput, options: NetworkOptions = {}): Promise<StoryRecord> {
    return generateStory(this.context, input, options);
  }

  /** Generates (or fetches existing) audio on the server (online only, 10 per hour). */
  generateAudio(
    id: string,
    input: GenerateAudioInput = {},
    options: NetworkOptions = {},
  ): Promise<StoryRecord> {
    return generateAudio(this.context, id, input, options);
  }

  /**
   * Generates the story's pending illustrations on the server (online only, 20 per hour),
   * reporting progress by polling, then stores them.
   */
  generateIllustrations(
    id: string,
    options: GenerateIllustrationsOptions = {},
  ): Promise<GenerateIllustrationsResult> {
    return generateIllustrations(this.context, id, options);
  }

  /** Records a play on the server (online only; never retried, so it never counts twice). */
  markPlayed(id: string, options: NetworkOptions = {}): Promise<StoryRecord> {
    return markPlayed(this.context, id, options);
  }
}

function toStoreQuery(query: StoryQuery): StoreQuery {
  const where: Record<string, JsonValue> = {};
  if (query.heroId !== undefined) where.heroId = query.heroId;
  if (query.customEventId !== undefined) where.customEventId = query.customEventId;
  if (query.language !== undefined) where.language = query.language;
  if (query.favoritesOnly) where.isFavorite = true;
  const field = query.orderBy ?? 'createdAt';
  return {
    where,
    orderBy: [{ field, direction: query.direction ?? (field === 'title' ? 'asc' : 'desc') }],
    offset: query.offset,
    limit: query.limit,
  };
}
