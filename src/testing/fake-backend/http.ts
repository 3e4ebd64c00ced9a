/**
 * Response and request helpers shared by the fake backend's routes: the backend's envelopes
 * (`{data, message?}` / `{error, message, details?}`), JSON bodies, and pagination parsing.
 */

/** A JSON response with the backend's bare `application/json` content type. */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** `successResponse(data, message?, status)`: `{ data, message? }`. */
export function ok(data: unknown, message?: string, status = 200): Response {
  return jsonResponse(message ? { data, message } : { data }, status);
}

/** `errorResponse(code, message, status, details?)`: `{ error, message, details? }`. */
export function fail(error: string, message: string, status: number, details?: unknown): Response {
  return jsonResponse(details ? { error, message, details } : { error, message }, status);
}

/** The 401 every `/api/v1` route answers when there is no valid session. */
export function unauthorized(): Response {
  return fail('Unauthorized', 'Authentication required', 401);
}

/** `handleApiError` for an unexpected error in production: 500 with a generic message. */
export function internalError(): Response {
  return fail('InternalServerError', 'An unexpected error occurred', 500);
}

/** A 403 for another user's row, e.g. `forbidden('hero')`. */
export function forbidden(resource: string): Response {
  return fail('Forbidden', `You do not have access to this ${resource}`, 403);
}

/** The result of reading a JSON body: the value, or the JSON.parse error message. */
export type JsonBody = { ok: true; value: unknown } | { ok: false; message: string };

/** Reads the request body as JSON like `request.json()` does (empty body is an error). */
export async function readJson(request: Request): Promise<JsonBody> {
  const text = await request.text();
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** A plain object (not null, not an array), for reading optional body fields. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The backend's `clampPagination`: `limit` = `parseInt` clamped to 1–100 (falsy → 50, so `0`
 * means 50), `offset` ≥ 0 (falsy or invalid → 0).
 */
export function clampPagination(
  rawLimit: string | null | undefined,
  rawOffset: string | null | undefined,
): { limit: number; offset: number } {
  const limit = Math.min(Math.max(Number.parseInt(rawLimit ?? '', 10) || 50, 1), 100);
  const offset = Math.max(Number.parseInt(rawOffset ?? '', 10) || 0, 0);
  return { limit, offset };
}

/** The list `pagination` object. */
export function pagination(
  total: number,
  limit: number,
  offset: number,
): { total: number; limit: number; offset: number; hasMore: boolean } {
  return { total, limit, offset, hasMore: offset + limit < total };
}

/** Sorts rows newest first by `createdAt`, ties broken by id (ids grow with creation order). */
export function byCreatedAtDesc<T extends { createdAt: Date; id: string }>(a: T, b: T): number {
  const diff = b.createdAt.getTime() - a.createdAt.getTime();
  if (diff !== 0) return diff;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
