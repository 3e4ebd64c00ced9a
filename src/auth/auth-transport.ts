/**
 * The wire side of auth: better-auth's own client (`createAuthClient` from
 * `better-auth/client`) configured for the backend's bearer flow, plus what the running backend
 * showed:
 * - `Origin: <baseUrl origin>` on auth POSTs (Node's fetch adds `Sec-Fetch-Mode`, and
 *   better-auth then refuses a POST without a trusted Origin);
 * - the `set-auth-token` header captured byte-for-byte (it is URL-encoded and only works as
 *   received);
 * - sign-out with a JSON `{}` body;
 * - no cookies (`credentials: 'omit'`), no redirects, no session atoms;
 * - bodies parsed as plain JSON (timestamps stay strings) and validated with zod: anything
 *   malformed is a `ContractError`, never a silent `undefined`.
 * The better-auth client rejects on network errors: those become `NetworkError` while the device
 * is online, `OfflineError` while it is offline (or `AbortError` / `TimeoutError`).
 */
import { createAuthClient } from 'better-auth/client';
import type * as z from 'zod/mini';
import {
  AbortError,
  ContractError,
  NetworkError,
  OfflineError,
  TimeoutError,
} from '../errors/index.js';
import type { Clock } from '../platform/clock.js';
import { anySignal } from '../platform/compat/any-signal.js';
import { timeoutSignal } from '../platform/compat/timeout-signal.js';
import type { FetchLike } from '../platform/fetch.js';
import type { AuthSession, AuthUser } from '../schemas/auth.js';
import {
  getSessionResponseSchema,
  signInResponseSchema,
  signOutResponseSchema,
  signUpResponseSchema,
} from '../schemas/auth.js';
import { authFailureError } from './auth-errors.js';
import { sanitizeCause, tokenVariants } from './secrets.js';
import type { ValidIdTokenSignIn, ValidSignIn, ValidSignUp } from './validation.js';

export type { FetchLike };

/** Options of {@link AuthTransport}. */
export interface AuthTransportOptions {
  /** The backend origin (optionally with a path prefix), e.g. `https://api.example.com`. */
  readonly baseUrl: string;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  /** Per-request timeout. */
  readonly timeoutMs: number;
  /** Aborts every call in flight when the owner closes. */
  readonly lifetime?: AbortSignal;
  /** The `Origin` of auth POSTs. @default the origin of `baseUrl` */
  readonly origin?: string;
  /** Whether the device is online (decides `OfflineError` vs `NetworkError`). @default true */
  readonly isOnline?: () => boolean;
}

/** A successful sign-in or sign-up: the bearer token exactly as received, and the user. */
export interface SignedIn {
  /** `null` only when sign-up created the account without a session. */
  readonly token: string | null;
  readonly user: AuthUser;
}

/** A live session as get-session reports it. */
export interface LiveSession {
  readonly session: AuthSession;
  readonly user: AuthUser;
  /** A new `set-auth-token` value (sent when the read slid the session), byte-for-byte. */
  readonly setAuthToken: string | null;
}

/** Body-parse outcomes that are not JSON values. */
class UnreadableBody {
  constructor(readonly reason: string) {}
}

function parseBody(text: string): unknown {
  if (text.length === 0) return new UnreadableBody('empty body');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return new UnreadableBody('body is not JSON');
  }
}

interface CallSpec {
  readonly operation: string;
  readonly method: 'GET' | 'POST';
  /** Path under `/api/auth`, e.g. `/sign-in/email`. */
  readonly path: string;
  readonly token: string | null;
  readonly signal: AbortSignal | undefined;
}

interface CallOutcome {
  readonly data: unknown;
  readonly status: number;
  readonly headers: Headers | undefined;
}

/** What the better-auth client resolves with. */
interface BetterAuthResult {
  readonly data: unknown;
  readonly error: unknown;
}

function createClient(authUrl: string, fetchImpl: FetchLike) {
  return createAuthClient({
    baseURL: authUrl,
    disableDefaultFetchPlugins: true,
    fetchOptions: {
      customFetchImpl: (input, init) => fetchImpl(input, init),
      credentials: 'omit',
      jsonParser: parseBody,
    },
  });
}

/** Calls the backend's better-auth endpoints. Stateless: tokens are passed in per call. */
export class AuthTransport {
  readonly #client: ReturnType<typeof createClient>;
  readonly #authUrl: string;
  readonly #origin: string;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  readonly #lifetime: AbortSignal | undefined;
  readonly #isOnline: () => boolean;

  constructor(options: AuthTransportOptions) {
    const base = new URL(options.baseUrl);
    this.#origin = options.origin ?? base.origin;
    this.#isOnline = options.isOnline ?? (() => true);
    this.#authUrl = new URL('api/auth', base.href.endsWith('/') ? base.href : `${base.href}/`).href;
    this.#clock = options.clock;
    this.#timeoutMs = options.timeoutMs;
    this.#lifetime = options.lifetime;
    this.#client = createClient(this.#authUrl, options.fetch);
  }

  /** The origin sent as `Origin` on auth POSTs (the `origin` option, or `baseUrl`'s). */
  get origin(): string {
    return this.#origin;
  }

  /** `POST /api/auth/sign-up/email`. */
  async signUp(input: ValidSignUp, signal?: AbortSignal): Promise<SignedIn> {
    const spec = this.#spec('auth.signUp', 'POST', '/sign-up/email', null, signal);
    const outcome = await this.#call(spec, (fetchOptions) =>
      this.#client.signUp.email({
        email: input.email,
        password: input.password,
        name: input.name,
        fetchOptions,
      }),
    );
    const body = this.#parse(spec, outcome, signUpResponseSchema);
    const token = outcome.headers?.get('set-auth-token') || body.token || null;
    return { token, user: body.user };
  }

  /** `POST /api/auth/sign-in/email`. */
  async signIn(input: ValidSignIn, signal?: AbortSignal): Promise<SignedIn> {
    const spec = this.#spec('auth.signIn', 'POST', '/sign-in/email', null, signal);
    const outcome = await this.#call(spec, (fetchOptions) =>
      this.#client.signIn.email({
        email: input.email,
        password: input.password,
        ...(input.rememberMe === undefined ? {} : { rememberMe: input.rememberMe }),
        fetchOptions,
      }),
    );
    return this.#signedIn(spec, outcome);
  }

  /** `POST /api/auth/sign-in/social` with an id token (the native Apple flow). */
  async signInWithIdToken(input: ValidIdTokenSignIn, signal?: AbortSignal): Promise<SignedIn> {
    const spec = this.#spec('auth.signInWithIdToken', 'POST', '/sign-in/social', null, signal);
    const outcome = await this.#call(spec, (fetchOptions) =>
      this.#client.signIn.social({
        provider: input.provider,
        idToken: {
          token: input.idToken,
          ...(input.nonce === undefined ? {} : { nonce: input.nonce }),
        },
        disableRedirect: true,
        fetchOptions,
      }),
    );
    return this.#signedIn(spec, outcome);
  }

  /** `GET /api/auth/get-session`: the live session, or `null` when the token is dead. */
  async getSession(token: string, signal?: AbortSignal): Promise<LiveSession | null> {
    const spec = this.#spec('auth.getSession', 'GET', '/get-session', token, signal);
    let outcome: CallOutcome;
    try {
      outcome = await this.#call(spec, (fetchOptions) => this.#client.getSession({ fetchOptions }));
    } catch (error) {
      // get-session answers `null` for dead tokens, but 401 when the session vanished while
      // it was being slid (a concurrent sign-out or account deletion): dead as well.
      if (readStatus(error) === 401) return null;
      throw error;
    }
    const body = this.#parse(spec, outcome, getSessionResponseSchema);
    if (body === null) return null;
    return {
      session: body.session,
      user: body.user,
      setAuthToken: outcome.headers?.get('set-auth-token') || null,
    };
  }

  /** `POST /api/auth/sign-out` with `{}`: revokes the session (idempotent on the server). */
  async signOut(token: string, signal?: AbortSignal): Promise<void> {
    const spec = this.#spec('auth.signOut', 'POST', '/sign-out', token, signal);
    const outcome = await this.#call(spec, (fetchOptions) =>
      this.#client.signOut({ fetchOptions }),
    );
    this.#parse(spec, outcome, signOutResponseSchema);
  }

  #spec(
    operation: string,
    method: 'GET' | 'POST',
    path: string,
    token: string | null,
    signal: AbortSignal | undefined,
  ): CallSpec {
    return { operation, method, path, token, signal };
  }

  #url(spec: CallSpec): string {
    return `${this.#authUrl}${spec.path}`;
  }

  #signedIn(spec: CallSpec, outcome: CallOutcome): SignedIn {
    const body = this.#parse(spec, outcome, signInResponseSchema);
    const token = outcome.headers?.get('set-auth-token') || body.token;
    if (!token) {
      throw new ContractError({
        operation: spec.operation,
        method: spec.method,
        url: this.#url(spec),
        status: outcome.status,
        issues: [{ path: 'token', message: 'sign-in answered without a session token' }],
      });
    }
    return { token, user: body.user };
  }

  #parse<S extends z.ZodMiniType>(spec: CallSpec, outcome: CallOutcome, schema: S): z.infer<S> {
    const context = {
      operation: spec.operation,
      method: spec.method,
      url: this.#url(spec),
      status: outcome.status,
    };
    if (outcome.data instanceof UnreadableBody) {
      throw new ContractError({ ...context, issues: [{ path: '', message: outcome.data.reason }] });
    }
    const parsed = schema.safeParse(outcome.data);
    if (!parsed.success) {
      throw new ContractError({
        ...context,
        issues: parsed.error.issues.map((issue) => ({
          path: issue.path.map(String).join('.'),
          message: issue.message,
        })),
      });
    }
    return parsed.data;
  }

  async #call(
    spec: CallSpec,
    invoke: (fetchOptions: CallFetchOptions) => Promise<BetterAuthResult>,
  ): Promise<CallOutcome> {
    const timeout = timeoutSignal(this.#timeoutMs);
    const cancel = [spec.signal, this.#lifetime].filter((s): s is AbortSignal => s !== undefined);
    const signal = anySignal([timeout, ...cancel]);
    const aborted = cancel.find((s) => s.aborted);
    if (aborted) throw new AbortError(spec.operation, { cause: aborted.reason });
    let response: Response | undefined;
    const fetchOptions: CallFetchOptions = {
      signal,
      disableSignal: true,
      headers: spec.method === 'POST' ? { origin: this.#origin } : {},
      onResponse: (context) => {
        response = context.response;
      },
      ...(spec.token === null ? {} : { auth: { type: 'Bearer', token: spec.token } }),
    };
    let result: BetterAuthResult;
    try {
      result = await invoke(fetchOptions);
    } catch (error) {
      const cancelled = cancel.find((s) => s.aborted);
      if (cancelled) throw new AbortError(spec.operation, { cause: cancelled.reason });
      if (timeout.aborted) {
        throw new TimeoutError(
          {
            operation: spec.operation,
            method: spec.method,
            url: this.#url(spec),
            timeoutMs: this.#timeoutMs,
          },
          { cause: sanitizeCause(error, tokenVariants(spec.token)) },
        );
      }
      const cause = sanitizeCause(error, tokenVariants(spec.token));
      if (!this.#isOnline()) throw new OfflineError(spec.operation, { cause });
      throw new NetworkError(
        { operation: spec.operation, method: spec.method, url: this.#url(spec) },
        { cause },
      );
    }
    const status = response?.status ?? 0;
    if (result.error !== null && result.error !== undefined) {
      const errorStatus = readStatus(result.error) ?? status;
      throw authFailureError({
        operation: spec.operation,
        method: spec.method,
        url: this.#url(spec),
        status: errorStatus,
        body: result.error,
        headers: response?.headers,
        now: this.#clock.now(),
      });
    }
    return { data: result.data, status, headers: response?.headers };
  }
}

/** The per-call options we give the better-auth client. */
interface CallFetchOptions {
  signal: AbortSignal;
  disableSignal: boolean;
  headers: Record<string, string>;
  onResponse: (context: { response: Response }) => void;
  auth?: { type: 'Bearer'; token: string };
}

function readStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}
