/** `GET /api/v1/health` and `GET /api/v1/ping`: unauthenticated liveness checks. */
import { type Health, healthSchema, type Ping, pingSchema } from '../schemas/health.js';
import type { CallOptions } from './options.js';
import type { Transport } from './transport.js';

/** `GET /health`: 200 with the database state, or `HttpError` 503 when unhealthy. */
export function health(transport: Transport, options?: CallOptions): Promise<Health> {
  return transport.send(
    {
      operation: 'health',
      method: 'GET',
      path: 'api/v1/health',
      response: healthSchema,
      authenticated: false,
    },
    options,
  );
}

/** `GET /ping`: `{ status: 'ok', timestamp }` (epoch ms, no envelope). */
export function ping(transport: Transport, options?: CallOptions): Promise<Ping> {
  return transport.send(
    {
      operation: 'ping',
      method: 'GET',
      path: 'api/v1/ping',
      response: pingSchema,
      envelope: false,
      authenticated: false,
    },
    options,
  );
}
