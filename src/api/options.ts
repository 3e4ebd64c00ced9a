/** Options of {@link createApiClient}, their defaults, and per-call options. */
import { ValidationError } from '../errors/index.js';
import { foregroundTimers, systemClock, type Timers } from '../platform/clock.js';
import type { FetchLike } from '../platform/fetch.js';
import type { AuthHook } from './auth-hook.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff.js';
import { clientLogger, type Logger } from './logger.js';

export type { FetchLike };

/** Options of `createApiClient`. Only `baseUrl` is required. */
export interface ApiClientOptions {
  /**
   * The backend origin (optionally with a path prefix), e.g. `https://api.example.com`. The
   * client appends `/api/v1/…` and `/api/batch…`.
   */
  baseUrl: string;
  /**
   * The fetch implementation, called as `fetch(url, init)` (the URL as a string, the body as
   * JSON text and the headers as a plain object of lower-case names in `init`). Resolved at call
   * time, so test interceptors installed after the client was created still apply.
   * @default globalThis.fetch
   */
  fetch?: FetchLike;
  /**
   * Supplies `Authorization` per attempt and decides what a 401 means (the AuthManager plugs in
   * here). Without it every call is sent unauthenticated and a 401 throws `AuthError`.
   */
  auth?: AuthHook;
  /** Per-attempt timeout of ordinary calls, in ms. @default 30000 */
  timeoutMs?: number;
  /**
   * Per-attempt timeout of generation calls (story, audio, avatar, illustrations, AI enhance,
   * visual-profile extract), which block until the AI finishes.
   * @default 300000
   */
  generationTimeoutMs?: number;
  /**
   * Retry policy of safe calls (GETs only; nothing that creates or generates is ever retried).
   * Retried on 408, 500, 502, 503, 504, network errors and timeouts (a GET that timed out is
   * sent again like one answered 408 or 504); never on 400/401/403/404/429. A GET can so take
   * up to `(limit + 1) × timeoutMs` plus the waits; pass a `signal` to bound it.
   * @default { limit: 3, baseDelayMs: 1000, maxDelayMs: 30000, jitter: true }
   * @example { limit: 2, baseDelayMs: 1 } // fast retries in tests
   */
  retry?: Partial<RetryPolicy>;
  /**
   * Receives debug/info/warn/error records. Records pass through the SDK's redaction, so tokens
   * never appear in them.
   * @default a silent logger
   */
  logger?: Logger;
  /**
   * Send `Idempotency-Key: <key>` on create and generate calls that pass `idempotencyKey`. Off by
   * default: the real backend ignores it, and in browsers the extra header forces a CORS
   * preflight the backend may refuse.
   * @default false
   */
  idempotencyKeys?: boolean;
  /** The device clock in epoch ms, used for the server-clock estimate. @default Date.now */
  now?: () => number;
  /**
   * The timers each attempt's timeout (`timeoutMs`, `generationTimeoutMs`) and each wait before
   * a retry run on. Tests pass timers they fire themselves, so a slow machine never times a
   * request out by accident.
   * @default the global timers
   */
  timers?: Timers;
}

/** {@link ApiClientOptions} with every default applied. */
export interface ResolvedApiClientOptions {
  readonly baseUrl: string;
  readonly fetch: FetchLike;
  readonly auth: AuthHook | undefined;
  readonly timeoutMs: number;
  readonly generationTimeoutMs: number;
  readonly retry: RetryPolicy;
  readonly logger: Logger;
  readonly idempotencyKeys: boolean;
  readonly now: () => number;
  readonly timers: Timers;
}

/** Options every client method accepts as its last argument. */
export interface CallOptions {
  /** Aborts the call (and any retry wait); the method then rejects with `AbortError`. */
  signal?: AbortSignal;
  /** Overrides the per-attempt timeout of this call, in ms. */
  timeoutMs?: number;
}

/** Options of calls that create something on the server. */
export interface CreateCallOptions extends CallOptions {
  /**
   * Sent as `Idempotency-Key` when the client was created with `idempotencyKeys: true`
   * (typically the outbox mutation id).
   */
  idempotencyKey?: string;
}

const defaultFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

function positive(value: number | undefined, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new ValidationError({
      operation: 'createApiClient',
      field,
      message: 'must be a non-negative finite number',
    });
  }
  return value;
}

/** Applies defaults and checks the options once. */
export function resolveApiClientOptions(options: ApiClientOptions): ResolvedApiClientOptions {
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch (cause) {
    throw new ValidationError(
      { operation: 'createApiClient', field: 'baseUrl', message: 'must be an absolute URL' },
      { cause },
    );
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new ValidationError({
      operation: 'createApiClient',
      field: 'baseUrl',
      message: 'must be an http(s) URL',
    });
  }
  const retry = options.retry ?? {};
  return {
    baseUrl: `${base.origin}${base.pathname}`.replace(/\/+$/, ''),
    fetch: options.fetch ?? defaultFetch,
    auth: options.auth,
    timeoutMs: positive(options.timeoutMs, 30_000, 'timeoutMs'),
    generationTimeoutMs: positive(options.generationTimeoutMs, 300_000, 'generationTimeoutMs'),
    retry: Object.freeze({
      limit: Math.floor(positive(retry.limit, DEFAULT_RETRY_POLICY.limit, 'retry.limit')),
      baseDelayMs: positive(
        retry.baseDelayMs,
        DEFAULT_RETRY_POLICY.baseDelayMs,
        'retry.baseDelayMs',
      ),
      maxDelayMs: positive(retry.maxDelayMs, DEFAULT_RETRY_POLICY.maxDelayMs, 'retry.maxDelayMs'),
      jitter: retry.jitter ?? DEFAULT_RETRY_POLICY.jitter,
    }),
    logger: clientLogger(options.logger),
    idempotencyKeys: options.idempotencyKeys ?? false,
    now: options.now ?? systemClock.now,
    timers: options.timers ?? foregroundTimers,
  };
}
