/**
 * `POST /api/v1/stories` of the fake backend: deterministic story "generation" with the real
 * route's order of checks and its quirks:
 *
 *   auth → user → body (malformed → 500 + failed usage row) → required fields (400, no row)
 *   → hero (404 / 403, no row) → rate limit (429 + failed row) → generate (latency; OpenAI
 *   unreachable → 500 + failed row, no story)
 *   → custom event (404 / 403 *after* generation, no row) → create story + scene placeholders
 *   → success row, user counters → 201 with the row as first created.
 */
import type { FakeBackendContext, FakeUserRow, RegisterRoutes } from '../context.js';
import { generateStory, storyGenerationUsage } from '../generation.js';
import { rateLimitMessage } from '../rate-limiter.js';
import type { HeroRow, IllustrationRow, StoryRow } from '../state.js';
import {
  aiReachable,
  authenticatedUserId,
  failure,
  field,
  internalError,
  invalidArgument,
  OPENAI_CONNECTION_ERROR,
  readJsonBody,
  sleep,
  success,
  unauthorized,
} from './story-helpers.js';

const OPERATION = 'story_generation';

function heroTraits(traits: unknown): string[] {
  return Array.isArray(traits) ? traits.filter((t): t is string => typeof t === 'string') : [];
}

/** Records a failed usage row (with the time spent so far) and passes the response on. */
type RecordFailure = (message: string, response: Response) => Response;

/** The request once the checks before generation have passed. */
interface AcceptedRequest {
  userId: string;
  user: FakeUserRow;
  hero: HeroRow;
  body: Record<string, unknown>;
  failed: RecordFailure;
  elapsed: () => { requestDuration: number };
}

/** Registers `POST /api/v1/stories`. */
export const registerStoryGenerationRoute: RegisterRoutes = (app, context) => {
  app.post('/api/v1/stories', async (c) => {
    const accepted = await acceptRequest(context, c.req.raw);
    if (accepted instanceof Response) return accepted;
    const { userId, user, hero, body, failed, elapsed } = accepted;
    try {
      await sleep(context.generationLatencyMs(), c.req.raw.signal);
    } catch (error) {
      const message = error instanceof Error ? error.message : 'The request was aborted';
      return failed(message, internalError());
    }
    // OpenAI unreachable: the SDK's connection error reaches handleApiError (119).
    if (!aiReachable(context)) return failed(OPENAI_CONNECTION_ERROR, internalError());
    const eventType = field(body, 'eventType');
    const customPrompt = field(body, 'customPrompt');
    const generated = generateStory({
      heroName: hero.name,
      heroAge: hero.age,
      heroTraits: heroTraits(hero.traits),
      eventType: typeof eventType === 'string' ? eventType : undefined,
      customPrompt: typeof customPrompt === 'string' ? customPrompt : undefined,
      language:
        typeof field(body, 'language') === 'string' ? (field(body, 'language') as string) : 'en',
    });
    const refused = checkAfterGeneration(context, userId, body, failed);
    if (refused) return refused;

    const created = saveStory(context, accepted, generated);
    const snapshot = { ...created.asFirstCreated };
    context.rateLimits.record(userId, OPERATION, true, undefined, {
      ...storyGenerationUsage(generated.content),
      ...elapsed(),
    });
    await context.users.update(userId, {
      totalStoriesGenerated: user.totalStoriesGenerated + 1,
      lastStoryGeneratedAt: context.now(),
    });
    return success(snapshot, 'Story generated successfully', 201);
  });
};

/**
 * The checks before generation, in the real route's order: auth, user, body, required fields,
 * hero (ownership), rate limit. Answers the refusal, or the accepted request.
 */
async function acceptRequest(
  context: FakeBackendContext,
  request: Request,
): Promise<Response | AcceptedRequest> {
  const userId = await authenticatedUserId(context, request);
  if (!userId) return unauthorized();
  const user = await context.users.get(userId);
  if (!user) return failure('NotFound', 'User not found', 404);

  // Everything thrown inside the real route's try block records a failed usage row.
  const started = context.now().getTime();
  const elapsed = () => ({ requestDuration: context.now().getTime() - started });
  const failed: RecordFailure = (message, response) => {
    context.rateLimits.record(userId, OPERATION, false, message, elapsed());
    return response;
  };

  const parsed = await readJsonBody(request);
  if (!parsed.ok) return failed(parsed.message, internalError());
  const body = parsed.value;
  if (body === null) {
    return failed("Cannot read properties of null (reading 'heroId')", internalError());
  }
  const missing = ['heroId', 'language'].filter((name) => !field(body, name));
  if (missing.length > 0) {
    return failure('ValidationError', `Missing required fields: ${missing.join(', ')}`, 400);
  }
  const heroId = field(body, 'heroId');
  if (typeof heroId !== 'string') {
    const message = invalidArgument('hero.findUnique', 'id', 'String', heroId);
    return failed(message, failure('ValidationError', message, 400));
  }
  const hero = context.db.heroes.get(heroId);
  if (!hero) return failure('NotFound', 'Hero not found', 404);
  if (hero.userId !== userId) {
    return failure('Forbidden', 'You do not have access to this hero', 403);
  }
  const limit = context.rateLimits.check(userId, OPERATION);
  if (!limit.allowed) {
    const message = rateLimitMessage(OPERATION, limit);
    return failed(message, failure('RateLimitExceeded', message, 429));
  }
  return { userId, user, hero, body: body as Record<string, unknown>, failed, elapsed };
}

/**
 * The checks the real route makes only after generating (so they cost a generation): the
 * custom event (404 / 403) and the types Prisma refuses on create. `undefined` when all pass.
 */
function checkAfterGeneration(
  context: FakeBackendContext,
  userId: string,
  body: Record<string, unknown>,
  failed: RecordFailure,
): Response | undefined {
  const customEventId = field(body, 'customEventId');
  if (customEventId) {
    if (typeof customEventId !== 'string') {
      const message = invalidArgument('customStoryEvent.findUnique', 'id', 'String', customEventId);
      return failed(message, failure('ValidationError', message, 400));
    }
    const event = context.db.customEvents.get(customEventId);
    if (!event) return failure('NotFound', 'Custom event not found', 404);
    if (event.userId !== userId) {
      return failure('Forbidden', 'You do not have access to this custom event', 403);
    }
  }
  for (const [name, value] of [
    ['language', field(body, 'language')],
    ['eventType', field(body, 'eventType') || null],
  ] as const) {
    if (value !== null && typeof value !== 'string') {
      const message = invalidArgument('story.create', name, 'String', value);
      return failed(message, failure('ValidationError', message, 400));
    }
  }
  return undefined;
}

/**
 * Creates the story (answered as first created), its scene placeholders and the custom
 * event's usage.
 */
function saveStory(
  context: FakeBackendContext,
  { userId, hero, body }: AcceptedRequest,
  generated: ReturnType<typeof generateStory>,
): { asFirstCreated: StoryRow } {
  const eventType = field(body, 'eventType');
  const customPrompt = field(body, 'customPrompt');
  const customEventId = field(body, 'customEventId');
  const created = createStory(context, {
    heroId: hero.id,
    userId,
    title: generated.title,
    content: generated.content,
    language: field(body, 'language') as string,
    eventType: (eventType || null) as string | null,
    customEventId: (customEventId || null) as string | null,
    metadata: {
      prompt: {
        heroName: hero.name,
        heroAge: hero.age,
        heroTraits: hero.traits,
        ...(eventType !== undefined ? { eventType } : {}),
        ...(customPrompt !== undefined ? { customPrompt } : {}),
      },
      scenesExtracted: generated.scenes.length,
    },
    illustrationStatus: generated.scenes.length > 0 ? 'pending' : 'none',
  });
  const asFirstCreated = { ...created };
  if (typeof customEventId === 'string' && customEventId) {
    const event = context.db.customEvents.get(customEventId);
    if (event) {
      const now = context.now();
      event.usageCount += 1;
      event.lastUsedAt = now;
      event.updatedAt = now;
    }
  }
  if (generated.scenes.length > 0) {
    for (const [index, scene] of generated.scenes.entries()) {
      addScenePlaceholder(context, created.id, scene, index);
    }
    created.illustrationCount = generated.scenes.length;
    created.updatedAt = context.now();
  }
  return { asFirstCreated };
}

/** A pending illustration row for one extracted scene. */
function addScenePlaceholder(
  context: FakeBackendContext,
  storyId: string,
  scene: ReturnType<typeof generateStory>['scenes'][number],
  index: number,
): void {
  const now = context.now();
  const row: IllustrationRow = {
    id: context.newId(),
    storyId,
    imageUrl: '',
    imagePrompt: scene.sceneDescription,
    sceneDescription: scene.sceneDescription,
    displayOrder: index,
    audioTimestamp: scene.audioTimestamp,
    audioDuration: scene.estimatedDuration,
    generationId: null,
    previousGenerationId: null,
    generationStatus: 'pending',
    generationError: null,
    retryCount: 0,
    createdAt: now,
    updatedAt: now,
  };
  context.db.illustrations.set(row.id, row);
}

interface NewStory {
  heroId: string;
  userId: string;
  title: string;
  content: string;
  language: string;
  eventType: string | null;
  customEventId: string | null;
  metadata: unknown;
  illustrationStatus: StoryRow['illustrationStatus'];
}

function createStory(context: FakeBackendContext, input: NewStory): StoryRow {
  const now = context.now();
  const row: StoryRow = {
    id: context.newId(),
    heroId: input.heroId,
    userId: input.userId,
    title: input.title,
    content: input.content,
    language: input.language,
    eventType: input.eventType,
    customEventId: input.customEventId,
    audioUrl: null,
    audioGenerationStatus: 'pending',
    audioGenerationError: null,
    audioDuration: null,
    illustrationStatus: input.illustrationStatus,
    illustrationCount: 0,
    isFavorite: false,
    lastPlayedAt: null,
    playCount: 0,
    generationMetadata: input.metadata,
    createdAt: now,
    updatedAt: now,
  };
  context.db.stories.set(row.id, row);
  return row;
}
