/**
 * `GET/POST /api/v1/stories/:storyId/audio` of the fake backend. POST follows the real route's
 * order:
 *
 *   auth → body (malformed → 500) → story (404 / 403) → "already exists" (only when status is
 *   `completed`, `audioUrl` is set and `regenerate` is falsy) → rate limit → 4096-char check
 *   (400, nothing recorded) → `processing` → generate (latency) → `completed`.
 *
 * Anything the real route *throws* (unauthenticated, malformed body, 429, a failed generation,
 * OpenAI unreachable)
 * sets the story's status to `failed` with error "Audio generation failed" and, when the user
 * is known, records a failed `audio_generation` usage row.
 */
import type { FakeBackendContext, RegisterRoutes } from '../context.js';
import {
  audioGenerationUsage,
  estimateAudioDurationSeconds,
  fakeMp3Bytes,
  hashString,
} from '../generation.js';
import { rateLimitMessage } from '../rate-limiter.js';
import {
  aiReachable,
  authenticatedUserId,
  failure,
  field,
  internalError,
  loadOwnedStory,
  OPENAI_CONNECTION_ERROR,
  readJsonBody,
  signUrl,
  sleep,
  success,
  unauthorized,
} from './story-helpers.js';

const OPERATION = 'audio_generation';
/** OpenAI's TTS input limit. */
export const MAX_AUDIO_TEXT_LENGTH = 4096;
/** The voices OpenAI's TTS accepts. */
export const AUDIO_VOICES = [
  'alloy',
  'echo',
  'fable',
  'onyx',
  'nova',
  'shimmer',
  'ash',
  'ballad',
  'coral',
  'sage',
] as const;

/** The voice the server picks when the request names none. */
export function recommendedVoice(language: string, traits: unknown): string {
  const list = Array.isArray(traits) ? traits.map((t) => String(t).toLowerCase()) : [];
  if (list.some((t) => t.includes('calm') || t.includes('gentle') || t.includes('kind'))) {
    return 'shimmer';
  }
  if (list.some((t) => t.includes('brave') || t.includes('adventur'))) return 'fable';
  return language === 'fr' ? 'coral' : 'nova';
}

/** The catch block: mark the story failed (if it exists) and record the failure (if known). */
function markFailed(
  context: FakeBackendContext,
  storyId: string,
  userId: string | null,
  message: string,
  started?: number,
): void {
  const story = context.db.stories.get(storyId);
  if (story) {
    story.audioGenerationStatus = 'failed';
    story.audioGenerationError = 'Audio generation failed';
    story.updatedAt = context.now();
  }
  if (userId) {
    const details =
      started === undefined ? undefined : { requestDuration: context.now().getTime() - started };
    context.rateLimits.record(userId, OPERATION, false, message, details);
  }
}

/** Registers the audio routes of a story. */
export const registerStoryAudioRoutes: RegisterRoutes = (app, context) => {
  app.get('/api/v1/stories/:storyId/audio', async (c) => {
    const userId = await authenticatedUserId(context, c.req.raw);
    if (!userId) return unauthorized();
    const story = loadOwnedStory(context, c.req.param('storyId'), userId);
    if (story instanceof Response) return story;
    return success({
      audioUrl: signUrl(context, story.audioUrl),
      audioDuration: story.audioDuration,
      status: story.audioGenerationStatus,
      error: story.audioGenerationError,
    });
  });

  app.post('/api/v1/stories/:storyId/audio', async (c) => {
    const storyId = c.req.param('storyId');
    const started = context.now().getTime();
    const userId = await authenticatedUserId(context, c.req.raw);
    if (!userId) {
      // getOrCreateUser() throws inside the try block, so even this marks the story failed.
      markFailed(context, storyId, null, 'Authentication required');
      return unauthorized();
    }
    const fail = (message: string): void => markFailed(context, storyId, userId, message, started);
    const accepted = await acceptAudioRequest(context, c.req.raw, storyId, userId, fail);
    if (accepted instanceof Response) return accepted;
    try {
      await sleep(context.generationLatencyMs(), c.req.raw.signal);
    } catch (error) {
      fail(error instanceof Error ? error.message : 'aborted');
      return internalError();
    }
    if (!aiReachable(context)) {
      // OpenAI unreachable (138): the story keeps its old audio fields but turns `failed`.
      fail(OPENAI_CONNECTION_ERROR);
      return internalError();
    }
    return completeAudio(context, storyId, userId, accepted.voice, started, fail);
  });
};

/**
 * The checks before generation, in the real route's order; on success the story is marked
 * `processing`. Answers the refusal (or "already exists"), or the voice to use.
 */
async function acceptAudioRequest(
  context: FakeBackendContext,
  request: Request,
  storyId: string,
  userId: string,
  fail: (message: string) => void,
): Promise<Response | { voice: string }> {
  const parsed = await readJsonBody(request);
  if (!parsed.ok) {
    fail(parsed.message);
    return internalError();
  }
  const body = parsed.value;
  const story = loadOwnedStory(context, storyId, userId);
  if (story instanceof Response) return story;
  if (body === null) {
    fail("Cannot read properties of null (reading 'regenerate')");
    return internalError();
  }
  if (story.audioUrl && story.audioGenerationStatus === 'completed' && !field(body, 'regenerate')) {
    return success(
      {
        audioUrl: signUrl(context, story.audioUrl),
        audioDuration: story.audioDuration,
        status: 'completed',
      },
      'Audio already exists for this story',
    );
  }
  const limit = context.rateLimits.check(userId, OPERATION);
  if (!limit.allowed) {
    const message = rateLimitMessage(OPERATION, limit);
    fail(message);
    return failure('RateLimitExceeded', message, 429);
  }
  if (story.content.length > MAX_AUDIO_TEXT_LENGTH) {
    return failure(
      'ValidationError',
      `Text exceeds maximum length of ${MAX_AUDIO_TEXT_LENGTH} characters`,
      400,
    );
  }
  story.audioGenerationStatus = 'processing';
  story.audioGenerationError = null;
  story.updatedAt = context.now();

  const hero = context.db.heroes.get(story.heroId);
  const voice = field(body, 'voice') || recommendedVoice(story.language, hero?.traits);
  if (typeof voice !== 'string' || !(AUDIO_VOICES as readonly string[]).includes(voice)) {
    // OpenAI rejects the voice: the route's catch block turns it into a failure.
    const message = `Invalid voice: ${String(voice)}`;
    fail(message);
    return failure('ValidationError', message, 400);
  }
  return { voice };
}

/** Stores the generated audio, marks the story `completed` and counts the usage. */
async function completeAudio(
  context: FakeBackendContext,
  storyId: string,
  userId: string,
  voice: string,
  started: number,
  fail: (message: string) => void,
): Promise<Response> {
  const current = context.db.stories.get(storyId);
  if (!current) {
    // Deleted while generating: the final update throws "Record to update not found".
    fail('Record to update not found.');
    return failure('NotFound', 'Record to update not found.', 404);
  }
  const duration = estimateAudioDurationSeconds(current.content);
  const key = `audio/${userId}/${context.now().getTime()}-${storyId}.mp3`;
  const storedUrl = context.media.put(
    key,
    'audio/mpeg',
    fakeMp3Bytes(`${storyId}:${voice}:${hashString(current.content)}`, duration),
  );
  current.audioUrl = storedUrl;
  current.audioDuration = duration;
  current.audioGenerationStatus = 'completed';
  current.updatedAt = context.now();
  context.rateLimits.record(userId, OPERATION, true, undefined, {
    ...audioGenerationUsage(current.content),
    requestDuration: context.now().getTime() - started,
  });
  const user = await context.users.get(userId);
  if (user) {
    await context.users.update(userId, { totalAudioGenerated: user.totalAudioGenerated + 1 });
  }
  return success(
    { audioUrl: signUrl(context, storedUrl), audioDuration: duration, voice, status: 'completed' },
    'Audio generated successfully',
  );
}
