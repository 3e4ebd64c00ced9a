import type { Hono } from 'hono';
import { fail, jsonResponse, ok } from '../http.js';
import type { FakePlatformContext } from '../platform-context.js';

/** `/api/v1/health` (envelope, no auth) and `/api/v1/ping` (no envelope, epoch-ms timestamp). */
export function registerHealthRoutes(app: Hono, context: FakePlatformContext): void {
  app.get('/api/v1/health', () => {
    if (!context.health.healthy) return fail('ServiceUnavailable', 'Service is unhealthy', 503);
    return ok({
      status: 'healthy',
      timestamp: context.now().toISOString(),
      database: 'connected',
      version: '1.0.0',
    });
  });
  app.get('/api/v1/ping', () => jsonResponse({ status: 'ok', timestamp: context.now().getTime() }));
}
