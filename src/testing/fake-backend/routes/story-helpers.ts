/**
 * Small helpers shared by the story-side route modules (stories, illustrations, analytics,
 * ai-assistant): ownership checks, URL signing of story rows, date parsing and an abortable
 * sleep. The envelopes, `clampPagination` and JSON body reading are the platform's
 * (`../http.ts`), re-exported here under the names these modules use.
 */
import type { FakeBackendContext } from '../context.js';
import { abortableSleep } from '../faults.js';
import { fail, isRecord } from '../http.js';
import { invalidArgumentMessage, prismaTypeName } from '../prisma-messages.js';
import type { HeroRow, IllustrationRow, StoryRow } from '../state.js';
import { parseServerDate as parsePlatformDate } from '../validation.js';

export {
  byCreatedAtDesc,
  clampPagination,
  fail as failure,
  internalError,
  isRecord,
  jsonResponse,
  ok as success,
  pagination,
  readJson as readJsonBody,
  unauthorized,
} from '../http.js';

/**
 * The message of the OpenAI SDK's `APIConnectionError`, which the real routes hit (after the
 * SDK's retries) when OpenAI is unreachable; it ends up in usage rows.
 */
export const OPENAI_CONNECTION_ERROR = 'Connection error.';

/** Whether the fake OpenAI is reachable (the context's `ai` switch; absent means yes). */
export function aiReachable(context: FakeBackendContext): boolean {
  return context.ai?.available() ?? true;
}

/** Reads `body[key]` like JavaScript does: `undefined` on arrays, strings and numbers. */
export function field(body: unknown, key: string): unknown {
  return isRecord(body) ? body[key] : undefined;
}

/** The signed-in user's id, or `null` (the caller answers 401). */
export async function authenticatedUserId(
  context: FakeBackendContext,
  request: Request,
): Promise<string | null> {
  const session = await context.authenticate(request);
  return session ? session.userId : null;
}

/**
 * Parses a date the way the backend (running with `TZ=UTC`) does with `new Date(value)`: strings
 * as the platform's `parseServerDate` (no `Z` means UTC), numbers as epoch ms. `null` when invalid.
 */
export function parseServerDate(value: unknown): Date | null {
  if (typeof value === 'string') return parsePlatformDate(value);
  if (typeof value !== 'number') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The Prisma message for an argument of the wrong type (starts with a newline, then `Invalid`). */
export function invalidArgument(call: string, argument: string, expected: string, value: unknown) {
  return invalidArgumentMessage(call, argument, expected, prismaTypeName(value));
}

/** Loads a story and checks ownership: the row, or the 404 / 403 response to send. */
export function loadOwnedStory(
  context: FakeBackendContext,
  storyId: string,
  userId: string,
): StoryRow | Response {
  const story = context.db.stories.get(storyId);
  if (!story) return fail('NotFound', 'Story not found', 404);
  if (story.userId !== userId) {
    return fail('Forbidden', 'You do not have access to this story', 403);
  }
  return story;
}

/** Signs a stored media URL when it is set (non-empty); `null` and `''` pass through. */
export function signUrl(context: FakeBackendContext, storedUrl: string | null): string | null {
  return storedUrl ? context.media.sign(storedUrl) : storedUrl;
}

/** A story row with its `audioUrl` signed (the raw row stays untouched). */
export function signedStory(context: FakeBackendContext, story: StoryRow): StoryRow {
  return { ...story, audioUrl: signUrl(context, story.audioUrl) };
}

/** `signStoryUrls` on an included illustration: signed when set, `''` stays `''`. */
export function signedIllustration(
  context: FakeBackendContext,
  illustration: IllustrationRow,
): IllustrationRow {
  return {
    ...illustration,
    imageUrl: signUrl(context, illustration.imageUrl) ?? '',
  };
}

/** The illustrations of a story, in `displayOrder` or in insertion (unordered) order. */
export function storyIllustrations(
  context: FakeBackendContext,
  storyId: string,
  ordered: boolean,
): IllustrationRow[] {
  const rows = [...context.db.illustrations.values()].filter((row) => row.storyId === storyId);
  return ordered ? rows.sort((a, b) => a.displayOrder - b.displayOrder) : rows;
}

/** The `hero:{id,name,avatarUrl}` include of lists and PATCH, avatar signed. */
export function heroSummary(context: FakeBackendContext, hero: HeroRow | undefined) {
  if (!hero) return null;
  return { id: hero.id, name: hero.name, avatarUrl: signUrl(context, hero.avatarUrl) };
}

/**
 * Waits `ms` of simulated generation time (the platform's `abortableSleep`), resolving at once
 * for 0 so that tests with fake timers need not advance them; rejects when `signal` aborts.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return ms > 0 ? abortableSleep(ms, signal) : Promise.resolve();
}
