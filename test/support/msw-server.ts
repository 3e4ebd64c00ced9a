/**
 * An msw server for one test file, with the lifecycle hooks registered and a log of every
 * request that reached it (method, URL, headers, body text).
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const BASE_URL = 'http://api.test';

export interface SeenRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  /** The request body as text. */
  readonly body: Promise<string>;
}

export interface MswHarness {
  readonly server: ReturnType<typeof setupServer>;
  /** Requests seen since the last test started. */
  readonly requests: SeenRequest[];
}

export function useMswServer(): MswHarness {
  const server = setupServer();
  const requests: SeenRequest[] = [];
  server.events.on('request:start', ({ request }) => {
    requests.push({
      method: request.method,
      url: new URL(request.url),
      headers: new Headers(request.headers),
      body: request.clone().text(),
    });
  });
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    requests.length = 0;
  });
  afterAll(() => server.close());
  return { server, requests };
}
