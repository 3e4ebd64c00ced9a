import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import {
  createFakeBackend,
  type FakeBackend,
  type FakeBackendOptions,
} from './fake-backend/create-fake-backend.js';
import { isFakeNetworkError } from './fake-network-error.js';

/** A fake backend listening on a real loopback port. */
export interface FakeBackendServer {
  /** `http://127.0.0.1:<port>`; also the backend's `baseUrl`. */
  readonly url: string;
  readonly backend: FakeBackend;
  /** Stops the server and drops open connections. Idempotent. */
  close(): Promise<void>;
}

interface NodeEnv {
  incoming?: { socket?: { destroy(): void } };
}

/**
 * Starts the fake backend on `127.0.0.1` with a random free port. Its `baseUrl` is the real
 * server URL (so signed media URLs and the Origin check use it). Injected network faults
 * destroy the socket, so clients see a real connection failure.
 */
export async function startFakeBackendServer(
  options: Omit<FakeBackendOptions, 'baseUrl'> = {},
): Promise<FakeBackendServer> {
  let backend: FakeBackend | undefined;
  const server = serve({
    port: 0,
    hostname: '127.0.0.1',
    overrideGlobalObjects: false,
    fetch: async (request: Request, env: NodeEnv) => {
      if (!backend) return new Response('starting', { status: 503 });
      try {
        return await backend.fetch(request);
      } catch (error) {
        if (isFakeNetworkError(error)) env.incoming?.socket?.destroy();
        if (isFakeNetworkError(error) || request.signal.aborted) {
          // Never settle: the socket is gone (or the client left) and nobody needs an answer.
          return new Promise<Response>(() => {});
        }
        throw error;
      }
    },
  });
  await new Promise<void>((resolve, reject) => {
    if (server.listening) resolve();
    else {
      server.once('listening', () => resolve());
      server.once('error', reject);
    }
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const created = createFakeBackend({ ...options, baseUrl: url });
  backend = created;
  let closing: Promise<void> | undefined;
  return {
    url,
    backend: created,
    close() {
      closing ??= new Promise<void>((resolve) => {
        created.close();
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
      return closing;
    },
  };
}
