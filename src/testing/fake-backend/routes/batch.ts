import type { Hono } from 'hono';
import { isRecord, jsonResponse, readJson } from '../http.js';
import type { FakePlatformContext } from '../platform-context.js';
import {
  databaseErrorMessage,
  invalidArgumentMessage,
  isOutsideInt4,
  missingArgumentMessage,
  prismaTypeName,
} from '../prisma-messages.js';
import type { HeroRow, StoryRow } from '../state.js';

const MAX_ITEMS = 100;
const ABORTED = 'current transaction is aborted, commands ignored until end of transaction block';

/** A per-item failure; `database` errors abort the surrounding Postgres transaction. */
class ItemError extends Error {
  constructor(
    message: string,
    readonly database = false,
  ) {
    super(message);
  }
}

interface BatchResults {
  created: Record<string, unknown>[];
  failed: Record<string, unknown>[];
  total: number;
}

function batchResponse(results: BatchResults): Response {
  return jsonResponse({
    success: results.failed.length === 0,
    created: results.created.length,
    failed: results.failed.length,
    total: results.total,
    results,
  });
}

/** Prisma's client-side checks of one create's data: missing required and mistyped values. */
function checkArguments(
  call: string,
  data: Record<string, unknown>,
  required: readonly { name: string; type: string }[],
  typed: readonly { name: string; type: 'String' | 'Int' | 'Float' | 'Boolean' }[],
): void {
  const missing = required.filter((r) => data[r.name] === undefined || data[r.name] === null);
  if (missing.length > 0) {
    const shown = Object.fromEntries(
      Object.entries(data).filter(([key]) => !missing.some((m) => m.name === key)),
    );
    throw new ItemError(missingArgumentMessage(call, shown, missing));
  }
  for (const { name, type } of typed) {
    const value = data[name];
    if (value === undefined || value === null) continue;
    const ok =
      type === 'String'
        ? typeof value === 'string'
        : type === 'Boolean'
          ? typeof value === 'boolean'
          : typeof value === 'number' && (type === 'Float' || Number.isInteger(value));
    if (!ok) throw new ItemError(invalidArgumentMessage(call, name, type, prismaTypeName(value)));
  }
}

/**
 * Runs `items` in one simulated interactive transaction: a database error aborts it, later
 * items then fail with Postgres's "current transaction is aborted", and at the end everything
 * is rolled back, though `results.created` still lists the phantom ids, as on the real backend.
 */
function runTransaction(
  items: readonly unknown[],
  label: 'name' | 'title',
  createOne: (item: Record<string, unknown>, aborted: boolean) => { id: string; label: unknown },
  rollback: (ids: readonly string[]) => void,
): BatchResults {
  const results: BatchResults = { created: [], failed: [], total: items.length };
  const createdIds: string[] = [];
  let aborted = false;
  for (const raw of items) {
    if (raw === null || raw === undefined) {
      throw new TypeError(`Cannot read properties of ${raw} (reading '${label}')`);
    }
    const item = isRecord(raw) ? raw : {};
    try {
      const created = createOne(item, aborted);
      createdIds.push(created.id);
      results.created.push({ localId: item.id, serverId: created.id, [label]: created.label });
    } catch (error) {
      if (error instanceof ItemError && error.database) aborted = true;
      const message = error instanceof Error ? error.message : String(error);
      results.failed.push({ localId: item.id, [label]: item[label], error: message });
    }
  }
  if (aborted) rollback(createdIds);
  return results;
}

async function readBatch(
  context: FakePlatformContext,
  request: Request,
  key: 'heroes' | 'stories',
): Promise<{ userId: string; items: unknown[] } | Response> {
  const session = await context.authenticate(request);
  if (!session) return jsonResponse({ error: 'Unauthorized' }, 401);
  const body = await readJson(request);
  if (!body.ok) return jsonResponse({ error: body.message }, 500);
  const items = isRecord(body.value) ? body.value[key] : undefined;
  if (!Array.isArray(items)) {
    return jsonResponse({ error: `Invalid request: ${key} must be an array` }, 400);
  }
  if (items.length > MAX_ITEMS) {
    return jsonResponse(
      { error: `Batch size too large: maximum ${MAX_ITEMS} ${key} per request` },
      400,
    );
  }
  return { userId: session.userId, items };
}

/** One item's import: the created row's id and label, or an `ItemError`. */
type ImportItem = (
  context: FakePlatformContext,
  userId: string,
  item: Record<string, unknown>,
  aborted: boolean,
) => { id: string; label: unknown };

/** `/api/batch` (heroes) and `/api/batch/stories`: the migration imports. */
export function registerBatchRoutes(app: Hono, context: FakePlatformContext): void {
  const route = (
    key: 'heroes' | 'stories',
    label: 'name' | 'title',
    importItem: ImportItem,
    rollback: (ids: readonly string[]) => void,
  ) => {
    return async (c: { req: { raw: Request } }) => {
      const batch = await readBatch(context, c.req.raw, key);
      if (batch instanceof Response) return batch;
      try {
        const results = runTransaction(
          batch.items,
          label,
          (item, aborted) => importItem(context, batch.userId, item, aborted),
          rollback,
        );
        return batchResponse(results);
      } catch (error) {
        return jsonResponse(
          { error: error instanceof Error ? error.message : 'Internal server error' },
          500,
        );
      }
    };
  };
  app.post(
    '/api/batch',
    route('heroes', 'name', importHero, (ids) => {
      for (const id of ids) context.db.deleteHero(id);
    }),
  );
  app.post(
    '/api/batch/stories',
    route('stories', 'title', importStory, (ids) => {
      for (const id of ids) context.db.deleteStory(id);
    }),
  );
}

const HERO_REQUIRED = [
  { name: 'name', type: 'String' },
  { name: 'age', type: 'Int' },
  { name: 'traits', type: 'Json' },
] as const;
const HERO_TYPED = [
  { name: 'name', type: 'String' },
  { name: 'age', type: 'Int' },
  { name: 'avatarUrl', type: 'String' },
  { name: 'avatarPrompt', type: 'String' },
  { name: 'avatarGenerationId', type: 'String' },
  { name: 'hairColor', type: 'String' },
  { name: 'eyeColor', type: 'String' },
  { name: 'skinTone', type: 'String' },
  { name: 'height', type: 'String' },
] as const;
const HERO_FIELDS = [
  'name',
  'age',
  'traits',
  'specialAbilities',
  'avatarUrl',
  'avatarPrompt',
  'avatarGenerationId',
  'hairColor',
  'eyeColor',
  'skinTone',
  'height',
] as const;

/** One hero of `/api/batch`: Prisma's checks, the int4 range, then the row. */
const importHero: ImportItem = (context, userId, item, aborted) => {
  const data: Record<string, unknown> = { userId };
  for (const name of HERO_FIELDS) data[name] = item[name];
  checkArguments('hero.create', data, HERO_REQUIRED, HERO_TYPED);
  if (aborted) throw new ItemError(ABORTED);
  const age = data.age as number;
  if (isOutsideInt4(age)) {
    throw new ItemError(
      databaseErrorMessage(
        'hero.create',
        `Value out of range for the type: value "${age}" is out of range for type integer`,
      ),
      true,
    );
  }
  const text = (name: string) => (data[name] as string | undefined) ?? null;
  const now = context.now();
  const hero: HeroRow = {
    id: context.newId(),
    name: data.name as string,
    age,
    userId,
    hairColor: text('hairColor'),
    eyeColor: text('eyeColor'),
    skinTone: text('skinTone'),
    height: text('height'),
    traits: data.traits,
    specialAbilities: data.specialAbilities ?? null,
    appearance: null,
    avatarUrl: text('avatarUrl'),
    avatarPrompt: text('avatarPrompt'),
    avatarGenerationId: text('avatarGenerationId'),
    visualProfileId: null,
    createdAt: now,
    updatedAt: now,
  };
  context.db.heroes.set(hero.id, hero);
  return { id: hero.id, label: hero.name };
};

const STORY_REQUIRED = [
  { name: 'heroId', type: 'String' },
  { name: 'title', type: 'String' },
  { name: 'content', type: 'String' },
] as const;
const STORY_TYPED = [
  { name: 'title', type: 'String' },
  { name: 'content', type: 'String' },
  { name: 'eventType', type: 'String' },
  { name: 'customEventId', type: 'String' },
  { name: 'language', type: 'String' },
  { name: 'isFavorite', type: 'Boolean' },
  { name: 'audioUrl', type: 'String' },
  { name: 'audioDuration', type: 'Float' },
] as const;

/** The route's own checks of a story item (the hero and the audio URL), before Prisma's. */
function storyHero(
  context: FakePlatformContext,
  userId: string,
  item: Record<string, unknown>,
): HeroRow {
  if (item.heroId !== undefined && typeof item.heroId !== 'string') {
    throw new ItemError(
      invalidArgumentMessage('hero.findFirst', 'id', 'String', prismaTypeName(item.heroId)),
    );
  }
  // `findFirst({ where: { id: undefined, userId } })`: an absent heroId matches any hero.
  const hero = [...context.db.heroes.values()].find(
    (h) => h.userId === userId && (item.heroId === undefined || h.id === item.heroId),
  );
  if (!hero) throw new ItemError('Hero not found or unauthorized');
  const audioUrl = item.audioUrl;
  if (audioUrl) {
    if (typeof audioUrl !== 'string') {
      throw new ItemError('validatedAudioUrl.startsWith is not a function');
    }
    if (!context.media.isStoredUrl(audioUrl)) {
      throw new ItemError('Invalid audioUrl: must be a valid storage URL');
    }
  }
  return hero;
}

/** One story of `/api/batch/stories`. */
const importStory: ImportItem = (context, userId, item, aborted) => {
  if (aborted) throw new ItemError(ABORTED);
  const hero = storyHero(context, userId, item);
  const data: Record<string, unknown> = {
    heroId: item.heroId,
    userId,
    title: item.title,
    content: item.content,
    eventType: item.eventType,
    customEventId: item.customEventId,
    language: item.language || 'en',
    isFavorite: item.isFavorite || false,
    audioUrl: item.audioUrl,
    audioDuration: item.audioDuration,
  };
  checkArguments('story.create', data, STORY_REQUIRED, STORY_TYPED);
  const customEventId = (data.customEventId as string | undefined) ?? null;
  if (customEventId !== null && !context.db.customEvents.has(customEventId)) {
    throw new ItemError(
      databaseErrorMessage(
        'story.create',
        'Foreign key constraint violated on the constraint: `Story_customEventId_fkey`',
      ),
      true,
    );
  }
  const now = context.now();
  const story: StoryRow = {
    id: context.newId(),
    heroId: hero.id,
    userId,
    title: data.title as string,
    content: data.content as string,
    language: data.language as string,
    eventType: (data.eventType as string | undefined) ?? null,
    customEventId,
    audioUrl: (data.audioUrl as string | undefined) || null,
    audioGenerationStatus: 'pending',
    audioGenerationError: null,
    audioDuration: (data.audioDuration as number | undefined) ?? null,
    illustrationStatus: 'none',
    illustrationCount: 0,
    isFavorite: data.isFavorite as boolean,
    lastPlayedAt: null,
    playCount: 0,
    generationMetadata: null,
    createdAt: now,
    updatedAt: now,
  };
  context.db.stories.set(story.id, story);
  return { id: story.id, label: story.title };
};
