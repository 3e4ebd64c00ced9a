/**
 * `client.api`: the backend calls the repositories do not cover. Everything the repositories
 * do (heroes, stories, custom events, visual profiles, illustrations, profile and usage) is
 * left out on purpose, so no app write can bypass the local store and the outbox by accident.
 */
import type { AnalyticsApi } from '../api/analytics-api.js';
import type { ApiClient } from '../api/api-client.js';
import type { BatchApi } from '../api/batch-api.js';
import type { CallOptions } from '../api/options.js';
import type { Health, Ping } from '../schemas/health.js';

/**
 * Direct calls to the backend. **They bypass the local store and the outbox**: nothing is
 * cached or queued, they need the network (a failure is thrown, never retried later), and ids
 * in them are server ids (`record.serverId`), not local ids. Records they create on the server
 * (a batch import) reach the repositories with the next sync pull.
 */
export interface ServerApi {
  /** Listening sessions and listening statistics. */
  readonly analytics: AnalyticsApi;
  /** Bulk imports of heroes and stories (up to 100 per call), e.g. to migrate a library. */
  readonly batch: BatchApi;
  /** `GET /health`: the backend's health report (no auth). */
  health(options?: CallOptions): Promise<Health>;
  /** `GET /ping`: a liveness check (no auth). */
  ping(options?: CallOptions): Promise<Ping>;
}

/** The {@link ServerApi} face of a full API client. */
export function serverApi(api: ApiClient): ServerApi {
  return Object.freeze({
    analytics: api.analytics,
    batch: api.batch,
    health: api.health,
    ping: api.ping,
  });
}
