import type { Hono } from 'hono';
import * as z from 'zod';
import { heroWithRelations } from '../hero-json.js';
import {
  byCreatedAtDesc,
  clampPagination,
  fail,
  forbidden,
  internalError,
  isRecord,
  ok,
  pagination,
  readJson,
  unauthorized,
} from '../http.js';
import type { FakePlatformContext } from '../platform-context.js';
import {
  invalidArgumentMessage,
  invalidUpdatedAfterMessage,
  isOutsideInt4,
  prismaTypeName,
} from '../prisma-messages.js';
import type { HeroRow } from '../state.js';
import { formatZodIssues, parseServerDate } from '../validation.js';

/** The backend's `CreateHeroSchema`; unknown keys are stripped. */
const CreateHeroSchema = z.object({
  name: z.string().min(1).max(200),
  age: z.number().int().min(3).max(12),
  traits: z.array(z.string().max(100)).min(1).max(20),
  hairColor: z.string().max(50).optional(),
  eyeColor: z.string().max(50).optional(),
  skinTone: z.string().max(50).optional(),
  height: z.string().max(50).optional(),
  specialAbilities: z.array(z.string().max(200)).max(10).optional(),
  appearance: z.string().max(500).optional(),
});

/** PATCH fields applied when truthy (empty strings and nulls are ignored). */
const TRUTHY_FIELDS = [
  'name',
  'hairColor',
  'eyeColor',
  'skinTone',
  'height',
  'traits',
  'specialAbilities',
  'avatarUrl',
  'avatarPrompt',
  'avatarGenerationId',
] as const;
const STRING_FIELDS = new Set<string>([
  'name',
  'hairColor',
  'eyeColor',
  'skinTone',
  'height',
  'avatarUrl',
  'avatarPrompt',
  'avatarGenerationId',
]);

/** Loads a hero for a user: the row, or the 404 / 403 response. */
export function loadOwnedHero(
  context: FakePlatformContext,
  heroId: string,
  userId: string,
): HeroRow | Response {
  const hero = context.db.heroes.get(heroId);
  if (!hero) return fail('NotFound', 'Hero not found', 404);
  if (hero.userId !== userId) return forbidden('hero');
  return hero;
}

/** Builds a hero PATCH the way the route does, or the 400 a Prisma type error would give. */
function heroPatch(body: Record<string, unknown>): Partial<HeroRow> | Response {
  const data: Record<string, unknown> = {};
  for (const field of TRUTHY_FIELDS) {
    const value = body[field];
    if (!value) continue;
    if (STRING_FIELDS.has(field) && typeof value !== 'string') {
      return fail(
        'ValidationError',
        invalidArgumentMessage('hero.update', field, 'String', prismaTypeName(value)),
        400,
      );
    }
    data[field] = value;
  }
  if (body.age !== undefined) {
    const age = body.age;
    if (typeof age !== 'number' || !Number.isInteger(age) || isOutsideInt4(age)) {
      return fail(
        'ValidationError',
        invalidArgumentMessage('hero.update', 'age', 'Int', prismaTypeName(age)),
        400,
      );
    }
    data.age = age;
  }
  if (body.appearance !== undefined) {
    if (body.appearance !== null && typeof body.appearance !== 'string') {
      return fail(
        'ValidationError',
        invalidArgumentMessage(
          'hero.update',
          'appearance',
          'String',
          prismaTypeName(body.appearance),
        ),
        400,
      );
    }
    data.appearance = body.appearance;
  }
  return data as Partial<HeroRow>;
}

/** `/api/v1/heroes` and `/api/v1/heroes/:heroId`. */
export function registerHeroRoutes(app: Hono, context: FakePlatformContext): void {
  app.get('/api/v1/heroes', async (c) => {
    const session = await context.authenticate(c.req.raw);
    if (!session) return unauthorized();
    if (!(await context.users.get(session.userId))) return fail('NotFound', 'User not found', 404);
    const includeStories = c.req.query('includeStories') === 'true';
    const { limit, offset } = clampPagination(c.req.query('limit'), c.req.query('offset'));
    const rawUpdatedAfter = c.req.query('updatedAfter');
    let updatedAfter: Date | null = null;
    if (rawUpdatedAfter) {
      updatedAfter = parseServerDate(rawUpdatedAfter);
      if (!updatedAfter) {
        const include = {
          visualProfile: true,
          stories: includeStories ? { orderBy: { createdAt: 'desc' }, take: 5 } : false,
          _count: { select: { stories: true } },
        };
        return fail(
          'ValidationError',
          invalidUpdatedAfterMessage(session.userId, include, limit, offset),
          400,
        );
      }
    }
    const after = updatedAfter?.getTime();
    const rows = [...context.db.heroes.values()]
      .filter((h) => h.userId === session.userId)
      .filter((h) => after === undefined || h.updatedAt.getTime() > after)
      .sort(byCreatedAtDesc);
    const heroes = rows.slice(offset, offset + limit).map((hero) =>
      heroWithRelations(context, hero, {
        ...(includeStories ? { stories: 5 } : {}),
        count: true,
      }),
    );
    return ok({ heroes, pagination: pagination(rows.length, limit, offset) });
  });

  app.post('/api/v1/heroes', async (c) => {
    const session = await context.authenticate(c.req.raw);
    if (!session) return unauthorized();
    const body = await readJson(c.req.raw);
    if (!body.ok) return fail('ValidationError', 'Invalid or missing JSON body', 400);
    const parsed = CreateHeroSchema.safeParse(body.value);
    if (!parsed.success) return fail('ValidationError', formatZodIssues(parsed.error), 400);
    if (!(await context.users.get(session.userId))) return fail('NotFound', 'User not found', 404);
    const input = parsed.data;
    const now = context.now();
    const hero: HeroRow = {
      id: context.newId(),
      name: input.name,
      age: input.age,
      userId: session.userId,
      hairColor: input.hairColor || null,
      eyeColor: input.eyeColor || null,
      skinTone: input.skinTone || null,
      height: input.height || null,
      traits: input.traits,
      specialAbilities: input.specialAbilities ?? null,
      appearance: input.appearance || null,
      avatarUrl: null,
      avatarPrompt: null,
      avatarGenerationId: null,
      visualProfileId: null,
      createdAt: now,
      updatedAt: now,
    };
    context.db.heroes.set(hero.id, hero);
    return ok(heroWithRelations(context, hero, {}), 'Hero created successfully', 201);
  });

  app.get('/api/v1/heroes/:heroId', async (c) => {
    const session = await context.authenticate(c.req.raw);
    if (!session) return unauthorized();
    const hero = loadOwnedHero(context, c.req.param('heroId'), session.userId);
    if (hero instanceof Response) return hero;
    const includeStories = c.req.query('includeStories') === 'true';
    return ok(heroWithRelations(context, hero, includeStories ? { stories: 10 } : {}));
  });

  app.patch('/api/v1/heroes/:heroId', async (c) => {
    const session = await context.authenticate(c.req.raw);
    if (!session) return unauthorized();
    const body = await readJson(c.req.raw);
    if (!body.ok) return internalError();
    const hero = loadOwnedHero(context, c.req.param('heroId'), session.userId);
    if (hero instanceof Response) return hero;
    const patch = heroPatch(isRecord(body.value) ? body.value : {});
    if (patch instanceof Response) return patch;
    // Prisma skips the UPDATE (and @updatedAt) when there is nothing to write (fixture 079).
    if (Object.keys(patch).length > 0) Object.assign(hero, patch, { updatedAt: context.now() });
    return ok(heroWithRelations(context, hero, {}), 'Hero updated successfully');
  });

  app.delete('/api/v1/heroes/:heroId', async (c) => {
    const session = await context.authenticate(c.req.raw);
    if (!session) return unauthorized();
    const hero = loadOwnedHero(context, c.req.param('heroId'), session.userId);
    if (hero instanceof Response) return hero;
    context.db.deleteHero(hero.id);
    return ok({ id: hero.id }, 'Hero deleted successfully');
  });
}
