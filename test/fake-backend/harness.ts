import type { FakeBackend } from '../../src/testing/index.js';

/** A parsed response for assertions. */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The JSON body, or `undefined` when the body is not JSON. */
  json: unknown;
  // biome-ignore lint/suspicious/noExplicitAny: test convenience for deep property access
  body: any;
}

/** Options of one call. */
export interface CallOptions {
  token?: string;
  /** A JSON value (serialised) or a raw string body. */
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Sends one request through `backend.fetch` and reads the whole reply. */
export async function call(
  backend: FakeBackend,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  const response = await backend.fetch(
    new Request(`${backend.baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    }),
  );
  return readReply(response);
}

/** Reads a Response into a {@link Reply}. */
export async function readReply(response: Response): Promise<Reply> {
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json, body: json };
}

/** The form of every app id: cuid v1, 25 chars starting with `c`. */
export const CUID = /^c[a-z0-9]{24}$/;
/** The form of better-auth ids and tokens: 32 alphanumeric characters. */
export const AUTH_ID = /^[A-Za-z0-9]{32}$/;
/** An ISO timestamp with milliseconds. */
export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let counter = 0;
/** A unique email for a test user. */
export function uniqueEmail(prefix = 'user'): string {
  counter++;
  return `${prefix}.${Date.now().toString(36)}${counter}@example.test`;
}

/** Signs a user up through the backend's test helper. */
export async function newUser(backend: FakeBackend, name = 'Test User') {
  const email = uniqueEmail(name.split(' ')[0]?.toLowerCase());
  const user = await backend.createUser({ email, password: 'correct-horse-battery', name });
  return { ...user, email };
}

/** Creates a hero through the API and returns its JSON. */
export async function createHero(
  backend: FakeBackend,
  token: string,
  body: Record<string, unknown> = {},
) {
  const reply = await call(backend, 'POST', '/api/v1/heroes', {
    token,
    body: { name: 'Luna', age: 6, traits: ['brave'], ...body },
  });
  if (reply.status !== 201) throw new Error(`hero create failed: ${reply.status} ${reply.text}`);
  return reply.body.data;
}
