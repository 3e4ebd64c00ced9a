import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import {
  createFakeBackend,
  type FakeBackend,
  type FakeBackendOptions,
} from './fake-backend/create-fake-backend.js';
import { isFakeNetworkError } from './fake-network-error.js';

/** Options of {@link startFakeBackendServer}: the backend's options plus where it listens. */
export interface FakeBackendServerOptions extends Omit<FakeBackendOptions, 'baseUrl'> {
  /** The port to listen on; `0` picks a free one. @default 0 */
  port?: number;
  /**
   * The loopback host name to listen on and to use in {@link FakeBackendServer.url}:
   * `'127.0.0.1'` or `'localhost'`. The URL's origin is the backend's own trusted origin, so
   * clients must use exactly this host name in their `baseUrl`: a client on
   * `http://localhost:<port>` talking to a server started on `127.0.0.1` sends an Origin the
   * server does not trust and its sign-in gets 403 `INVALID_ORIGIN`.
   * @default '127.0.0.1'
   */
  hostname?: '127.0.0.1' | 'localhost';
}

/** A fake backend listening on a real loopback port. */
export interface FakeBackendServer {
  /**
   * `http://127.0.0.1:<port>` (or `http://localhost:<port>`): the backend's `baseUrl`, to be
   * used as the client's `baseUrl` exactly as given.
   */
  readonly url: string;
  readonly backend: FakeBackend;
  /** Stops the server and drops open connections. Idempotent. */
  close(): Promise<void>;
}

interface NodeEnv {
  incoming?: { socket?: { destroy(): void } };
}

/**
 * Starts the fake backend on a loopback port (a free one unless `port` is given). Its
 * `baseUrl` is the real server URL, so signed media URLs and the Origin check use it. A web
 * app served from another origin (a dev server) needs that origin in `allowedOrigins`.
 * Injected network faults destroy the socket, so clients see a real connection failure.
 *
 * @example
 * const server = await startFakeBackendServer({ allowedOrigins: ['http://localhost:5173'] });
 * const client = createClient({ baseUrl: server.url });
 */
export async function startFakeBackendServer(
  options: FakeBackendServerOptions = {},
): Promise<FakeBackendServer> {
  const { port: requestedPort = 0, hostname = '127.0.0.1', ...backendOptions } = options;
  let backend: FakeBackend | undefined;
  const server = serve({
    port: requestedPort,
    hostname,
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
  const url = `http://${hostname}:${port}`;
  const created = createFakeBackend({ ...backendOptions, baseUrl: url });
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
