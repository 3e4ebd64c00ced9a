import type { Hono } from 'hono';
import { abortableSleep } from '../faults.js';
import { fakePngBytes } from '../generation.js';
import { fail, internalError, ok, readJson, unauthorized } from '../http.js';
import { aiAvailable, type FakePlatformContext } from '../platform-context.js';
import { rateLimitMessage } from '../rate-limiter.js';
import type { HeroRow } from '../state.js';
import { loadOwnedHero } from './heroes.js';

/** What the server asks the image model for (the `prompt` a client sends is ignored). */
function avatarPrompt(hero: HeroRow): string {
  const traits = Array.isArray(hero.traits) ? hero.traits.join(', ') : '';
  const looks = [
    hero.hairColor && `${hero.hairColor} hair`,
    hero.eyeColor && `${hero.eyeColor} eyes`,
  ]
    .filter(Boolean)
    .join(', ');
  return `A friendly children's book portrait of ${hero.name}, a ${hero.age}-year-old hero${looks ? ` with ${looks}` : ''}${traits ? `, ${traits}` : ''}. Colorful cartoon style.`;
}

/**
 * POST `/api/v1/heroes/:heroId/avatar`: deterministic fake image generation. Counts against
 * `avatar_generation` (3/h); failures and rejected attempts record failed usage rows.
 */
export function registerHeroAvatarRoutes(app: Hono, context: FakePlatformContext): void {
  app.post('/api/v1/heroes/:heroId/avatar', async (c) => {
    const session = await context.authenticate(c.req.raw);
    if (!session) return unauthorized();
    const userId = session.userId;
    const started = context.now().getTime();
    const recordFailure = (message: string) =>
      context.rateLimits.record(userId, 'avatar_generation', false, message, {
        requestDuration: context.now().getTime() - started,
      });

    const body = await readJson(c.req.raw);
    if (!body.ok) {
      recordFailure(body.message);
      return internalError();
    }
    const hero = loadOwnedHero(context, c.req.param('heroId'), userId);
    if (hero instanceof Response) return hero;
    const check = context.rateLimits.check(userId, 'avatar_generation');
    if (!check.allowed) {
      const message = rateLimitMessage('avatar_generation', check);
      recordFailure(message);
      return fail('RateLimitExceeded', message, 429);
    }

    const latency = context.generationLatencyMs();
    if (latency > 0) await abortableSleep(latency, c.req.raw.signal);
    if (!aiAvailable(context)) {
      recordFailure('Connection error.');
      return internalError();
    }
    const generatedAt = context.now();
    const key = `avatar/${userId}/${generatedAt.getTime()}-${hero.id}.png`;
    const storedUrl = context.media.put(key, 'image/png', fakePngBytes(`avatar:${hero.id}:${key}`));
    Object.assign(hero, {
      avatarUrl: storedUrl,
      avatarPrompt: avatarPrompt(hero),
      avatarGenerationId: key,
      updatedAt: generatedAt,
    });
    context.rateLimits.record(userId, 'avatar_generation', true, undefined, {
      estimatedCost: 0.04,
      requestDuration: generatedAt.getTime() - started,
    });
    return ok(
      { heroId: hero.id, avatarUrl: context.media.sign(storedUrl), generationId: key },
      'Avatar generated successfully',
    );
  });
}
