import { describe, expect, it } from 'vitest';
import { createFakeBackend } from '../../src/testing/index.js';
import { call, createHero, newUser } from './harness.js';

const INTERNAL = { error: 'InternalServerError', message: 'An unexpected error occurred' };

describe('unreachable OpenAI mode (as recorded: CONTRACT.md §11.2 C19)', () => {
  it('fails avatar, enhance and extract with 500; only the avatar records a failed usage row', async () => {
    const backend = createFakeBackend({
      authRateLimit: false,
      fastPasswordHashing: true,
      aiAvailable: false,
    });
    const { token, userId } = await newUser(backend);
    const hero = await createHero(backend, token);
    const avatar = await call(backend, 'POST', `/api/v1/heroes/${hero.id}/avatar`, {
      token,
      body: { style: 'standard' },
    });
    expect(avatar.status).toBe(500);
    expect(avatar.body).toEqual(INTERNAL);
    expect(backend.db.heroes.get(hero.id)?.avatarUrl).toBeNull();
    expect(backend.db.apiUsage.map((r) => [r.userId, r.operation, r.success])).toEqual([
      [userId, 'avatar_generation', false],
    ]);

    const event = await call(backend, 'POST', '/api/v1/custom-events', {
      token,
      body: { title: 'T', promptSeed: 'p' },
    });
    const enhance = await call(
      backend,
      'POST',
      `/api/v1/custom-events/${event.body.data.id}/enhance`,
      {
        token,
        body: {},
      },
    );
    expect(enhance.status).toBe(500);
    expect(enhance.body).toEqual(INTERNAL);
    expect(backend.db.customEvents.get(event.body.data.id)?.aiEnhanced).toBe(false);

    backend.setAiAvailable(true);
    await call(backend, 'POST', `/api/v1/heroes/${hero.id}/avatar`, { token, body: {} });
    backend.setAiAvailable(false);
    const extract = await call(
      backend,
      'POST',
      `/api/v1/heroes/${hero.id}/visual-profile/extract`,
      {
        token,
      },
    );
    expect(extract.status).toBe(500);
    expect(backend.db.visualProfiles.size).toBe(0);
    expect(backend.db.apiUsage).toHaveLength(2);
  });
});
