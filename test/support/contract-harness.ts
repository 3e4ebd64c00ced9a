/**
 * The API client against the fake backend through msw: one backend per test file, users signed
 * up through better-auth (`backend.createUser`, with the fake backend's quick password hash
 * rather than scrypt's ~0.5 s of CPU per sign-up), and clients whose auth hook sends
 * `Bearer <token>`.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type ApiClient, createApiClient } from '../../src/api/api-client.js';
import type { AuthHook } from '../../src/api/auth-hook.js';
import type { ApiClientOptions } from '../../src/api/options.js';
import {
  createFakeBackend,
  type FakeBackend,
  type FakeBackendOptions,
  type FakeBackendUser,
  fakeBackendHandlers,
} from '../../src/testing/index.js';

export interface ContractHarness {
  readonly backend: FakeBackend;
  /** Signs up a fresh user (unique email) and returns it with a client acting as that user. */
  signUp(name?: string): Promise<{ user: FakeBackendUser; api: ApiClient }>;
  /** A client with the given bearer token (or none). */
  client(token: string | null, options?: Partial<ApiClientOptions>): ApiClient;
}

let counter = 0;

/** A static auth hook: `Bearer <token>`, and 401 means the session is gone. */
export function bearer(token: string | null): AuthHook {
  return {
    getAuthorization: () => (token === null ? null : `Bearer ${token}`),
    onUnauthorized: async () => 'fail',
  };
}

export function useContractBackend(options: FakeBackendOptions = {}): ContractHarness {
  const backend = createFakeBackend({
    authRateLimit: false,
    fastPasswordHashing: true,
    ...options,
  });
  const server = setupServer(...fakeBackendHandlers(backend));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => backend.faults.clear());
  afterAll(() => server.close());

  const client = (token: string | null, extra: Partial<ApiClientOptions> = {}) =>
    createApiClient({
      baseUrl: backend.baseUrl,
      auth: bearer(token),
      retry: { limit: 2, baseDelayMs: 1 },
      ...extra,
    });

  return {
    backend,
    client,
    async signUp(name = 'Contract User') {
      counter += 1;
      const user = await backend.createUser({
        email: `contract-${process.pid}-${counter}-${Date.now()}@example.test`,
        password: 'correct-horse-battery',
        name,
      });
      return { user, api: client(user.token) };
    },
  };
}
