/** `/api/v1/stories`. */
import type { DateInput, DeletedId } from '../schemas/common.js';
import { deletedIdSchema } from '../schemas/common.js';
import {
  type GenerateIllustrationsInput,
  type GenerateIllustrationsResult,
  generateIllustrationsInputSchema,
  generateIllustrationsResultSchema,
  type IllustrationList,
  type IllustrationStatusReport,
  illustrationListSchema,
  illustrationStatusSchema,
} from '../schemas/illustration.js';
import {
  type GenerateAudioInput,
  type GeneratedAudio,
  type GenerateStoryInput,
  generateAudioInputSchema,
  generatedAudioSchema,
  generateStoryInputSchema,
  type StoryAudio,
  type StoryDetail,
  type StoryList,
  type StoryListItem,
  type StoryPlay,
  type StoryRow,
  storyAudioSchema,
  storyDetailSchema,
  storyListItemSchema,
  storyListSchema,
  storyPlaySchema,
  storyRowSchema,
  type UpdateStoryInput,
  updateStoryInputSchema,
} from '../schemas/story.js';
import { type ListCallOptions, sendList } from './lenient-list.js';
import type { CallOptions, CreateCallOptions } from './options.js';
import { type PageSource, type PageWalkOptions, walkItems, walkPages } from './paginate.js';
import { buildQuery, flag, optionalIsoString, requireId, validateInput } from './request-input.js';
import type { Transport } from './transport.js';

/** Query of `stories.list()`. */
export interface StoryListQuery {
  /** Page size, 1–100 (the server clamps; `0` means 50). @default 50 */
  limit?: number;
  /** Rows to skip. @default 0 */
  offset?: number;
  /** Only this hero's stories. */
  heroId?: string;
  /** Only stories in this language. */
  language?: string;
  /** `true` lists only favourites (the server has no "not favourite" filter). */
  isFavorite?: boolean;
  /** Embed illustrations (unordered; `imageUrl` is `''` until generated). */
  includeIllustrations?: boolean;
  /** Only stories whose `updatedAt` is strictly later (sent as `toISOString()`). */
  updatedAfter?: DateInput;
}

/** Query of `stories.listAll()` / `stories.listPages()`. */
export type StoryWalkQuery = Omit<StoryListQuery, 'limit' | 'offset'>;

/** The story endpoints. Generation calls are slow, rate-limited and never retried. */
export interface StoriesApi {
  /** `GET /stories`: one page, newest first, as `{ stories, pagination }`. */
  list(query?: StoryListQuery, options?: ListCallOptions): Promise<StoryList>;
  /** Every story matching `query`, walking pages until `hasMore` is false. */
  listAll(query?: StoryWalkQuery, options?: PageWalkOptions): AsyncIterable<StoryListItem>;
  /** Every page matching `query`. */
  listPages(query?: StoryWalkQuery, options?: PageWalkOptions): AsyncIterable<StoryList>;
  /** `GET /stories/:id`; `includeIllustrations` embeds them ordered by `displayOrder`. */
  get(
    storyId: string,
    query?: { includeIllustrations?: boolean },
    options?: CallOptions,
  ): Promise<StoryDetail>;
  /**
   * `POST /stories`: generates and persists a story (5/h). Returns the raw row as first created
   * (`illustrationCount` 0, no `hero`). Uses the generation timeout.
   */
  generate(input: GenerateStoryInput, options?: CreateCallOptions): Promise<StoryRow>;
  /** `PATCH /stories/:id`; changing `content` resets the audio to `pending`. */
  update(storyId: string, patch: UpdateStoryInput, options?: CallOptions): Promise<StoryListItem>;
  /** `DELETE /stories/:id`: hard delete with its illustrations. */
  delete(storyId: string, options?: CallOptions): Promise<DeletedId>;
  /** `GET /stories/:id/audio`: status and a fresh signed URL. */
  getAudio(storyId: string, options?: CallOptions): Promise<StoryAudio>;
  /** `POST /stories/:id/audio` (10/h); any failure marks the story's audio `failed`. */
  generateAudio(
    storyId: string,
    input?: GenerateAudioInput,
    options?: CreateCallOptions,
  ): Promise<GeneratedAudio>;
  /** `GET /stories/:id/illustrations`, ordered; `imageUrl` is `null` until generated. */
  illustrations(storyId: string, options?: CallOptions): Promise<IllustrationList>;
  /** `GET /stories/:id/illustrations/status`: progress for polling. */
  illustrationStatus(storyId: string, options?: CallOptions): Promise<IllustrationStatusReport>;
  /** `POST /stories/:id/illustrations` (20/h): generates pending scenes, in sequence. */
  generateIllustrations(
    storyId: string,
    input?: GenerateIllustrationsInput,
    options?: CreateCallOptions,
  ): Promise<GenerateIllustrationsResult>;
  /**
   * `POST /stories/:id/play`: increments `playCount` (and `updatedAt`). Not retried: a lost
   * answer could count twice.
   */
  play(storyId: string, options?: CallOptions): Promise<StoryPlay>;
}

const storyPath = (operation: string, storyId: string, suffix = ''): string =>
  `api/v1/stories/${requireId(operation, 'storyId', storyId)}${suffix}`;

const STORY_PAGES: PageSource<StoryList> = {
  operation: 'stories.list',
  path: 'api/v1/stories',
  items: (page) => page.stories,
};

/** Builds the story endpoints over `transport`. */
export function createStoriesApi(transport: Transport): StoriesApi {
  const list = async (query: StoryListQuery = {}, options?: ListCallOptions): Promise<StoryList> =>
    sendList(
      transport,
      {
        operation: 'stories.list',
        method: 'GET',
        path: 'api/v1/stories',
        query: buildQuery({
          limit: query.limit,
          offset: query.offset,
          heroId: query.heroId,
          language: query.language,
          isFavorite: flag(query.isFavorite),
          includeIllustrations: flag(query.includeIllustrations),
          updatedAfter: optionalIsoString('stories.list', 'updatedAfter', query.updatedAfter),
        }),
        response: storyListSchema,
      },
      'stories',
      storyListItemSchema,
      options,
    );
  const fetchPage =
    (query: StoryWalkQuery) => (offset: number, limit: number, options: ListCallOptions) =>
      list({ ...query, offset, limit }, options);

  return {
    list,
    listPages: (query = {}, options) => walkPages(fetchPage(query), STORY_PAGES, options),
    listAll: (query = {}, options) =>
      walkItems(fetchPage(query), STORY_PAGES, (page) => page.stories, options),
    get: async (storyId, query = {}, options) =>
      transport.send(
        {
          operation: 'stories.get',
          method: 'GET',
          path: storyPath('stories.get', storyId),
          query: buildQuery({ includeIllustrations: flag(query.includeIllustrations) }),
          response: storyDetailSchema,
        },
        options,
      ),
    generate: async (input, options = {}) =>
      transport.send(
        {
          operation: 'stories.generate',
          method: 'POST',
          path: 'api/v1/stories',
          body: validateInput('stories.generate', generateStoryInputSchema, input),
          response: storyRowSchema,
          generation: true,
          idempotencyKey: options.idempotencyKey,
        },
        options,
      ),
    update: async (storyId, patch, options) =>
      transport.send(
        {
          operation: 'stories.update',
          method: 'PATCH',
          path: storyPath('stories.update', storyId),
          body: validateInput('stories.update', updateStoryInputSchema, patch),
          response: storyListItemSchema,
        },
        options,
      ),
    delete: async (storyId, options) =>
      transport.send(
        {
          operation: 'stories.delete',
          method: 'DELETE',
          path: storyPath('stories.delete', storyId),
          response: deletedIdSchema,
        },
        options,
      ),
    getAudio: async (storyId, options) =>
      transport.send(
        {
          operation: 'stories.getAudio',
          method: 'GET',
          path: storyPath('stories.getAudio', storyId, '/audio'),
          response: storyAudioSchema,
        },
        options,
      ),
    generateAudio: async (storyId, input = {}, options = {}) =>
      transport.send(
        {
          operation: 'stories.generateAudio',
          method: 'POST',
          path: storyPath('stories.generateAudio', storyId, '/audio'),
          body: validateInput('stories.generateAudio', generateAudioInputSchema, input),
          response: generatedAudioSchema,
          generation: true,
          idempotencyKey: options.idempotencyKey,
        },
        options,
      ),
    illustrations: async (storyId, options) =>
      transport.send(
        {
          operation: 'stories.illustrations',
          method: 'GET',
          path: storyPath('stories.illustrations', storyId, '/illustrations'),
          response: illustrationListSchema,
        },
        options,
      ),
    illustrationStatus: async (storyId, options) =>
      transport.send(
        {
          operation: 'stories.illustrationStatus',
          method: 'GET',
          path: storyPath('stories.illustrationStatus', storyId, '/illustrations/status'),
          response: illustrationStatusSchema,
        },
        options,
      ),
    generateIllustrations: async (storyId, input = {}, options = {}) =>
      transport.send(
        {
          operation: 'stories.generateIllustrations',
          method: 'POST',
          path: storyPath('stories.generateIllustrations', storyId, '/illustrations'),
          body: validateInput(
            'stories.generateIllustrations',
            generateIllustrationsInputSchema,
            input,
          ),
          response: generateIllustrationsResultSchema,
          generation: true,
          idempotencyKey: options.idempotencyKey,
        },
        options,
      ),
    play: async (storyId, options) =>
      transport.send(
        {
          operation: 'stories.play',
          method: 'POST',
          path: storyPath('stories.play', storyId, '/play'),
          body: {},
          response: storyPlaySchema,
        },
        options,
      ),
  };
}
