/**
 * Sends one endpoint call: builds the request with ky, asks the auth hook for `Authorization`
 * on every attempt, enforces the per-attempt timeout, retries safe calls with backoff (a GET
 * after a network error, a timeout, 408 or 5xx; the waits run on the injected timers), re-sends
 * once after a 401 when the auth hook says the session is alive, feeds the server clock, and
 * hands the answer to `response.ts`.
 *
 * ```
 *  ┌──────────► attempt ─ network error/timeout ─► GET & retries left? ─ yes ► backoff ┐
 *  │               │                                                                   │
 *  │               ├── 2xx ──► parse with schema ──► data  (or ContractError)          │
 *  │               ├── 401 ──► auth.onUnauthorized (once) ── 'retry' ──────────────────┤
 *  │               │                                 └────── 'fail' ─► AuthError       │
 *  │               ├── 408/5xx & GET & retries left ─► backoff ────────────────────────┤
 *  │               └── other ─► RateLimitError / HttpError / ContractError             │
 *  └───────────────────────────────────────────────────────────────────────────────────┘
 * ```
 *
 * ky runs with its own retries and timeout disabled: the loop above owns both, so a POST is
 * never re-sent by accident and a timeout also covers reading the body. ky builds a body-less
 * `Request` (URL and method) and its `beforeRequest` hook sends it: the headers, the JSON text
 * and the attempt's signal go to `fetch` beside it, so no body stream is built, cloned or copied,
 * and no headers are merged through ky's `Headers` objects.
 */
import ky, { type KyInstance } from 'ky';
import type * as z from 'zod/mini';
import {
  AbortError,
  AuthError,
  isSdkError,
  NetworkError,
  type RequestContext,
  TimeoutError,
  ValidationError,
} from '../errors/index.js';
import { noopLogger } from '../platform/logging/logger.js';
import { envelopeSchema } from '../schemas/common.js';
import { AttemptSignal } from './attempt-signal.js';
import { computeBackoffDelay, sleep } from './backoff.js';
import type { CallOptions, ResolvedApiClientOptions } from './options.js';
import { readBodyText } from './read-body.js';
import { type Exchange, errorFromResponse, parseSuccessBody, serverMessageOf } from './response.js';
import { ServerClock } from './server-clock.js';

/** HTTP methods the backend uses. */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Statuses a safe call is retried on. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 500, 502, 503, 504]);

/**
 * Runs an auth-hook callback. SDK errors it throws pass through unchanged; anything else
 * becomes `AuthError` with code `AUTH_HOOK_FAILED` (the request is not sent).
 */
async function callHook<T>(operation: string, hook: () => T | Promise<T>): Promise<T> {
  try {
    return await hook();
  } catch (error) {
    if (isSdkError(error)) throw error;
    throw new AuthError(
      { operation, code: 'AUTH_HOOK_FAILED', message: `${operation}: the auth hook failed` },
      { cause: error },
    );
  }
}

/** The JSON text of the call's body (`ValidationError` when it cannot be written as JSON). */
function jsonBody(call: EndpointCall<z.ZodMiniType>): string | undefined {
  if (call.body === undefined) return undefined;
  try {
    return JSON.stringify(call.body);
  } catch (error) {
    throw new ValidationError(
      { operation: call.operation, field: 'body', message: 'cannot be sent as JSON' },
      { cause: error },
    );
  }
}

/** The headers of one attempt. */
function requestHeaders(
  authorization: string | null,
  body: string | undefined,
  idempotencyKey: string | undefined,
): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (authorization !== null) headers.authorization = authorization;
  if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;
  return headers;
}

/**
 * What ky's `beforeRequest` hook sends beside ky's Request, which carries only the URL and the
 * method: the attempt's headers, JSON text and signal, handed over through ky's `context`
 * untouched (a signal of another realm or a polyfill reaches fetch as it is).
 */
interface Outgoing {
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly signal: AbortSignal;
}

/**
 * Carries fetch's answer out of ky's `beforeRequest` hook when it is not this realm's `Response`
 * (a fetch from a package, a polyfill or another frame): ky takes a hook's answer only when it
 * passes `instanceof Response`, and otherwise sends the request a second time itself.
 */
class ForeignAnswer {
  constructor(readonly response: Response) {}
}

/** One call to one endpoint. */
export interface EndpointCall<S extends z.ZodMiniType> {
  /** SDK operation name, e.g. `heroes.list`; appears in every error and log record. */
  readonly operation: string;
  readonly method: HttpMethod;
  /** Path relative to the base URL, without a leading slash, e.g. `api/v1/heroes`. */
  readonly path: string;
  readonly query?: URLSearchParams | undefined;
  /** JSON body. */
  readonly body?: unknown;
  /** Schema of the payload: of `data` inside the envelope, or of the whole body. */
  readonly response: S;
  /** Whether the body is the `{ data, message? }` envelope (unwrapped here). @default true */
  readonly envelope?: boolean;
  /** Uses the generation timeout. @default false */
  readonly generation?: boolean;
  /** Sends `Authorization`. @default true */
  readonly authenticated?: boolean;
  /** `Idempotency-Key` value, sent only when the client enables idempotency keys. */
  readonly idempotencyKey?: string | undefined;
}

/** Executes endpoint calls for one API client. */
export class Transport {
  readonly clock: ServerClock;
  readonly #options: ResolvedApiClientOptions;
  readonly #ky: KyInstance;
  readonly #envelopes = new WeakMap<z.ZodMiniType, z.ZodMiniType>();

  constructor(options: ResolvedApiClientOptions) {
    this.#options = options;
    this.clock = new ServerClock(options.now);
    const { fetch, now } = options;
    const clock = this.clock;
    // ky builds the Request (URL, method) and runs the call; the request is sent from ky's
    // `beforeRequest` hook, which answers with fetch's Response (docs/decisions 0012, 0023,
    // 0025). The headers, the JSON body and the attempt's signal reach fetch beside ky's
    // Request: inside it, ky would build the Request with a body stream, combine the signal with
    // its own (`AbortSignal.any`), and copy the headers through four `Headers` objects per call.
    // A hook that answers also skips ky's clone of the Request "to prepare for retries", made on
    // every call even with retries off (this loop retries).
    this.#ky = ky.create({
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      fetch,
      hooks: {
        beforeRequest: [
          async (request, { context }) => {
            // Every call of the transport passes one (see `#attempt`).
            const outgoing = context.outgoing as Outgoing;
            const sentAt = now();
            const response = await fetch(request.url, {
              method: request.method,
              headers: outgoing.headers,
              body: outgoing.body ?? null,
              signal: outgoing.signal,
            });
            clock.observe(response.headers.get('date'), sentAt, now());
            if (response instanceof Response) return response;
            throw new ForeignAnswer(response);
          },
        ],
      },
    });
  }

  /** Sends `call` and returns its validated payload. */
  async send<S extends z.ZodMiniType>(
    call: EndpointCall<S>,
    options: CallOptions = {},
  ): Promise<z.output<S>> {
    const { auth } = this.#options;
    const authenticated = call.authenticated !== false && auth !== undefined;
    const context: RequestContext = {
      operation: call.operation,
      method: call.method,
      url: this.#url(call),
    };
    const retryable = call.method === 'GET';
    const state = { retries: 0, reauthorized: false };
    const body = jsonBody(call);

    for (;;) {
      if (options.signal?.aborted) {
        throw new AbortError(call.operation, { cause: options.signal.reason });
      }
      const authorization = authenticated
        ? await callHook(call.operation, () => auth.getAuthorization())
        : null;
      let exchange: Exchange;
      try {
        exchange = await this.#attempt(call, context, authorization, body, options);
      } catch (error) {
        // A GET that timed out is retried like one that got 408 or 504: reading is idempotent.
        const transient = error instanceof NetworkError || error instanceof TimeoutError;
        if (transient && retryable && state.retries < this.#options.retry.limit) {
          const reason = error instanceof TimeoutError ? 'timeout' : 'network error';
          await this.#backoff(context, state.retries++, options.signal, reason);
          continue;
        }
        throw error;
      }
      const { status } = exchange;
      if (status >= 200 && status < 300) return this.#parse(call, context, exchange);
      if (status === 401 && call.authenticated !== false) {
        await this.#unauthorized(call, context, exchange, authorization, state);
        continue;
      }
      if (
        retryable &&
        RETRYABLE_STATUSES.has(status) &&
        state.retries < this.#options.retry.limit
      ) {
        await this.#backoff(context, state.retries++, options.signal, `status ${status}`);
        continue;
      }
      const error = errorFromResponse(context, exchange, this.#options.now());
      this.#options.logger.debug('request failed', { ...context, status, error: error.name });
      throw error;
    }
  }

  /** The validated payload of a 2xx answer, or `ContractError`. */
  #parse<S extends z.ZodMiniType>(
    call: EndpointCall<S>,
    context: RequestContext,
    exchange: Exchange,
  ): z.output<S> {
    const schema = call.envelope === false ? call.response : this.#envelope(call.response);
    try {
      const body = parseSuccessBody(context, exchange, schema);
      return (call.envelope === false ? body : (body as { data: unknown }).data) as z.output<S>;
    } catch (error) {
      this.#options.logger.warn('response breaks the contract', {
        ...context,
        status: exchange.status,
        error: String(error),
      });
      throw error;
    }
  }

  /**
   * A 401: returns when the auth hook says the session is alive (the call is sent once more),
   * throws `AuthError` otherwise.
   */
  async #unauthorized(
    call: EndpointCall<z.ZodMiniType>,
    context: RequestContext,
    exchange: Exchange,
    authorization: string | null,
    state: { reauthorized: boolean },
  ): Promise<void> {
    const { auth, logger } = this.#options;
    if (auth === undefined || authorization === null) {
      throw new AuthError({
        operation: call.operation,
        code: 'NOT_SIGNED_IN',
        status: 401,
        message: `${call.operation} needs a signed-in user (401 from ${context.method} ${context.url}); sign in first`,
      });
    }
    const repeated = state.reauthorized;
    state.reauthorized = true;
    const decision = await callHook(call.operation, () =>
      auth.onUnauthorized({ operation: call.operation, url: context.url, repeated }),
    );
    if (decision === 'retry' && !repeated) {
      logger.info('re-sending after 401: the session is alive', { ...context });
      return;
    }
    throw new AuthError({
      operation: call.operation,
      code: 'SESSION_EXPIRED',
      status: 401,
      message: `${call.operation} was refused: the session has expired or was revoked (${serverMessageOf(exchange) ?? '401'}); sign in again`,
    });
  }

  async #attempt(
    call: EndpointCall<z.ZodMiniType>,
    context: RequestContext,
    authorization: string | null,
    body: string | undefined,
    options: CallOptions,
  ): Promise<Exchange> {
    const timeoutMs =
      options.timeoutMs ??
      (call.generation ? this.#options.generationTimeoutMs : this.#options.timeoutMs);
    // One signal per attempt: the timeout aborts it, and so does the caller's signal.
    const attempt = new AttemptSignal();
    const { timers } = this.#options;
    const timer = timers.setTimeout(() => attempt.timeOut(), timeoutMs);
    attempt.follow(options.signal);
    const idempotencyKey = this.#options.idempotencyKeys ? call.idempotencyKey : undefined;
    const outgoing: Outgoing = {
      headers: requestHeaders(authorization, body, idempotencyKey),
      body,
      signal: attempt.signal,
    };
    const { logger } = this.#options;
    // The per-request debug records cost an object each; skipped when nothing would read them.
    const traced = logger !== noopLogger;
    const startedAt = traced ? this.#options.now() : 0;
    if (traced) logger.debug('request', { ...context });
    try {
      // The query is in the URL already: with `searchParams`, ky builds every Request twice.
      const response = await this.#ky(context.url, {
        method: call.method,
        context: { outgoing },
      }).catch((error: unknown) => {
        if (error instanceof ForeignAnswer) return error.response;
        throw error;
      });
      const text = await readBodyText(response, attempt);
      if (traced) {
        logger.debug('response', {
          ...context,
          status: response.status,
          durationMs: this.#options.now() - startedAt,
        });
      }
      return { status: response.status, headers: response.headers, text };
    } catch (error) {
      if (options.signal?.aborted) {
        throw new AbortError(call.operation, { cause: options.signal.reason });
      }
      if (attempt.timedOut) throw new TimeoutError({ ...context, timeoutMs }, { cause: error });
      throw new NetworkError(context, { cause: error });
    } finally {
      timers.clearTimeout(timer);
      attempt.release();
    }
  }

  async #backoff(
    context: RequestContext,
    attempt: number,
    signal: AbortSignal | undefined,
    reason: string,
  ): Promise<void> {
    const delayMs = computeBackoffDelay(attempt, this.#options.retry);
    this.#options.logger.warn('retrying', { ...context, reason, retry: attempt + 1, delayMs });
    await sleep(delayMs, context.operation, signal, this.#options.timers);
  }

  #envelope(schema: z.ZodMiniType): z.ZodMiniType {
    let wrapped = this.#envelopes.get(schema);
    if (!wrapped) {
      wrapped = envelopeSchema(schema);
      this.#envelopes.set(schema, wrapped);
    }
    return wrapped;
  }

  /** The absolute URL of `call`, query included (what ky is given, and what errors name). */
  #url(call: EndpointCall<z.ZodMiniType>): string {
    const query = call.query && call.query.size > 0 ? `?${call.query.toString()}` : '';
    return `${this.#options.baseUrl}/${call.path}${query}`;
  }
}
