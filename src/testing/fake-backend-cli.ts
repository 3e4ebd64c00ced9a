/**
 * `npx infinitestories-fake-backend`: the fake backend as a development server, so a web app
 * on any dev port (or a Node script) can sign up, sync and download media without the real
 * backend.
 */
import { parseArgs } from 'node:util';
import { type FakeBackendServer, startFakeBackendServer } from './server.js';

/** Usage text of `infinitestories-fake-backend`. */
export const FAKE_BACKEND_USAGE = `Usage: infinitestories-fake-backend [options]

Runs the fake InfiniteStories backend (a real better-auth inside, data in memory) on a loopback
port until interrupted.

Options:
  --port <n>              port to listen on (default 8787; 0 picks a free one)
  --host <name>           127.0.0.1 (default) or localhost; a Node client's baseUrl must use
                          the same name (the other one gets 403 INVALID_ORIGIN on sign-in)
  --allow-origin <url>    trust a web app's origin for CORS and sign-in, e.g.
                          http://localhost:5173 (repeatable, or comma-separated)
  --user <email:password> create this account at start (repeatable)
  --latency <ms>          simulated duration of every generation call (default 0)
  -h, --help              show this help
`;

/** What `infinitestories-fake-backend` was asked to do. */
export interface FakeBackendCliArgs {
  readonly port: number;
  readonly hostname: '127.0.0.1' | 'localhost';
  readonly allowedOrigins: readonly string[];
  readonly users: readonly { email: string; password: string }[];
  readonly latencyMs: number;
}

/** Parses `argv` (without the node and script paths). Throws with a message on bad usage. */
export function parseFakeBackendArgs(argv: readonly string[]): FakeBackendCliArgs | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'allow-origin': { type: 'string', multiple: true },
      user: { type: 'string', multiple: true },
      latency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const host = values.host ?? '127.0.0.1';
  if (host !== '127.0.0.1' && host !== 'localhost') {
    throw new Error(`--host must be 127.0.0.1 or localhost, not ${host}`);
  }
  const allowedOrigins = (values['allow-origin'] ?? []).flatMap((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  );
  for (const origin of allowedOrigins) {
    if (!URL.canParse(origin)) throw new Error(`--allow-origin: ${origin} is not a URL`);
  }
  const users = (values.user ?? []).map((value) => {
    const at = value.indexOf(':');
    if (at <= 0) throw new Error(`--user expects email:password, got ${value}`);
    return { email: value.slice(0, at), password: value.slice(at + 1) };
  });
  return {
    port: integer('--port', values.port ?? '8787'),
    hostname: host,
    allowedOrigins,
    users,
    latencyMs: integer('--latency', values.latency ?? '0'),
  };
}

function integer(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    throw new Error(`${name} expects a whole number, got ${value}`);
  }
  return parsed;
}

/**
 * Starts the server `args` describe, creates its users, and writes where it listens and how to
 * reach it to `out`. The caller closes the returned server.
 */
export async function startFakeBackendCli(
  args: FakeBackendCliArgs,
  out: { write(text: string): unknown },
): Promise<FakeBackendServer> {
  const server = await startFakeBackendServer({
    port: args.port,
    hostname: args.hostname,
    allowedOrigins: args.allowedOrigins,
    authRateLimit: false,
    generationLatencyMs: args.latencyMs,
  });
  for (const { email, password } of args.users) {
    await server.backend.createUser({ email, password, name: email.split('@')[0] ?? email });
  }
  const lines = [
    `fake InfiniteStories backend listening on ${server.url}`,
    `  baseUrl: '${server.url}' (use exactly this origin: the other loopback name gets 403 INVALID_ORIGIN)`,
    `  trusted web origins: ${args.allowedOrigins.length > 0 ? args.allowedOrigins.join(', ') : 'none (add --allow-origin http://localhost:5173)'}`,
    ...args.users.map(({ email }) => `  account: ${email}`),
    '  data lives in memory: stopping the server forgets it. Ctrl-C to stop.',
  ];
  out.write(`${lines.join('\n')}\n`);
  return server;
}
