import { type BetterAuthOptions, betterAuth } from 'better-auth-server';
import { memoryAdapter } from 'better-auth-server/adapters/memory';
import { bearer } from 'better-auth-server/plugins';
import { fastPasswordHashing } from './fast-password.js';

/** The fixed secret of every fake backend (tokens are only valid for the instance that made them). */
const FAKE_AUTH_SECRET = 'fake-backend-better-auth-secret-0123456789abcdef';

/** Where better-auth's own tables live: a plain in-memory database per backend. */
export interface FakeAuthDatabase {
  user: Record<string, unknown>[];
  session: Record<string, unknown>[];
  account: Record<string, unknown>[];
  verification: Record<string, unknown>[];
  [table: string]: Record<string, unknown>[];
}

/** Options for {@link createFakeAuth}. */
export interface FakeAuthOptions {
  /** BETTER_AUTH_URL: the backend origin, also a trusted origin. */
  baseUrl: string;
  /** better-auth's own request limiter (3 per 10 s on sign-in/sign-up). */
  rateLimit: boolean;
  /** Replace scrypt with a quick salted hash (test speed only). */
  fastPasswordHashing?: boolean;
  /** Origins trusted in addition to the backend's own list (a web app's dev server). */
  allowedOrigins?: readonly string[];
}

/**
 * Origins the real backend trusts (`http://localhost:3000`, the Capacitor and Ionic app origins,
 * Apple sign-in), the backend's own origin, and `extra` (origins the host chose to trust).
 */
export function trustedOriginsFor(baseUrl: string, extra: readonly string[] = []): string[] {
  const own = new URL(baseUrl).origin;
  return [
    ...new Set([
      'http://localhost:3000',
      'capacitor://localhost',
      'ionic://localhost',
      'https://appleid.apple.com',
      own,
      ...extra.map((origin) => normalizeOrigin(origin)),
    ]),
  ];
}

/** `origin` as browsers send it in the `Origin` header (no path, no trailing slash). */
function normalizeOrigin(origin: string): string {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? origin.replace(/\/+$/, '') : url.origin;
  } catch {
    throw new TypeError(`fake backend: allowed origin ${JSON.stringify(origin)} is not a URL`);
  }
}

/** The real backend's cookie and request checks (`advanced`), as recorded. */
const ADVANCED = {
  cookiePrefix: 'infinite-stories',
  crossSubDomainCookies: { enabled: false },
  // The recording ran in production: `__Secure-` cookie names.
  useSecureCookies: true,
  // better-auth skips these checks when NODE_ENV=test; the real backend does not.
  disableOriginCheck: false,
  disableCSRFCheck: false,
  ipAddress: { ipAddressHeaders: ['x-forwarded-for'] },
};

/**
 * better-auth's own limiter (100 requests per 10 s, stricter on sign-in/sign-up) on a store of
 * this instance: better-auth's "memory" storage is one module-global Map.
 */
function perInstanceRateLimit(enabled: boolean): NonNullable<BetterAuthOptions['rateLimit']> {
  const store = new Map<string, { key: string; count: number; lastRequest: number }>();
  return {
    enabled,
    window: 10,
    max: 100,
    customStorage: {
      get: async (key) => store.get(key) ?? null,
      set: async (key, value) => {
        store.set(key, { key, count: value.count, lastRequest: value.lastRequest });
      },
    },
  };
}

/** Prisma returns every column; the memory adapter omits unset ones. Match the recording. */
function withNullColumns<T extends Record<string, unknown>>(user: T): T {
  return {
    ...user,
    image: user.image ?? null,
    lastStoryGeneratedAt: user.lastStoryGeneratedAt ?? null,
  };
}

/**
 * A real better-auth 1.4.18 instance configured like the real backend's (email and password,
 * bearer sessions of 30 days sliding every 24 h, the Origin and CSRF checks on), on a
 * per-instance memory database and a per-instance rate-limit store.
 */
export function createFakeAuth(options: FakeAuthOptions) {
  const database: FakeAuthDatabase = { user: [], session: [], account: [], verification: [] };
  const auth = betterAuth({
    baseURL: options.baseUrl,
    basePath: '/api/auth',
    secret: FAKE_AUTH_SECRET,
    database: memoryAdapter(database),
    logger: { disabled: true },
    onAPIError: {
      // Unexpected errors (e.g. malformed JSON) escape to the handler wrapper, which answers the
      // recorded bare 500 without better-call's console logging.
      onError: (error) => {
        if (!(error instanceof Error && error.name === 'APIError')) throw error;
      },
    },
    emailAndPassword: {
      enabled: true,
      requireEmailVerification: false,
      minPasswordLength: 8,
      maxPasswordLength: 128,
      ...(options.fastPasswordHashing ? { password: fastPasswordHashing } : {}),
    },
    session: {
      expiresIn: 60 * 60 * 24 * 30,
      updateAge: 60 * 60 * 24,
      cookieCache: { enabled: true, maxAge: 5 * 60 },
    },
    plugins: [bearer()],
    databaseHooks: {
      user: {
        create: {
          before: async (user) => ({ data: withNullColumns(user) }),
        },
      },
    },
    account: { accountLinking: { enabled: true, trustedProviders: ['email', 'apple'] } },
    user: {
      additionalFields: {
        totalStoriesGenerated: { type: 'number', defaultValue: 0 },
        totalAudioGenerated: { type: 'number', defaultValue: 0 },
        totalIllustrationsGenerated: { type: 'number', defaultValue: 0 },
        lastStoryGeneratedAt: { type: 'date', required: false },
      },
    },
    advanced: ADVANCED,
    trustedOrigins: trustedOriginsFor(options.baseUrl, options.allowedOrigins),
    rateLimit: perInstanceRateLimit(options.rateLimit),
  });
  return {
    auth,
    database,
    handler: async (request: Request) => {
      try {
        return await auth.handler(await shimAuthRequest(request));
      } catch {
        return new Response(null, { status: 500, statusText: 'Internal Server Error' });
      }
    },
  };
}

/**
 * Makes a request look like what Next.js hands to better-auth on the real backend:
 * - an `X-Forwarded-For` (Next sets it; better-auth keys its rate limiter and the session's
 *   `ipAddress` on it), so the limiter also works under msw where there is no socket;
 * - a POST always has a (possibly empty) body stream, so a body-less sign-out gets better-call's
 *   415 for a missing Content-Type, as recorded (fixture 024).
 */
async function shimAuthRequest(request: Request): Promise<Request> {
  const needsIp = !request.headers.has('x-forwarded-for');
  const needsBody = request.method === 'POST' && request.body === null;
  if (!needsIp && !needsBody) return request;
  const headers = new Headers(request.headers);
  if (needsIp) headers.set('x-forwarded-for', '127.0.0.1');
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return new Request(request.url, {
    method: request.method,
    headers,
    signal: request.signal,
    ...(hasBody ? { body: await request.arrayBuffer() } : {}),
  });
}

/** The better-auth instance and its database, as {@link createFakeAuth} returns them. */
export type FakeAuth = ReturnType<typeof createFakeAuth>;
