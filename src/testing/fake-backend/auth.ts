import { betterAuth } from 'better-auth';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { bearer } from 'better-auth/plugins';
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
}

/** Origins the real backend trusts (CONTRACT.md §3.1) plus the backend's own origin. */
export function trustedOriginsFor(baseUrl: string): string[] {
  return [
    'http://localhost:3000',
    'capacitor://localhost',
    'ionic://localhost',
    'https://appleid.apple.com',
    baseUrl,
  ];
}

/**
 * A real better-auth 1.4.18 instance configured like the backend's `lib/auth/auth.ts`
 * (CONTRACT.md §3.1), on a per-instance memory database and a per-instance rate-limit store.
 */
export function createFakeAuth(options: FakeAuthOptions) {
  const database: FakeAuthDatabase = { user: [], session: [], account: [], verification: [] };
  // better-auth's "memory" rate-limit storage is one module-global Map; keep ours per instance.
  const rateLimitStore = new Map<string, { key: string; count: number; lastRequest: number }>();
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
          // Prisma returns every column; the memory adapter omits unset ones. Match the recording.
          before: async (user) => {
            const row: Record<string, unknown> = { ...user };
            row.image = row.image ?? null;
            row.lastStoryGeneratedAt = row.lastStoryGeneratedAt ?? null;
            return { data: row as typeof user };
          },
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
    advanced: {
      cookiePrefix: 'infinite-stories',
      crossSubDomainCookies: { enabled: false },
      // The recording ran in production: `__Secure-` cookie names.
      useSecureCookies: true,
      // better-auth skips these checks when NODE_ENV=test; the real backend does not.
      disableOriginCheck: false,
      disableCSRFCheck: false,
      ipAddress: { ipAddressHeaders: ['x-forwarded-for'] },
    },
    trustedOrigins: trustedOriginsFor(options.baseUrl),
    rateLimit: {
      enabled: options.rateLimit,
      window: 10,
      max: 100,
      customStorage: {
        get: async (key) => rateLimitStore.get(key) ?? null,
        set: async (key, value) => {
          rateLimitStore.set(key, { key, count: value.count, lastRequest: value.lastRequest });
        },
      },
    },
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
