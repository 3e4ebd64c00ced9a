interface StoredResponse {
  status: number;
  headers: [string, string][];
  body: ArrayBuffer;
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'DELETE', 'PUT']);

function replay(stored: StoredResponse): Response {
  const headers = new Headers(stored.headers);
  headers.set('idempotent-replayed', 'true');
  return new Response(stored.status === 204 ? null : stored.body.slice(0), {
    status: stored.status,
    headers,
  });
}

/**
 * The optional `Idempotency-Key` mode (off on the real backend): a write carrying the header is
 * applied once per (user, key); later requests with the same key replay the stored response
 * (marked `idempotent-replayed: true`). 5xx answers are not stored, so a retry re-applies.
 */
export function createIdempotencyLayer(
  identify: (request: Request) => Promise<string | null>,
): (request: Request, next: (request: Request) => Promise<Response>) => Promise<Response> {
  const done = new Map<string, StoredResponse>();
  const inFlight = new Map<string, Promise<StoredResponse>>();
  return async (request, next) => {
    const key = request.headers.get('idempotency-key');
    if (!key || !WRITE_METHODS.has(request.method.toUpperCase())) return next(request);
    const userId = (await identify(request)) ?? 'anonymous';
    const slot = `${userId}\u0000${key}`;
    const stored = done.get(slot);
    if (stored) return replay(stored);
    const pending = inFlight.get(slot);
    if (pending) return replay(await pending);
    const run = (async (): Promise<StoredResponse> => {
      const response = await next(request);
      return {
        status: response.status,
        headers: [...response.headers.entries()],
        body: await response.arrayBuffer(),
      };
    })();
    inFlight.set(slot, run);
    try {
      const result = await run;
      if (result.status < 500) done.set(slot, result);
      return new Response(result.status === 204 ? null : result.body, {
        status: result.status,
        headers: result.headers,
      });
    } finally {
      inFlight.delete(slot);
    }
  };
}
