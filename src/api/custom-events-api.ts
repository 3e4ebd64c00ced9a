/** `/api/v1/custom-events`. */
import type { DeletedId } from '../schemas/common.js';
import { deletedIdSchema } from '../schemas/common.js';
import {
  type CreateCustomEventInput,
  type CustomEvent,
  type CustomEventList,
  createCustomEventInputSchema,
  customEventListSchema,
  customEventSchema,
  type UpdateCustomEventInput,
  updateCustomEventInputSchema,
} from '../schemas/custom-event.js';
import { type ListCallOptions, sendList } from './lenient-list.js';
import type { CallOptions, CreateCallOptions } from './options.js';
import { type PageSource, type PageWalkOptions, walkItems, walkPages } from './paginate.js';
import { buildQuery, flag, requireId, validateInput } from './request-input.js';
import type { Transport } from './transport.js';

/** Query of `customEvents.list()`. There is no `updatedAfter` on this route. */
export interface CustomEventListQuery {
  /** Page size; **not** clamped by the server. @default 50 */
  limit?: number;
  /** Rows to skip. @default 0 */
  offset?: number;
  /** Only this category. */
  category?: string;
  /** `true` lists only favourites. */
  favoritesOnly?: boolean;
}

/** Query of `customEvents.listAll()` / `customEvents.listPages()`. */
export type CustomEventWalkQuery = Omit<CustomEventListQuery, 'limit' | 'offset'>;

/** The custom-event endpoints. */
export interface CustomEventsApi {
  /**
   * `GET /custom-events`: one page as `{ customEvents, pagination }`, ordered by favourite,
   * then usage count, then newest.
   */
  list(query?: CustomEventListQuery, options?: ListCallOptions): Promise<CustomEventList>;
  /** Every custom event matching `query`. */
  listAll(query?: CustomEventWalkQuery, options?: PageWalkOptions): AsyncIterable<CustomEvent>;
  /** Every page matching `query`. */
  listPages(
    query?: CustomEventWalkQuery,
    options?: PageWalkOptions,
  ): AsyncIterable<CustomEventList>;
  /** `GET /custom-events/:id`. */
  get(eventId: string, options?: CallOptions): Promise<CustomEvent>;
  /** `POST /custom-events`. Never retried. */
  create(input: CreateCustomEventInput, options?: CreateCallOptions): Promise<CustomEvent>;
  /** `PATCH /custom-events/:id` (fields can be cleared, e.g. `description: ''`). */
  update(
    eventId: string,
    patch: UpdateCustomEventInput,
    options?: CallOptions,
  ): Promise<CustomEvent>;
  /** `DELETE /custom-events/:id`; stories that used it get `customEventId: null`. */
  delete(eventId: string, options?: CallOptions): Promise<DeletedId>;
  /** `POST /custom-events/:id/enhance`: AI rewrite (400 if already enhanced). Never retried. */
  enhance(eventId: string, options?: CallOptions): Promise<CustomEvent>;
}

const eventPath = (operation: string, eventId: string, suffix = ''): string =>
  `api/v1/custom-events/${requireId(operation, 'eventId', eventId)}${suffix}`;

const EVENT_PAGES: PageSource<CustomEventList> = {
  operation: 'customEvents.list',
  path: 'api/v1/custom-events',
  items: (page) => page.customEvents,
};

/** Builds the custom-event endpoints over `transport`. */
export function createCustomEventsApi(transport: Transport): CustomEventsApi {
  const list = async (
    query: CustomEventListQuery = {},
    options?: ListCallOptions,
  ): Promise<CustomEventList> =>
    sendList(
      transport,
      {
        operation: 'customEvents.list',
        method: 'GET',
        path: 'api/v1/custom-events',
        query: buildQuery({
          limit: query.limit,
          offset: query.offset,
          category: query.category,
          favoritesOnly: flag(query.favoritesOnly),
        }),
        response: customEventListSchema,
      },
      'customEvents',
      customEventSchema,
      options,
    );
  const fetchPage =
    (query: CustomEventWalkQuery) => (offset: number, limit: number, options: ListCallOptions) =>
      list({ ...query, offset, limit }, options);

  return {
    list,
    listPages: (query = {}, options) => walkPages(fetchPage(query), EVENT_PAGES, options),
    listAll: (query = {}, options) =>
      walkItems(fetchPage(query), EVENT_PAGES, (page) => page.customEvents, options),
    get: async (eventId, options) =>
      transport.send(
        {
          operation: 'customEvents.get',
          method: 'GET',
          path: eventPath('customEvents.get', eventId),
          response: customEventSchema,
        },
        options,
      ),
    create: async (input, options = {}) =>
      transport.send(
        {
          operation: 'customEvents.create',
          method: 'POST',
          path: 'api/v1/custom-events',
          body: validateInput('customEvents.create', createCustomEventInputSchema, input),
          response: customEventSchema,
          idempotencyKey: options.idempotencyKey,
        },
        options,
      ),
    update: async (eventId, patch, options) =>
      transport.send(
        {
          operation: 'customEvents.update',
          method: 'PATCH',
          path: eventPath('customEvents.update', eventId),
          body: validateInput('customEvents.update', updateCustomEventInputSchema, patch),
          response: customEventSchema,
        },
        options,
      ),
    delete: async (eventId, options) =>
      transport.send(
        {
          operation: 'customEvents.delete',
          method: 'DELETE',
          path: eventPath('customEvents.delete', eventId),
          response: deletedIdSchema,
        },
        options,
      ),
    enhance: async (eventId, options) =>
      transport.send(
        {
          operation: 'customEvents.enhance',
          method: 'POST',
          path: eventPath('customEvents.enhance', eventId, '/enhance'),
          body: {},
          response: customEventSchema,
          generation: true,
        },
        options,
      ),
  };
}
