/**
 * `/api/v1/stories/:storyId/illustrations` of the fake backend.
 *
 * POST follows the real route: auth → body (malformed → 500) → story (404 / 403) → 400 when the
 * story has no scene placeholders at all → rate limit (per request) → story `processing` →
 * generate the `pending` placeholders in `displayOrder`, up to `maxIllustrations`, one after the
 * other → story status from the state machine and `illustrationCount` = completed scenes.
 *
 * Story-level state machine after a run:
 *
 *   completed > 0, pending = 0, failed = 0   → completed
 *   completed > 0, pending > 0 or failed > 0 → partial
 *   completed = 0, failed > 0, pending = 0   → failed
 *   otherwise                                → pending
 *
 * Anything the real route throws (unauthenticated, malformed body, 429) sets the story's
 * `illustrationStatus` to `failed` and, when the user is known, records a failed usage row.
 */
import type { FakeBackendContext, RegisterRoutes } from '../context.js';
import { fakePngBytes, illustrationGenerationUsage, illustrationPrompt } from '../generation.js';
import { rateLimitMessage } from '../rate-limiter.js';
import type { IllustrationRow, IllustrationStatus, StoryRow } from '../state.js';
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
  storyIllustrations,
  success,
  unauthorized,
} from './story-helpers.js';

const OPERATION = 'illustration_generation';
const BASE = '/api/v1/stories/:storyId/illustrations';

/** The story-level status after a generation run, from its scenes' statuses. */
export function storyIllustrationStatus(rows: readonly IllustrationRow[]): IllustrationStatus {
  const completed = rows.filter((row) => row.generationStatus === 'completed').length;
  const failed = rows.filter((row) => row.generationStatus === 'failed').length;
  const pending = rows.filter((row) => row.generationStatus === 'pending').length;
  if (completed > 0 && pending === 0 && failed === 0) return 'completed';
  if (completed > 0 && (pending > 0 || failed > 0)) return 'partial';
  if (failed > 0 && pending === 0) return 'failed';
  return 'pending';
}

function markFailed(
  context: FakeBackendContext,
  storyId: string,
  userId: string | null,
  message: string,
  started?: number,
): void {
  const story = context.db.stories.get(storyId);
  if (story) {
    story.illustrationStatus = 'failed';
    story.updatedAt = context.now();
  }
  if (userId) {
    const details =
      started === undefined ? undefined : { requestDuration: context.now().getTime() - started };
    context.rateLimits.record(userId, OPERATION, false, message, details);
  }
}

async function generateOne(
  context: FakeBackendContext,
  story: StoryRow,
  row: IllustrationRow,
  signal: AbortSignal,
): Promise<void> {
  row.generationStatus = 'processing';
  row.updatedAt = context.now();
  await sleep(context.generationLatencyMs(), signal);
  // OpenAI unreachable: this scene fails like any image generation error.
  if (!aiReachable(context)) throw new Error(OPENAI_CONNECTION_ERROR);
  const heroName = context.db.heroes.get(story.heroId)?.name ?? 'hero';
  const key = `illustration/${story.userId}/${context.now().getTime()}-${story.id}-${row.id}.png`;
  const storedUrl = context.media.put(key, 'image/png', fakePngBytes(`${story.id}:${row.id}`));
  row.imageUrl = storedUrl;
  row.imagePrompt = illustrationPrompt(heroName, row.sceneDescription);
  row.generationId = key;
  row.generationStatus = 'completed';
  row.generationError = null;
  row.updatedAt = context.now();
}

/** Registers the illustration list, status and generation routes of a story. */
export const registerIllustrationRoutes: RegisterRoutes = (app, context) => {
  app.get(BASE, async (c) => {
    const userId = await authenticatedUserId(context, c.req.raw);
    if (!userId) return unauthorized();
    const story = loadOwnedStory(context, c.req.param('storyId'), userId);
    if (story instanceof Response) return story;
    const illustrations = storyIllustrations(context, story.id, true).map((row) => ({
      ...row,
      imageUrl: row.imageUrl ? signUrl(context, row.imageUrl) : null,
    }));
    return success({ illustrations, total: illustrations.length });
  });

  app.get(`${BASE}/status`, async (c) => {
    const userId = await authenticatedUserId(context, c.req.raw);
    if (!userId) return unauthorized();
    const story = loadOwnedStory(context, c.req.param('storyId'), userId);
    if (story instanceof Response) return story;
    const rows = storyIllustrations(context, story.id, true);
    const count = (status: IllustrationRow['generationStatus']) =>
      rows.filter((row) => row.generationStatus === status).length;
    const completed = count('completed');
    return success({
      status: story.illustrationStatus,
      progress: rows.length > 0 ? Math.round((completed / rows.length) * 100) : 0,
      total: rows.length,
      completed,
      processing: count('processing'),
      failed: count('failed'),
      pending: count('pending'),
      illustrations: rows.map((row) => ({
        id: row.id,
        displayOrder: row.displayOrder,
        status: row.generationStatus,
        error: row.generationError,
        retryCount: row.retryCount,
        hasImage: row.imageUrl !== '',
      })),
    });
  });

  app.post(BASE, async (c) => {
    const storyId = c.req.param('storyId');
    const started = context.now().getTime();
    const userId = await authenticatedUserId(context, c.req.raw);
    if (!userId) {
      markFailed(context, storyId, null, 'Authentication required');
      return unauthorized();
    }
    const parsed = await readJsonBody(c.req.raw);
    if (!parsed.ok) {
      markFailed(context, storyId, userId, parsed.message, started);
      return internalError();
    }
    const story = loadOwnedStory(context, storyId, userId);
    if (story instanceof Response) return story;
    if (storyIllustrations(context, story.id, false).length === 0) {
      return failure(
        'ValidationError',
        'No scenes available for illustration. Generate story first.',
        400,
      );
    }
    const limit = context.rateLimits.check(userId, OPERATION);
    if (!limit.allowed) {
      const message = rateLimitMessage(OPERATION, limit);
      markFailed(context, storyId, userId, message, started);
      return failure('RateLimitExceeded', message, 429);
    }
    if (parsed.value === null) {
      markFailed(
        context,
        storyId,
        userId,
        "Cannot read properties of null (reading 'style')",
        started,
      );
      return internalError();
    }
    story.illustrationStatus = 'processing';
    story.updatedAt = context.now();
    const requested = Number(field(parsed.value, 'maxIllustrations'));
    const maxIllustrations = requested > 0 ? Math.floor(requested) : 10;

    const { generated, failed } = await generatePending(
      context,
      story,
      maxIllustrations,
      c.req.raw.signal,
    );
    return finishRun(context, story, userId, { generated, failed, started });
  });
};

/** Generates up to `max` pending illustrations of `story`, one after the other. */
async function generatePending(
  context: FakeBackendContext,
  story: StoryRow,
  max: number,
  signal: AbortSignal,
): Promise<{ generated: number; failed: number }> {
  const pending = storyIllustrations(context, story.id, true)
    .filter((row) => row.generationStatus === 'pending')
    .slice(0, max);
  let generated = 0;
  let failed = 0;
  for (const row of pending) {
    try {
      await generateOne(context, story, row, signal);
      generated++;
    } catch (error) {
      row.generationStatus = 'failed';
      row.generationError = error instanceof Error ? error.message : String(error);
      row.retryCount += 1;
      row.updatedAt = context.now();
      failed++;
    }
  }
  return { generated, failed };
}

/** Updates the story's illustration status, records the usage and answers the run's result. */
async function finishRun(
  context: FakeBackendContext,
  story: StoryRow,
  userId: string,
  run: { generated: number; failed: number; started: number },
): Promise<Response> {
  const { generated, failed } = run;
  const rows = storyIllustrations(context, story.id, false);
  story.illustrationStatus = storyIllustrationStatus(rows);
  story.illustrationCount = rows.filter((row) => row.generationStatus === 'completed').length;
  story.updatedAt = context.now();

  const details = {
    ...illustrationGenerationUsage(generated),
    requestDuration: context.now().getTime() - run.started,
  };
  const message = failed > 0 ? `${failed} illustrations failed` : undefined;
  context.rateLimits.record(userId, OPERATION, generated > 0, message, details);
  const user = await context.users.get(userId);
  if (user) {
    await context.users.update(userId, {
      totalIllustrationsGenerated: user.totalIllustrationsGenerated + generated,
    });
  }
  return success(
    { generated, failed, status: failed === 0 ? 'completed' : 'partial' },
    `Generated ${generated} illustrations${failed > 0 ? `, ${failed} failed` : ''}`,
  );
}
