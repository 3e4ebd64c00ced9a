/**
 * Clients for the React tests: real createClient over the fake backend through msw, and the
 * helpers that render components under StrictMode.
 */
import { setupServer } from 'msw/node';
import { createElement, type ReactNode, StrictMode } from 'react';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ClientOptions } from '../../src/client/client-options.js';
import { createClient, type InfiniteStoriesClient } from '../../src/client/create-client.js';
import { InfiniteStoriesProvider } from '../../src/react/client-context.js';
import {
  createFakeBackend,
  type FakeBackend,
  fakeBackendHandlers,
} from '../../src/testing/index.js';

export interface ReactHarness {
  /** A fresh fake backend, served through msw for this test. */
  backend(): FakeBackend;
  /** A client on the current backend (closed after the test). */
  client(options?: Partial<ClientOptions>): InfiniteStoriesClient;
  /** Unique sign-up credentials. */
  credentials(): { email: string; password: string; name: string };
}

export function setupReactHarness(): ReactHarness {
  const server = setupServer();
  const clients: InfiniteStoriesClient[] = [];
  let current: FakeBackend | null = null;
  let emails = 0;
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    server.resetHandlers();
    current = null;
  });
  afterAll(() => server.close());
  return {
    backend() {
      current = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
      server.use(...fakeBackendHandlers(current));
      return current;
    },
    client(options = {}) {
      if (!current) throw new Error('call backend() first');
      const client = createClient({
        baseUrl: current.baseUrl,
        sync: { autoStart: false },
        ...options,
      });
      clients.push(client);
      return client;
    },
    credentials() {
      emails++;
      return {
        email: `react.${emails}@example.test`,
        password: 'password-123',
        name: `R${emails}`,
      };
    },
  };
}

/** `children` under StrictMode and the provider of `client`. */
export function withClient(client: InfiniteStoriesClient, children: ReactNode): ReactNode {
  return createElement(
    StrictMode,
    null,
    createElement(InfiniteStoriesProvider, { client }, children),
  );
}
