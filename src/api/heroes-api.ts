/** `/api/v1/heroes`, without the visual-profile sub-resource. */
import type { DateInput, DeletedId } from '../schemas/common.js';
import { deletedIdSchema } from '../schemas/common.js';
import {
  type CreateHeroInput,
  createHeroInputSchema,
  type GenerateAvatarInput,
  type GeneratedAvatar,
  generateAvatarInputSchema,
  generatedAvatarSchema,
  type Hero,
  type HeroDetail,
  type HeroList,
  type HeroListItem,
  heroDetailSchema,
  heroListItemSchema,
  heroListSchema,
  heroSchema,
  type UpdateHeroInput,
  updateHeroInputSchema,
} from '../schemas/hero.js';
import { type ListCallOptions, sendList } from './lenient-list.js';
import type { CallOptions, CreateCallOptions } from './options.js';
import { type PageSource, type PageWalkOptions, walkItems, walkPages } from './paginate.js';
import { buildQuery, flag, optionalIsoString, requireId, validateInput } from './request-input.js';
import type { Transport } from './transport.js';
import { createVisualProfileApi, type VisualProfileApi } from './visual-profile-api.js';

/** Query of `heroes.list()`. */
export interface HeroListQuery {
  /** Page size, 1–100 (the server clamps; `0` means 50). @default 50 */
  limit?: number;
  /** Rows to skip. @default 0 */
  offset?: number;
  /** Embed each hero's 5 newest stories. */
  includeStories?: boolean;
  /** Only heroes whose `updatedAt` is strictly later (sent as `toISOString()`). */
  updatedAfter?: DateInput;
}

/** Query of `heroes.listAll()` / `heroes.listPages()`. */
export type HeroWalkQuery = Omit<HeroListQuery, 'limit' | 'offset'>;

/** The heroes endpoints. */
export interface HeroesApi {
  /** `GET /heroes`: one page, newest first, as `{ heroes, pagination }`. */
  list(query?: HeroListQuery, options?: ListCallOptions): Promise<HeroList>;
  /** Every hero matching `query`, walking pages until `hasMore` is false. */
  listAll(query?: HeroWalkQuery, options?: PageWalkOptions): AsyncIterable<HeroListItem>;
  /** Every page matching `query` (for callers that checkpoint per page). */
  listPages(query?: HeroWalkQuery, options?: PageWalkOptions): AsyncIterable<HeroList>;
  /** `GET /heroes/:id`; `includeStories` embeds the 10 newest stories. */
  get(
    heroId: string,
    query?: { includeStories?: boolean },
    options?: CallOptions,
  ): Promise<HeroDetail>;
  /** `POST /heroes` (validated client-side with the server's rules). Never retried. */
  create(input: CreateHeroInput, options?: CreateCallOptions): Promise<Hero>;
  /** `PATCH /heroes/:id`. Falsy values are ignored by the server, so they are refused here. */
  update(heroId: string, patch: UpdateHeroInput, options?: CallOptions): Promise<Hero>;
  /** `DELETE /heroes/:id`: hard delete, cascading to the profile, stories and illustrations. */
  delete(heroId: string, options?: CallOptions): Promise<DeletedId>;
  /** `POST /heroes/:id/avatar`: slow, rate-limited (3/h), never retried. */
  generateAvatar(
    heroId: string,
    input?: GenerateAvatarInput,
    options?: CreateCallOptions,
  ): Promise<GeneratedAvatar>;
  /** `/heroes/:id/visual-profile`. */
  readonly visualProfile: VisualProfileApi;
}

const HERO_PAGES: PageSource<HeroList> = {
  operation: 'heroes.list',
  path: 'api/v1/heroes',
  items: (page) => page.heroes,
};

/** Builds the heroes endpoints over `transport`. */
export function createHeroesApi(transport: Transport): HeroesApi {
  const list = async (query: HeroListQuery = {}, options?: ListCallOptions): Promise<HeroList> =>
    sendList(
      transport,
      {
        operation: 'heroes.list',
        method: 'GET',
        path: 'api/v1/heroes',
        query: buildQuery({
          limit: query.limit,
          offset: query.offset,
          includeStories: flag(query.includeStories),
          updatedAfter: optionalIsoString('heroes.list', 'updatedAfter', query.updatedAfter),
        }),
        response: heroListSchema,
      },
      'heroes',
      heroListItemSchema,
      options,
    );
  const pages = (query: HeroWalkQuery = {}, options?: PageWalkOptions) =>
    walkPages(
      (offset, limit, callOptions) => list({ ...query, offset, limit }, callOptions),
      HERO_PAGES,
      options,
    );

  return {
    list,
    listPages: pages,
    listAll: (query = {}, options) =>
      walkItems(
        (offset, limit, callOptions) => list({ ...query, offset, limit }, callOptions),
        HERO_PAGES,
        (page) => page.heroes,
        options,
      ),
    get: async (heroId, query = {}, options) =>
      transport.send(
        {
          operation: 'heroes.get',
          method: 'GET',
          path: `api/v1/heroes/${requireId('heroes.get', 'heroId', heroId)}`,
          query: buildQuery({ includeStories: flag(query.includeStories) }),
          response: heroDetailSchema,
        },
        options,
      ),
    create: async (input, options = {}) =>
      transport.send(
        {
          operation: 'heroes.create',
          method: 'POST',
          path: 'api/v1/heroes',
          body: validateInput('heroes.create', createHeroInputSchema, input),
          response: heroSchema,
          idempotencyKey: options.idempotencyKey,
        },
        options,
      ),
    update: async (heroId, patch, options) =>
      transport.send(
        {
          operation: 'heroes.update',
          method: 'PATCH',
          path: `api/v1/heroes/${requireId('heroes.update', 'heroId', heroId)}`,
          body: validateInput('heroes.update', updateHeroInputSchema, patch),
          response: heroSchema,
        },
        options,
      ),
    delete: async (heroId, options) =>
      transport.send(
        {
          operation: 'heroes.delete',
          method: 'DELETE',
          path: `api/v1/heroes/${requireId('heroes.delete', 'heroId', heroId)}`,
          response: deletedIdSchema,
        },
        options,
      ),
    generateAvatar: async (heroId, input = {}, options = {}) =>
      transport.send(
        {
          operation: 'heroes.generateAvatar',
          method: 'POST',
          path: `api/v1/heroes/${requireId('heroes.generateAvatar', 'heroId', heroId)}/avatar`,
          body: validateInput('heroes.generateAvatar', generateAvatarInputSchema, input),
          response: generatedAvatarSchema,
          generation: true,
          idempotencyKey: options.idempotencyKey,
        },
        options,
      ),
    visualProfile: createVisualProfileApi(transport),
  };
}
