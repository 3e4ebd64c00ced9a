/** `/api/v1/analytics`: listening sessions and read-only statistics. */
import { ValidationError } from '../errors/index.js';
import {
  type ActivityRange,
  type AnalyticsActivity,
  type AnalyticsHeroes,
  type AnalyticsInsights,
  type AnalyticsMilestones,
  type AnalyticsOverview,
  type AnalyticsSummary,
  analyticsActivitySchema,
  analyticsHeroesSchema,
  analyticsInsightsSchema,
  analyticsMilestonesSchema,
  analyticsOverviewSchema,
  analyticsSummarySchema,
} from '../schemas/analytics.js';
import type { DateInput } from '../schemas/common.js';
import {
  type CreateListeningSessionInput,
  createListeningSessionInputSchema,
  type ListeningSession,
  type ListeningSessionList,
  listeningSessionListSchema,
  listeningSessionSchema,
} from '../schemas/listening-session.js';
import type { CallOptions, CreateCallOptions } from './options.js';
import { buildQuery, flag, optionalIsoString, validateInput } from './request-input.js';
import type { Transport } from './transport.js';

/** Query of `analytics.listSessions()`. */
export interface ListeningSessionQuery {
  storyId?: string;
  /** Sessions started at or after this instant. */
  startDate?: DateInput;
  /** Sessions started at or before this instant. */
  endDate?: DateInput;
  /** Filter by completion (both values filter). */
  completed?: boolean;
  /** Page size, 1–100. @default 50 */
  limit?: number;
  offset?: number;
}

/** The analytics endpoints. */
export interface AnalyticsApi {
  /**
   * `POST /analytics/sessions`: records a listening session. It also increments the story's
   * `playCount` (do not call `stories.play` as well). Never retried.
   */
  createSession(
    input: CreateListeningSessionInput,
    options?: CreateCallOptions,
  ): Promise<ListeningSession>;
  /** `GET /analytics/sessions`: one page as `{ sessions, pagination }`, newest first. */
  listSessions(query?: ListeningSessionQuery, options?: CallOptions): Promise<ListeningSessionList>;
  /** `GET /analytics`: the cached totals and streaks. */
  get(options?: CallOptions): Promise<AnalyticsOverview>;
  /** `GET /analytics/summary`; `timezone` is an IANA name (invalid → 400). */
  summary(
    query?: { timezone?: string; refresh?: boolean },
    options?: CallOptions,
  ): Promise<AnalyticsSummary>;
  /** `GET /analytics/activity`: minutes per day over the range, zero-filled. */
  activity(
    query?: { range?: ActivityRange; timezone?: string },
    options?: CallOptions,
  ): Promise<AnalyticsActivity>;
  /** `GET /analytics/heroes`: listening per hero. */
  heroes(options?: CallOptions): Promise<AnalyticsHeroes>;
  /** `GET /analytics/milestones`: milestones with progress. */
  milestones(options?: CallOptions): Promise<AnalyticsMilestones>;
  /** `GET /analytics/insights`: listening habits (`null` figures until there is data). */
  insights(options?: CallOptions): Promise<AnalyticsInsights>;
}

function readOnly<S extends Parameters<Transport['send']>[0]['response']>(
  transport: Transport,
  operation: string,
  path: string,
  response: S,
) {
  return async (options?: CallOptions) =>
    transport.send({ operation, method: 'GET', path, response }, options);
}

/** Builds the analytics endpoints over `transport`. */
export function createAnalyticsApi(transport: Transport): AnalyticsApi {
  return {
    createSession: async (input, options = {}) => {
      const operation = 'analytics.createSession';
      const valid = validateInput(operation, createListeningSessionInputSchema, input);
      const startedAt = optionalIsoString(operation, 'startedAt', valid.startedAt);
      const endedAt = optionalIsoString(operation, 'endedAt', valid.endedAt);
      if (startedAt !== undefined && endedAt !== undefined && endedAt <= startedAt) {
        throw new ValidationError({
          operation,
          field: 'endedAt',
          message: 'must be after startedAt',
        });
      }
      return transport.send(
        {
          operation,
          method: 'POST',
          path: 'api/v1/analytics/sessions',
          body: { ...valid, startedAt, endedAt },
          response: listeningSessionSchema,
          idempotencyKey: options.idempotencyKey,
        },
        options,
      );
    },
    listSessions: async (query = {}, options) =>
      transport.send(
        {
          operation: 'analytics.listSessions',
          method: 'GET',
          path: 'api/v1/analytics/sessions',
          query: buildQuery({
            storyId: query.storyId,
            startDate: optionalIsoString('analytics.listSessions', 'startDate', query.startDate),
            endDate: optionalIsoString('analytics.listSessions', 'endDate', query.endDate),
            completed: query.completed,
            limit: query.limit,
            offset: query.offset,
          }),
          response: listeningSessionListSchema,
        },
        options,
      ),
    get: readOnly(transport, 'analytics.get', 'api/v1/analytics', analyticsOverviewSchema),
    summary: async (query = {}, options) =>
      transport.send(
        {
          operation: 'analytics.summary',
          method: 'GET',
          path: 'api/v1/analytics/summary',
          query: buildQuery({ timezone: query.timezone, refresh: flag(query.refresh) }),
          response: analyticsSummarySchema,
        },
        options,
      ),
    activity: async (query = {}, options) =>
      transport.send(
        {
          operation: 'analytics.activity',
          method: 'GET',
          path: 'api/v1/analytics/activity',
          query: buildQuery({ range: query.range, timezone: query.timezone }),
          response: analyticsActivitySchema,
        },
        options,
      ),
    heroes: readOnly(
      transport,
      'analytics.heroes',
      'api/v1/analytics/heroes',
      analyticsHeroesSchema,
    ),
    milestones: readOnly(
      transport,
      'analytics.milestones',
      'api/v1/analytics/milestones',
      analyticsMilestonesSchema,
    ),
    insights: readOnly(
      transport,
      'analytics.insights',
      'api/v1/analytics/insights',
      analyticsInsightsSchema,
    ),
  };
}
