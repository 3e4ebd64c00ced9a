/**
 * The typed client of the InfiniteStories backend: one method per endpoint (heroes,
 * visual profiles, stories, illustrations, custom events, user, analytics, batch), each returning the validated, unwrapped `data` and throwing only `SdkError`s.
 *
 * @example
 * ```ts
 * const api = createApiClient({ baseUrl: 'https://api.example.com', auth: authManager.hook });
 * const { heroes, pagination } = await api.heroes.list({ limit: 20 });
 * for await (const story of api.stories.listAll({ updatedAfter: cursor })) save(story);
 * ```
 */
import type { Health, Ping } from '../schemas/health.js';
import { type AnalyticsApi, createAnalyticsApi } from './analytics-api.js';
import { type BatchApi, createBatchApi } from './batch-api.js';
import { type CustomEventsApi, createCustomEventsApi } from './custom-events-api.js';
import { createHeroesApi, type HeroesApi } from './heroes-api.js';
import { type ApiClientOptions, type CallOptions, resolveApiClientOptions } from './options.js';
import type { ServerClockView } from './server-clock.js';
import { createStoriesApi, type StoriesApi } from './stories-api.js';
import { health, ping } from './system-api.js';
import { Transport } from './transport.js';
import { createUserApi, type UserApi } from './user-api.js';

/** The API client. Stateless apart from the server-clock estimate; never stores tokens. */
export interface ApiClient {
  /** The base URL every path is resolved against (no trailing slash). */
  readonly baseUrl: string;
  /** Heroes, including `heroes.visualProfile`. */
  readonly heroes: HeroesApi;
  /** Stories, audio, illustrations and plays. */
  readonly stories: StoriesApi;
  /** Custom story events. */
  readonly customEvents: CustomEventsApi;
  /** Profile, usage and account deletion. */
  readonly user: UserApi;
  /** Listening sessions and statistics. */
  readonly analytics: AnalyticsApi;
  /** Migration imports (`/api/batch`, `/api/batch/stories`). */
  readonly batch: BatchApi;
  /** `GET /health` (no auth). */
  health(options?: CallOptions): Promise<Health>;
  /** `GET /ping` (no auth, no envelope). */
  ping(options?: CallOptions): Promise<Ping>;
  /** The server clock estimated from `Date` headers (for the sync engine). */
  readonly clock: ServerClockView;
}

/** Creates an API client. Each client has its own clock estimate; nothing is shared. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const resolved = resolveApiClientOptions(options);
  const transport = new Transport(resolved);
  return Object.freeze({
    baseUrl: resolved.baseUrl,
    heroes: createHeroesApi(transport),
    stories: createStoriesApi(transport),
    customEvents: createCustomEventsApi(transport),
    user: createUserApi(transport),
    analytics: createAnalyticsApi(transport),
    batch: createBatchApi(transport),
    health: (callOptions?: CallOptions) => health(transport, callOptions),
    ping: (callOptions?: CallOptions) => ping(transport, callOptions),
    clock: transport.clock,
  });
}
