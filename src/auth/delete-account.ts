/**
 * `DELETE /api/v1/user/account` sent directly through the injected fetch with the bearer token,
 * for hosts that use the AuthManager without an API client. Answers 200
 * `{ data: { deleted: true }, message }` (CONTRACT.md §5.4, fixtures 171, 185).
 */
import {
  AbortError,
  AuthError,
  ContractError,
  HttpError,
  OfflineError,
  RateLimitError,
  TimeoutError,
} from '../errors.js';
import { anySignal } from '../platform/compat/any-signal.js';
import { timeoutSignal } from '../platform/compat/timeout-signal.js';
import { envelopeSchema } from '../schemas/common.js';
import { accountDeletedSchema } from '../schemas/user.js';
import type { FetchLike } from './auth-transport.js';

const OPERATION = 'auth.deleteAccount';
const responseSchema = envelopeSchema(accountDeletedSchema);

/** What one account deletion needs. */
export interface DeleteAccountRequest {
  readonly baseUrl: string;
  readonly fetch: FetchLike;
  /** The bearer token exactly as stored. */
  readonly token: string;
  readonly timeoutMs: number;
  readonly now: number;
  readonly signal?: AbortSignal | undefined;
}

function field(body: unknown, key: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** Deletes the signed-in user's account on the server. Throws typed errors. */
export async function requestAccountDeletion(request: DeleteAccountRequest): Promise<void> {
  const base = new URL(request.baseUrl);
  const url = new URL('api/v1/user/account', base.href.endsWith('/') ? base.href : `${base.href}/`)
    .href;
  const context = { operation: OPERATION, method: 'DELETE', url };
  const timeout = timeoutSignal(request.timeoutMs);
  const signal = request.signal ? anySignal([request.signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await request.fetch(url, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${request.token}`, accept: 'application/json' },
      signal,
    });
    text = await response.text();
  } catch (error) {
    if (request.signal?.aborted) throw new AbortError(OPERATION, { cause: request.signal.reason });
    if (timeout.aborted) {
      throw new TimeoutError({ ...context, timeoutMs: request.timeoutMs }, { cause: error });
    }
    throw new OfflineError(OPERATION, { cause: error });
  }
  let body: unknown;
  try {
    body = text.length === 0 ? undefined : (JSON.parse(text) as unknown);
  } catch {
    body = undefined;
  }
  const { status } = response;
  if (status === 401) {
    throw new AuthError({
      operation: OPERATION,
      code: 'SESSION_EXPIRED',
      status,
      message: `${OPERATION} was refused: the session has expired or was revoked; sign in again`,
    });
  }
  if (status === 429) {
    throw new RateLimitError({
      ...context,
      status,
      resetAt: new Date(request.now + 60 * 60 * 1000),
    });
  }
  if (status < 200 || status >= 300) {
    throw new HttpError({
      ...context,
      status,
      code: field(body, 'error'),
      serverMessage: field(body, 'message'),
      details:
        typeof body === 'object' && body !== null
          ? (body as { details?: unknown }).details
          : undefined,
    });
  }
  const parsed = responseSchema.safeParse(body);
  if (!parsed.success) {
    throw new ContractError({
      ...context,
      status,
      issues: parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: body === undefined ? 'empty or non-JSON body' : issue.message,
      })),
    });
  }
}
