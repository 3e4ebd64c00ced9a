/**
 * The one place where HTTP answers become values or typed errors. Bodies are read as text and
 * parsed defensively: nothing malformed ever leaks out as `undefined`.
 *
 * - 2xx: JSON that matches the endpoint's schema, else `ContractError` (empty body, HTML, truncated
 *   JSON, missing envelope, wrong types), naming the endpoint and the failing path.
 * - 429: `RateLimitError` (never retried).
 * - other non-2xx with an error body (`{error, message?, details?}` or better-auth's
 *   `{code, message}`): `HttpError`. With an empty body, or on 404 (the backend answers unknown
 *   paths with an HTML page): `HttpError` without a code. Any other body: `ContractError`.
 *
 * 401 is decided by the transport (auth hook) before this module sees it.
 */
import type * as z from 'zod/mini';
import {
  ContractError,
  type ContractIssue,
  HttpError,
  RateLimitError,
  type RequestContext,
  type SdkError,
} from '../errors/index.js';
import {
  apiErrorBodySchema,
  betterAuthErrorBodySchema,
  messageOnlyErrorBodySchema,
} from '../schemas/errors.js';
import { parseRateLimit } from './rate-limit.js';

/** What the transport read from one HTTP answer. */
export interface Exchange {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

const MAX_ISSUES = 20;

type JsonResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

function parseJson(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function describeUnreadable(exchange: Exchange): string {
  if (exchange.text.trim() === '') return 'empty body, expected JSON';
  const type = exchange.headers.get('content-type') ?? 'no content type';
  const preview = exchange.text.slice(0, 60).replace(/\s+/g, ' ');
  return `body is not JSON (${type}): ${JSON.stringify(preview)}${exchange.text.length > 60 ? '…' : ''}`;
}

function issuesFrom(error: z.core.$ZodError): ContractIssue[] {
  return error.issues.slice(0, MAX_ISSUES).map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** Parses a 2xx body with `schema`; throws `ContractError` when it does not match. */
export function parseSuccessBody<S extends z.ZodMiniType>(
  context: RequestContext,
  exchange: Exchange,
  schema: S,
): z.output<S> {
  const json = parseJson(exchange.text);
  if (!json.ok) {
    throw new ContractError({
      ...context,
      status: exchange.status,
      issues: [{ path: '', message: describeUnreadable(exchange) }],
    });
  }
  const result = schema.safeParse(json.value);
  if (!result.success) {
    throw new ContractError(
      { ...context, status: exchange.status, issues: issuesFrom(result.error) },
      { cause: result.error },
    );
  }
  return result.data;
}

/** Maps a non-2xx answer (other than a 401 handled by the auth hook) to its typed error. */
export function errorFromResponse(
  context: RequestContext,
  exchange: Exchange,
  now: number,
): SdkError {
  const { status } = exchange;
  const json = parseJson(exchange.text);
  const body = json.ok ? json.value : undefined;

  if (status === 429) {
    const message = messageOnlyErrorBodySchema.safeParse(body);
    const info = parseRateLimit(
      message.success ? message.data.message : undefined,
      exchange.headers.get('x-retry-after') ?? exchange.headers.get('retry-after'),
      now,
    );
    return new RateLimitError({ ...context, status, ...info });
  }

  const apiError = apiErrorBodySchema.safeParse(body);
  if (apiError.success) {
    return new HttpError({
      ...context,
      status,
      code: apiError.data.error,
      serverMessage: apiError.data.message ?? apiError.data.error,
      details: apiError.data.details,
    });
  }
  const authError = betterAuthErrorBodySchema.safeParse(body);
  if (authError.success) {
    return new HttpError({
      ...context,
      status,
      code: authError.data.code,
      serverMessage: authError.data.message,
    });
  }
  if (exchange.text.trim() === '' || status === 404) {
    return new HttpError({ ...context, status });
  }
  return new ContractError({
    ...context,
    status,
    issues: [
      json.ok
        ? { path: 'error', message: `status ${status} without an error body` }
        : { path: '', message: `status ${status}, ${describeUnreadable(exchange)}` },
    ],
  });
}

/** The server's message in an error body, if there is one (for auth errors). */
export function serverMessageOf(exchange: Exchange): string | undefined {
  const json = parseJson(exchange.text);
  if (!json.ok) return undefined;
  const body = messageOnlyErrorBodySchema.safeParse(json.value);
  return body.success ? body.data.message : undefined;
}
