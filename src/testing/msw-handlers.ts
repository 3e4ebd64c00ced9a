import { HttpResponse, http, type RequestHandler } from 'msw';
import type { FakeBackend } from './fake-backend/create-fake-backend.js';
import { isFakeNetworkError } from './fake-network-error.js';

/** Options of {@link fakeBackendHandlers}. */
export interface FakeBackendHandlersOptions {
  /**
   * Add `Sec-Fetch-Mode: cors` to requests that carry no `Sec-Fetch-*` header, as Node's fetch
   * (undici) and browsers do on the wire. msw sees requests before the runtime adds it, and
   * better-auth's Origin check depends on it.
   * @default true
   */
  simulateFetchMetadata?: boolean;
}

const FETCH_METADATA = ['sec-fetch-site', 'sec-fetch-mode', 'sec-fetch-dest'];

async function withFetchMetadata(request: Request): Promise<Request> {
  if (FETCH_METADATA.some((name) => request.headers.has(name))) return request;
  const headers = new Headers(request.headers);
  headers.set('sec-fetch-mode', 'cors');
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return new Request(request.url, {
    method: request.method,
    headers,
    signal: request.signal,
    ...(hasBody ? { body: await request.arrayBuffer() } : {}),
  });
}

/**
 * msw handlers that send every request under `backend.baseUrl` (and under `backend.mediaOrigin`
 * when media has its own origin) to the fake backend. Injected
 * network faults become `HttpResponse.error()`, so `fetch` rejects as it would offline.
 *
 * @example
 * const server = setupServer(...fakeBackendHandlers(backend));
 * server.listen({ onUnhandledRequest: 'error' });
 */
export function fakeBackendHandlers(
  backend: FakeBackend,
  options: FakeBackendHandlersOptions = {},
): RequestHandler[] {
  const simulate = options.simulateFetchMetadata ?? true;
  const forward = async ({ request }: { request: Request }) => {
    try {
      return await backend.fetch(simulate ? await withFetchMetadata(request) : request);
    } catch (error) {
      if (isFakeNetworkError(error)) return HttpResponse.error();
      throw error;
    }
  };
  const handlers = [http.all(`${backend.baseUrl}/*`, forward)];
  // Media on its own origin (the `mediaOrigin` option), like R2 in production.
  if (backend.mediaOrigin !== backend.baseUrl) {
    handlers.push(http.all(`${backend.mediaOrigin}/*`, forward));
  }
  return handlers;
}
