import { FakeNetworkError } from '../fake-network-error.js';
import { createFakeBackendApp, routeMethods } from './app.js';
import { createFakeAuth, type FakeAuth, trustedOriginsFor } from './auth.js';
import { createSessionTools, deleteAuthUser, readUser, updateUser } from './auth-store.js';
import { createFakeClock, type FakeClock } from './clock.js';
import type { FakeUserRow } from './context.js';
import { createFaults, type FakeBackendFaults } from './faults.js';
import { createIdempotencyLayer } from './idempotency.js';
import { createIdGenerator } from './ids.js';
import { createMediaStore } from './media.js';
import { withPlatform } from './platform.js';
import type { FakePlatformContext } from './platform-context.js';
import {
  createGenerationRateLimiter,
  DEFAULT_RATE_LIMITS,
  type RateLimitedOperation,
} from './rate-limiter.js';
import { FakeDatabase } from './state.js';

/** Options of {@link createFakeBackend}. */
export interface FakeBackendOptions {
  /**
   * The backend origin (BETTER_AUTH_URL): trusted by the Origin check and CORS, and the host of
   * signed media URLs.
   * @default 'http://localhost:3000'
   */
  baseUrl?: string;
  /** The time source the backend clock follows (its offset is then moved by `clock`). @default real time */
  now?: () => Date;
  /** Use this clock instead of creating one (overrides `now`). */
  clock?: FakeClock;
  /** Simulated duration of every generation call (story, audio, avatar, illustrations). @default 0 */
  generationLatencyMs?: number;
  /**
   * Per-hour limits of the backend's generation rate limiter (stories, audio, avatars,
   * illustrations, custom-event enhancement), counted per user over the last hour.
   * @default 5/10/3/20/30
   */
  rateLimits?: Partial<Record<RateLimitedOperation, number>>;
  /**
   * better-auth's own limiter (3 sign-in/sign-up requests per 10 s per IP and path, like the
   * real backend). Turn it off in tests that sign up many users.
   * @default true
   */
  authRateLimit?: boolean;
  /**
   * Replay the first response of a POST/PATCH/DELETE for a repeated `Idempotency-Key` of the same
   * user instead of applying it again. The real backend does not. @default false
   */
  honourIdempotencyKey?: boolean;
  /**
   * Hash passwords with a quick salted SHA-256 instead of better-auth's scrypt (~0.5 s each).
   * Only the cost changes; use it in tests that sign up many users.
   * @default false
   */
  fastPasswordHashing?: boolean;
  /** `R2_PUBLIC_URL`: the prefix of stored media URLs. @default 'https://fake-bucket.r2.dev' */
  r2PublicUrl?: string;
  /**
   * Where presigned media URLs point, e.g. `https://bucket.account.r2.cloudflarestorage.com`
   * (R2's virtual-hosted form): URLs become `<mediaOrigin>/<key>?X-Amz-…`
   * on an origin other than the API's, as in production. `backend.fetch` and
   * `fakeBackendHandlers` serve downloads from it; a loopback server cannot, so leave it unset
   * there. @default the backend's own `/__fake-r2/` download route
   */
  mediaOrigin?: string;
  /**
   * Whether the fake OpenAI answers. `false` reproduces the recording's unreachable OpenAI:
   * generation routes answer 500 `InternalServerError` and record failed usage rows.
   * @default true
   */
  aiAvailable?: boolean;
  /**
   * Origins trusted besides the real backend's list (`http://localhost:3000`, the Capacitor and
   * Ionic app origins) and `baseUrl`'s own origin: both better-auth's Origin check and CORS
   * accept them. Add the origin of the web app that calls the backend from a browser, e.g.
   * `['http://localhost:5173']` for a Vite dev server. An auth request from any other origin
   * gets 403 `INVALID_ORIGIN`, and other responses carry no CORS headers.
   * @default []
   */
  allowedOrigins?: readonly string[];
}

/** A user created with {@link FakeBackend.createUser}. */
export interface FakeBackendUser {
  userId: string;
  /** The raw session token (the `token` of the sign-up JSON). */
  token: string;
  /** The `set-auth-token` header value (URL-encoded signed token), as a client would store it. */
  setAuthToken: string;
}

/** A running fake backend. */
export interface FakeBackend {
  /** The backend origin, e.g. `http://localhost:3000`. */
  readonly baseUrl: string;
  /** The origin of presigned media URLs: `baseUrl`, or the `mediaOrigin` option. */
  readonly mediaOrigin: string;
  /**
   * Handles one request like the real backend would. Rejects with `FakeNetworkError` for an
   * injected network failure, and with the signal's reason when the request is aborted.
   */
  fetch(request: Request): Promise<Response>;
  /**
   * The backend clock: app timestamps, `Date` headers, rate-limit windows and media expiry.
   * better-auth keeps real time for sessions and its own limiter: use `ageSession` /
   * `expireSession` to move sessions.
   */
  readonly clock: FakeClock;
  /** The in-memory app tables, for inspection in tests. */
  readonly db: FakeDatabase;
  /** Fault injection. */
  readonly faults: FakeBackendFaults;
  /** Signs a user up through better-auth's API (no HTTP, no auth rate limit). */
  createUser(input: { email: string; password: string; name: string }): Promise<FakeBackendUser>;
  /** A user row from better-auth's database, or `null`. */
  getUser(userId: string): Promise<FakeUserRow | null>;
  /**
   * Moves a session's `createdAt`, `updatedAt` and `expiresAt` back by `ms`, as if it had been
   * issued `ms` earlier; past 24 h the next read slides it. Accepts the raw or signed token.
   */
  ageSession(token: string, ms: number): void;
  /** Makes a session expired (its `expiresAt` one minute in the past). */
  expireSession(token: string): void;
  /** Makes `/api/v1/health` answer 503 `ServiceUnavailable` (false) or healthy again (true). */
  setHealthy(healthy: boolean): void;
  /** Makes the fake OpenAI reachable (true) or unreachable (false); see `aiAvailable`. */
  setAiAvailable(available: boolean): void;
  /** Changes the simulated generation latency. */
  setGenerationLatency(ms: number): void;
  /** Stops answering: later requests fail as network errors. Idempotent. */
  close(): void;
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Creates an in-process fake of the InfiniteStories backend: a real better-auth instance plus
 * an in-memory model of every route, reproducing the real backend's behaviour and quirks.
 *
 * @example
 * const backend = createFakeBackend({ authRateLimit: false });
 * const { token } = await backend.createUser({ email: 'a@b.test', password: 'password123', name: 'A' });
 * const res = await backend.fetch(new Request(`${backend.baseUrl}/api/v1/heroes`, {
 *   headers: { Authorization: `Bearer ${token}` },
 * }));
 */
export function createFakeBackend(options: FakeBackendOptions = {}): FakeBackend {
  const baseUrl = (options.baseUrl ?? 'http://localhost:3000').replace(/\/+$/, '');
  const clock = options.clock ?? createFakeClock(options.now);
  const fakeAuth = createFakeAuth({
    baseUrl,
    rateLimit: options.authRateLimit ?? true,
    fastPasswordHashing: options.fastPasswordHashing ?? false,
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
  });
  const mediaOrigin = options.mediaOrigin ? new URL(options.mediaOrigin).origin : undefined;
  const switches = {
    latencyMs: options.generationLatencyMs ?? 0,
    aiAvailable: options.aiAvailable ?? true,
    health: { healthy: true },
  };
  const context = createContext(options, baseUrl, clock, fakeAuth, mediaOrigin, switches);
  const platformFetch = createPlatformFetch(context, fakeAuth, mediaOrigin, options);
  const idempotency = options.honourIdempotencyKey
    ? createIdempotencyLayer(
        async (request) => (await context.authenticate(request))?.userId ?? null,
      )
    : null;
  const { faults, apply } = createFaults();
  let closed = false;
  return {
    baseUrl,
    mediaOrigin: mediaOrigin ?? baseUrl,
    clock,
    db: context.db,
    faults,
    async fetch(request) {
      if (closed) throw new FakeNetworkError('fetch failed (fake backend closed)');
      if (request.signal?.aborted) throw request.signal.reason;
      const handled = apply(request, (r) =>
        idempotency ? idempotency(r, platformFetch) : platformFetch(r),
      );
      return raceAbort(handled, request.signal);
    },
    ...userTools(fakeAuth),
    setAiAvailable(available) {
      switches.aiAvailable = available;
    },
    setHealthy(healthy) {
      switches.health.healthy = healthy;
    },
    setGenerationLatency(ms) {
      switches.latencyMs = ms;
    },
    close() {
      closed = true;
      faults.clear();
    },
  };
}

/** The backend's switchable behaviour (generation latency, AI reachability, health). */
interface Switches {
  latencyMs: number;
  aiAvailable: boolean;
  health: { healthy: boolean };
}

/** What every route sees: tables, clock, ids, auth, rate limits, media and the switches. */
function createContext(
  options: FakeBackendOptions,
  baseUrl: string,
  clock: FakeClock,
  fakeAuth: FakeAuth,
  mediaOrigin: string | undefined,
  switches: Switches,
): FakePlatformContext {
  const now = () => clock.now();
  const newId = createIdGenerator(now);
  const db = new FakeDatabase();
  const { auth, database } = fakeAuth;
  const r2PublicUrl = (options.r2PublicUrl ?? 'https://fake-bucket.r2.dev').replace(/\/+$/, '');
  return {
    db,
    now,
    newId,
    baseUrl,
    authenticate: async (request) => {
      try {
        const session = await auth.api.getSession({ headers: request.headers });
        return session ? { userId: session.user.id } : null;
      } catch {
        return null;
      }
    },
    rateLimits: createGenerationRateLimiter(db, now, newId, {
      ...DEFAULT_RATE_LIMITS,
      ...options.rateLimits,
    }),
    media: createMediaStore(db, now, baseUrl, r2PublicUrl, mediaOrigin),
    users: {
      get: async (userId) => readUser(database, userId),
      update: async (userId, patch) => updateUser(database, userId, patch, now()),
    },
    accounts: { deleteUser: (userId) => deleteAuthUser(database, userId) },
    health: switches.health,
    ai: { available: () => switches.aiAvailable },
    generationLatencyMs: () => switches.latencyMs,
  };
}

/**
 * The app behind the platform layer (Date, security and CORS headers, preflights), plus the
 * media origin playing R2 when it differs from the API's.
 */
function createPlatformFetch(
  context: FakePlatformContext,
  fakeAuth: FakeAuth,
  mediaOrigin: string | undefined,
  options: FakeBackendOptions,
): (request: Request) => Promise<Response> {
  const app = createFakeBackendApp(context, fakeAuth.handler);
  const allowedOrigins = trustedOriginsFor(context.baseUrl, options.allowedOrigins);
  return async (request) => {
    const url = new URL(request.url);
    if (mediaOrigin !== undefined && url.origin === mediaOrigin) {
      return serveMedia(request, url, context);
    }
    return withPlatform(request, async (r) => app.fetch(r), {
      now: context.now,
      allowedOrigins,
      isBareRoute: (pathname) => pathname.startsWith('/__fake-r2/'),
      routeMethods: (pathname) => routeMethods(app, pathname),
    });
  };
}

/** The media origin plays R2: signed GETs only, no app headers but `Date`. */
function serveMedia(request: Request, url: URL, context: FakePlatformContext): Response {
  const response =
    request.method === 'GET' || request.method === 'HEAD'
      ? context.media.serve(url)
      : new Response(null, { status: 405 });
  const headers = new Headers(response.headers);
  headers.set('date', context.now().toUTCString());
  const body = request.method === 'HEAD' ? null : response.body;
  return new Response(body, { status: response.status, headers });
}

/** The user and session helpers of {@link FakeBackend}, over better-auth's API and tables. */
function userTools(
  fakeAuth: FakeAuth,
): Pick<FakeBackend, 'createUser' | 'getUser' | 'ageSession' | 'expireSession'> {
  const { auth, database } = fakeAuth;
  const sessions = createSessionTools(database);
  return {
    async createUser({ email, password, name }) {
      const { headers, response } = await auth.api.signUpEmail({
        body: { email, password, name },
        returnHeaders: true,
      });
      if (!response.token) throw new Error('fake backend: sign-up returned no token');
      return {
        userId: response.user.id,
        token: response.token,
        setAuthToken: headers.get('set-auth-token') ?? response.token,
      };
    },
    getUser: async (userId) => readUser(database, userId),
    ageSession: (token, ms) => sessions.age(token, ms),
    expireSession: (token) => sessions.expire(token),
  };
}
