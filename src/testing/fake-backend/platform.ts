/** Headers `next.config` adds to every response of the real backend (values as recorded). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'strict-transport-security': 'max-age=63072000; includeSubDomains; preload',
  'x-frame-options': 'SAMEORIGIN',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https:; connect-src 'self' https://api.openai.com; font-src 'self' data:; frame-ancestors 'self'",
  'referrer-policy': 'origin-when-cross-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

/** Next.js's `vary` on every route response. */
export const NEXT_VARY =
  'rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch';

/** The CORS headers the backend's middleware adds for an allowlisted `Origin`. */
function corsHeaders(origin: string): Record<string, string> {
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'GET, POST, PUT, DELETE, PATCH, OPTIONS',
    'access-control-allow-headers': 'Content-Type, Authorization',
    'access-control-expose-headers': 'set-auth-token',
  };
}

/** Options of {@link withPlatform}. */
export interface PlatformOptions {
  now: () => Date;
  allowedOrigins: readonly string[];
  /** Paths that are not the Next.js app (the fake R2 route): only `Date` is added there. */
  isBareRoute: (pathname: string) => boolean;
  /**
   * The HTTP methods the route at `pathname` implements (empty for an unknown path). Next.js
   * answers OPTIONS itself with an `Allow` header listing them plus HEAD and OPTIONS (161).
   */
  routeMethods?: (pathname: string) => readonly string[];
}

/** Next.js's `Allow` value for a route implementing `methods`: HEAD with GET, OPTIONS, sorted. */
export function allowHeader(methods: readonly string[]): string {
  const all = new Set([...methods, 'OPTIONS']);
  if (all.has('GET')) all.add('HEAD');
  return [...all].sort().join(', ');
}

/** Next's automatic OPTIONS answer: 204, with `Allow` when the path is a known route. */
function preflight(pathname: string, options: PlatformOptions): Response {
  const methods = options.routeMethods?.(pathname) ?? [];
  return new Response(null, {
    status: 204,
    headers: methods.length > 0 ? { allow: allowHeader(methods) } : {},
  });
}

/**
 * Runs a request through the app and dresses the response like the real deployment does: a
 * `Date` header from the backend clock, the security headers, Next's `vary`, CORS headers for
 * allowlisted origins only, and the 204 answer to CORS preflights.
 */
export async function withPlatform(
  request: Request,
  app: (request: Request) => Promise<Response>,
  options: PlatformOptions,
): Promise<Response> {
  const pathname = new URL(request.url).pathname;
  const origin = request.headers.get('origin');
  const allowed = origin !== null && options.allowedOrigins.includes(origin);
  const response = request.method === 'OPTIONS' ? preflight(pathname, options) : await app(request);

  const headers = new Headers(response.headers);
  headers.set('date', options.now().toUTCString());
  if (!options.isBareRoute(pathname)) {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
    const vary = headers.get('vary');
    headers.set('vary', vary ? `${NEXT_VARY}, ${vary}` : NEXT_VARY);
    if (allowed) {
      for (const [name, value] of Object.entries(corsHeaders(origin))) headers.set(name, value);
      headers.set('vary', `Origin, ${headers.get('vary')}`);
    }
  }
  const nullBody = response.status === 204 || response.status === 304 || request.method === 'HEAD';
  return new Response(nullBody ? null : response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}
