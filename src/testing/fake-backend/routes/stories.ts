/**
 * `/api/v1/stories` of the fake backend: list, get, PATCH, DELETE and
 * `/play` here; generation (`POST /stories`) and audio live in their own modules and are
 * registered from here too.
 */
import type { FakeBackendContext, RegisterRoutes } from '../context.js';
import type { StoryRow } from '../state.js';
import { registerStoryAudioRoutes } from './story-audio.js';
import { registerStoryGenerationRoute } from './story-generation.js';
import {
  authenticatedUserId,
  byCreatedAtDesc,
  clampPagination,
  failure,
  field,
  heroSummary,
  internalError,
  invalidArgument,
  loadOwnedStory,
  pagination,
  parseServerDate,
  readJsonBody,
  signedIllustration,
  signedStory,
  signUrl,
  storyIllustrations,
  success,
  unauthorized,
} from './story-helpers.js';

const STORIES = '/api/v1/stories';

function illustrationCount(context: FakeBackendContext, storyId: string): number {
  let count = 0;
  for (const row of context.db.illustrations.values()) if (row.storyId === storyId) count++;
  return count;
}

/** The Prisma dump the real list answers for an unparseable `updatedAfter` (cf. fixture 065). */
function invalidUpdatedAfterMessage(userId: string, limit: number, offset: number): string {
  const where = `{\n    userId: "${userId}",\n    updatedAt: {\n      gt: new Date("Invalid Date")\n          ~~~~~~~~~~~~~~~~~~~~~~~~\n    }\n  }`;
  const query = `{\n  where: ${where},\n  orderBy: {\n    createdAt: "desc"\n  },\n  take: ${limit},\n  skip: ${offset}\n}`;
  return `\nInvalid \`prisma.story.findMany()\` invocation:\n\n${query}\n\nInvalid value for argument \`gt\`: Provided Date object is invalid. Expected Date.`;
}

/** The list / PATCH shape: row, `hero:{id,name,avatarUrl}`, `illustrations?`, `_count`. */
function listShape(context: FakeBackendContext, story: StoryRow, withIllustrations: boolean) {
  const hero = heroSummary(context, context.db.heroes.get(story.heroId));
  const base = { ...signedStory(context, story), hero };
  const count = { illustrations: illustrationCount(context, story.id) };
  if (!withIllustrations) return { ...base, _count: count };
  const illustrations = storyIllustrations(context, story.id, false).map((row) =>
    signedIllustration(context, row),
  );
  return { ...base, illustrations, _count: count };
}

function registerListRoute(app: Parameters<RegisterRoutes>[0], context: FakeBackendContext): void {
  app.get(STORIES, async (c) => {
    const userId = await authenticatedUserId(context, c.req.raw);
    if (!userId) return unauthorized();
    const heroId = c.req.query('heroId');
    const language = c.req.query('language');
    const isFavorite = c.req.query('isFavorite') === 'true';
    const withIllustrations = c.req.query('includeIllustrations') === 'true';
    const updatedAfterRaw = c.req.query('updatedAfter');
    const { limit, offset } = clampPagination(c.req.query('limit'), c.req.query('offset'));
    let updatedAfter: Date | null = null;
    if (updatedAfterRaw) {
      updatedAfter = parseServerDate(updatedAfterRaw);
      if (!updatedAfter) {
        return failure('ValidationError', invalidUpdatedAfterMessage(userId, limit, offset), 400);
      }
    }
    const after = updatedAfter;
    const matching = [...context.db.stories.values()]
      .filter(
        (story) =>
          story.userId === userId &&
          (!heroId || story.heroId === heroId) &&
          (!language || story.language === language) &&
          (!isFavorite || story.isFavorite) &&
          (!after || story.updatedAt.getTime() > after.getTime()),
      )
      .sort(byCreatedAtDesc);
    const page = matching.slice(offset, offset + limit);
    return success({
      stories: page.map((story) => listShape(context, story, withIllustrations)),
      pagination: pagination(matching.length, limit, offset),
    });
  });
}

function registerItemRoutes(app: Parameters<RegisterRoutes>[0], context: FakeBackendContext): void {
  app.get(`${STORIES}/:storyId`, async (c) => {
    const userId = await authenticatedUserId(context, c.req.raw);
    if (!userId) return unauthorized();
    const story = loadOwnedStory(context, c.req.param('storyId'), userId);
    if (story instanceof Response) return story;
    const hero = context.db.heroes.get(story.heroId);
    const customEvent = story.customEventId
      ? (context.db.customEvents.get(story.customEventId) ?? null)
      : null;
    const base = {
      ...signedStory(context, story),
      hero: hero
        ? {
            id: hero.id,
            name: hero.name,
            age: hero.age,
            avatarUrl: signUrl(context, hero.avatarUrl),
            traits: hero.traits,
          }
        : null,
      customEvent,
    };
    const count = { illustrations: illustrationCount(context, story.id) };
    if (c.req.query('includeIllustrations') !== 'true') return success({ ...base, _count: count });
    const illustrations = storyIllustrations(context, story.id, true).map((row) =>
      signedIllustration(context, row),
    );
    return success({ ...base, illustrations, _count: count });
  });

  app.patch(`${STORIES}/:storyId`, async (c) => {
    const userId = await authenticatedUserId(context, c.req.raw);
    if (!userId) return unauthorized();
    const body = await readJsonBody(c.req.raw);
    if (!body.ok || body.value === null) return internalError();
    const story = loadOwnedStory(context, c.req.param('storyId'), userId);
    if (story instanceof Response) return story;
    const title = field(body.value, 'title');
    const content = field(body.value, 'content');
    const language = field(body.value, 'language');
    const isFavorite = field(body.value, 'isFavorite');
    for (const [name, value] of [
      ['title', title],
      ['content', content],
      ['language', language],
    ] as const) {
      if (value && typeof value !== 'string') {
        const message = invalidArgument(
          'story.update',
          name,
          'String or StringFieldUpdateOperationsInput',
          value,
        );
        return failure('ValidationError', message, 400);
      }
    }
    // Truthy checks for the strings (so '' is ignored); isFavorite only when it is a boolean.
    const patch: Partial<StoryRow> = {};
    if (typeof title === 'string' && title) patch.title = title;
    if (typeof content === 'string' && content) {
      patch.content = content;
      patch.audioGenerationStatus = 'pending';
      patch.audioUrl = null;
    }
    if (typeof isFavorite === 'boolean') patch.isFavorite = isFavorite;
    if (typeof language === 'string' && language) patch.language = language;
    // An empty Prisma update issues no UPDATE, so `updatedAt` moves only when something is set.
    if (Object.keys(patch).length > 0) Object.assign(story, patch, { updatedAt: context.now() });
    return success(listShape(context, story, false), 'Story updated successfully');
  });

  app.delete(`${STORIES}/:storyId`, async (c) => {
    const userId = await authenticatedUserId(context, c.req.raw);
    if (!userId) return unauthorized();
    const story = loadOwnedStory(context, c.req.param('storyId'), userId);
    if (story instanceof Response) return story;
    // Best-effort R2 cleanup of the audio and illustration objects, then the cascade delete.
    const urls = [
      story.audioUrl,
      ...storyIllustrations(context, story.id, false).map((row) => row.imageUrl),
    ];
    for (const url of urls) {
      if (!url) continue;
      try {
        context.media.delete(url);
      } catch {
        // The real route logs and carries on.
      }
    }
    context.db.deleteStory(story.id);
    return success({ id: story.id }, 'Story deleted successfully');
  });

  app.post(`${STORIES}/:storyId/play`, async (c) => {
    const userId = await authenticatedUserId(context, c.req.raw);
    if (!userId) return unauthorized();
    const story = loadOwnedStory(context, c.req.param('storyId'), userId);
    if (story instanceof Response) return story;
    const now = context.now();
    story.playCount += 1;
    story.lastPlayedAt = now;
    story.updatedAt = now;
    return success({ id: story.id, playCount: story.playCount, lastPlayedAt: story.lastPlayedAt });
  });
}

/**
 * Registers the story routes: `GET/POST /api/v1/stories`, `GET/PATCH/DELETE
 * /api/v1/stories/:storyId`, `POST /:storyId/play` and `GET/POST /:storyId/audio`.
 */
export const registerStoryRoutes: RegisterRoutes = (app, context) => {
  registerListRoute(app, context);
  registerStoryGenerationRoute(app, context);
  registerStoryAudioRoutes(app, context);
  registerItemRoutes(app, context);
};
