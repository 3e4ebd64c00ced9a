import type { Hono } from 'hono';
import * as z from 'zod';
import { abortableSleep } from '../faults.js';
import { findVisualProfile } from '../hero-json.js';
import { fail, internalError, ok, readJson, unauthorized } from '../http.js';
import { aiAvailable, type FakePlatformContext } from '../platform-context.js';
import type { HeroRow, VisualProfileRow } from '../state.js';
import { loadOwnedHero } from './heroes.js';

/** The visual-profile body schema: every profile field, all optional, in column order. */
const VisualProfileSchema = z.object({
  hairStyle: z.string().optional(),
  hairColor: z.string().optional(),
  hairTexture: z.string().optional(),
  eyeColor: z.string().optional(),
  eyeShape: z.string().optional(),
  skinTone: z.string().optional(),
  facialFeatures: z.string().optional(),
  bodyType: z.string().optional(),
  height: z.string().optional(),
  age: z.number().int().optional(),
  typicalClothing: z.string().optional(),
  colorPalette: z.array(z.string()).optional(),
  accessories: z.string().optional(),
  artStyle: z.string().optional(),
  visualKeywords: z.array(z.string()).optional(),
  canonicalPrompt: z.string().optional(),
  simplifiedPrompt: z.string().optional(),
});
type VisualProfileInput = z.infer<typeof VisualProfileSchema>;
type ProfileFields = Omit<VisualProfileRow, 'id' | 'heroId' | 'createdAt' | 'updatedAt'>;

const NOT_FOUND = 'Visual profile not found for this hero';

function emptyFields(): ProfileFields {
  return {
    hairStyle: null,
    hairColor: null,
    hairTexture: null,
    eyeColor: null,
    eyeShape: null,
    skinTone: null,
    facialFeatures: null,
    bodyType: null,
    height: null,
    age: null,
    typicalClothing: null,
    colorPalette: null,
    accessories: null,
    artStyle: null,
    visualKeywords: null,
    canonicalPrompt: null,
    simplifiedPrompt: null,
  };
}

function definedFields(input: VisualProfileInput): Partial<ProfileFields> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) if (value !== undefined) out[key] = value;
  return out as Partial<ProfileFields>;
}

/** The deterministic "vision model" reading of a hero's avatar. */
function extractedFields(hero: HeroRow): Omit<ProfileFields, 'age'> {
  const traits = Array.isArray(hero.traits) ? hero.traits.filter((t) => typeof t === 'string') : [];
  const hair = hero.hairColor ?? 'brown';
  const eyes = hero.eyeColor ?? 'brown';
  const skin = hero.skinTone ?? 'medium';
  return {
    hairStyle: 'short and tousled',
    hairColor: hair,
    hairTexture: 'soft',
    eyeColor: eyes,
    eyeShape: 'round',
    skinTone: skin,
    facialFeatures: 'rosy cheeks, friendly smile',
    bodyType: 'child',
    height: hero.height ?? 'average for age',
    typicalClothing: 'bright t-shirt and comfortable trousers',
    colorPalette: ['#f4a261', '#2a9d8f', '#e9c46a'],
    accessories: 'none',
    artStyle: 'digital illustration',
    visualKeywords: [hair, eyes, skin, ...traits].slice(0, 10),
    canonicalPrompt: `${hero.name}, a ${hero.age}-year-old child with ${hair} hair, ${eyes} eyes and ${skin} skin, wearing a bright t-shirt, digital illustration`,
    simplifiedPrompt: `${hero.name}, ${hair}-haired child in a bright t-shirt`,
  };
}

/**
 * `/api/v1/heroes/:heroId/visual-profile` (+ `/extract`). These writes never touch the hero
 * row, so they do not bump `hero.updatedAt`.
 */
export function registerVisualProfileRoutes(app: Hono, context: FakePlatformContext): void {
  const path = '/api/v1/heroes/:heroId/visual-profile';
  const invalidBody = (error: z.ZodError) =>
    fail('ValidationError', 'Invalid request body', 400, z.flattenError(error));

  app.get(path, async (c) => {
    const session = await context.authenticate(c.req.raw);
    if (!session) return unauthorized();
    const hero = loadOwnedHero(context, c.req.param('heroId'), session.userId);
    if (hero instanceof Response) return hero;
    const profile = findVisualProfile(context, hero.id);
    return profile ? ok(profile) : fail('NotFound', NOT_FOUND, 404);
  });

  app.post(path, async (c) => {
    const session = await context.authenticate(c.req.raw);
    if (!session) return unauthorized();
    const body = await readJson(c.req.raw);
    if (!body.ok) return internalError();
    const hero = loadOwnedHero(context, c.req.param('heroId'), session.userId);
    if (hero instanceof Response) return hero;
    if (findVisualProfile(context, hero.id)) {
      return fail(
        'Conflict',
        'Visual profile already exists for this hero. Use PATCH to update.',
        409,
      );
    }
    const parsed = VisualProfileSchema.safeParse(body.value);
    if (!parsed.success) return invalidBody(parsed.error);
    const now = context.now();
    const profile: VisualProfileRow = {
      id: context.newId(),
      heroId: hero.id,
      ...emptyFields(),
      ...definedFields(parsed.data),
      createdAt: now,
      updatedAt: now,
    };
    context.db.visualProfiles.set(profile.id, profile);
    return ok(profile, 'Visual profile created successfully', 201);
  });

  app.patch(path, async (c) => {
    const session = await context.authenticate(c.req.raw);
    if (!session) return unauthorized();
    const body = await readJson(c.req.raw);
    if (!body.ok) return internalError();
    const hero = loadOwnedHero(context, c.req.param('heroId'), session.userId);
    if (hero instanceof Response) return hero;
    const profile = findVisualProfile(context, hero.id);
    if (!profile) return fail('NotFound', `${NOT_FOUND}. Use POST to create.`, 404);
    const parsed = VisualProfileSchema.safeParse(body.value);
    if (!parsed.success) return invalidBody(parsed.error);
    const changes = definedFields(parsed.data);
    if (Object.keys(changes).length > 0) {
      Object.assign(profile, changes, { updatedAt: context.now() });
    }
    return ok(profile, 'Visual profile updated successfully');
  });

  app.delete(path, async (c) => {
    const session = await context.authenticate(c.req.raw);
    if (!session) return unauthorized();
    const hero = loadOwnedHero(context, c.req.param('heroId'), session.userId);
    if (hero instanceof Response) return hero;
    const profile = findVisualProfile(context, hero.id);
    if (!profile) return fail('NotFound', NOT_FOUND, 404);
    context.db.visualProfiles.delete(profile.id);
    return ok({ heroId: hero.id }, 'Visual profile deleted successfully');
  });

  app.post(`${path}/extract`, async (c) => {
    const session = await context.authenticate(c.req.raw);
    if (!session) return unauthorized();
    const hero = loadOwnedHero(context, c.req.param('heroId'), session.userId);
    if (hero instanceof Response) return hero;
    if (!hero.avatarUrl) {
      return fail(
        'BadRequest',
        'Hero does not have an avatar. Generate an avatar first before extracting visual profile.',
        400,
      );
    }
    const latency = context.generationLatencyMs();
    if (latency > 0) await abortableSleep(latency, c.req.raw.signal);
    if (!aiAvailable(context)) return internalError();
    const now = context.now();
    const existing = findVisualProfile(context, hero.id);
    if (existing) {
      Object.assign(existing, extractedFields(hero), { updatedAt: now });
      return ok(existing, 'Visual profile re-extracted successfully');
    }
    const profile: VisualProfileRow = {
      id: context.newId(),
      heroId: hero.id,
      ...extractedFields(hero),
      age: hero.age,
      createdAt: now,
      updatedAt: now,
    };
    // Keep column order: rebuild so `age` sits where Prisma puts it.
    const ordered: VisualProfileRow = {
      ...{ id: profile.id, heroId: hero.id },
      ...emptyFields(),
      ...profile,
    };
    context.db.visualProfiles.set(ordered.id, ordered);
    return ok(ordered, 'Visual profile extracted successfully', 201);
  });
}
