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

  it('fails story, audio, illustration generation and the AI proxies like the recording (119, 138, 147)', async () => {
    const backend = createFakeBackend({
      authRateLimit: false,
      fastPasswordHashing: true,
      aiAvailable: false,
    });
    const { token, userId } = await newUser(backend);
    const hero = await createHero(backend, token);
    const body = { heroId: hero.id, language: 'en', eventType: 'Bedtime Adventure' };

    const story = await call(backend, 'POST', '/api/v1/stories', { token, body });
    expect(story.status).toBe(500);
    expect(story.body).toEqual(INTERNAL);
    expect(backend.db.stories.size).toBe(0);
    const failedRow = backend.db.apiUsage.at(-1);
    expect(failedRow).toMatchObject({
      operation: 'story_generation',
      success: false,
      errorMessage: 'Connection error.',
    });
    expect(failedRow?.requestDuration).toBeGreaterThanOrEqual(0);
    expect((await backend.getUser(userId))?.totalStoriesGenerated).toBe(0);

    backend.setAiAvailable(true);
    const created = await call(backend, 'POST', '/api/v1/stories', { token, body });
    expect(created.status).toBe(201);
    const storyId: string = created.body.data.id;
    backend.setAiAvailable(false);

    const audio = await call(backend, 'POST', `/api/v1/stories/${storyId}/audio`, {
      token,
      body: {},
    });
    expect(audio.status).toBe(500);
    expect(audio.body).toEqual(INTERNAL);
    expect(backend.db.stories.get(storyId)).toMatchObject({
      audioUrl: null,
      audioGenerationStatus: 'failed',
      audioGenerationError: 'Audio generation failed',
    });
    expect(backend.db.apiUsage.at(-1)).toMatchObject({
      operation: 'audio_generation',
      success: false,
      errorMessage: 'Connection error.',
    });

    const illustrations = await call(backend, 'POST', `/api/v1/stories/${storyId}/illustrations`, {
      token,
      body: {},
    });
    expect(illustrations.status).toBe(200);
    expect(illustrations.body.data.generated).toBe(0);
    expect(illustrations.body.data.failed).toBeGreaterThan(0);
    const scenes = [...backend.db.illustrations.values()].filter((r) => r.storyId === storyId);
    expect(scenes.every((r) => r.generationStatus === 'failed')).toBe(true);
    expect(scenes[0]?.generationError).toBe('Connection error.');
    expect(backend.db.stories.get(storyId)?.illustrationStatus).toBe('failed');

    const proxies: [string, unknown][] = [
      ['generate-title', { description: 'A brave girl finds a dragon egg', language: 'en' }],
      ['generate-keywords', { event: 'Birthday', description: 'A party' }],
      ['enhance-prompt', { title: 'Birthday', description: 'A party' }],
      ['sanitize-prompt', { prompt: 'A party' }],
    ];
    const before = backend.db.apiUsage.length;
    for (const [name, input] of proxies) {
      const reply = await call(backend, 'POST', `/api/v1/ai-assistant/${name}`, {
        token,
        body: input,
      });
      expect(reply.status).toBe(500);
      expect(reply.body).toEqual(INTERNAL);
    }
    // Validation still comes first (148), and the proxies never record usage.
    const invalid = await call(backend, 'POST', '/api/v1/ai-assistant/generate-title', {
      token,
      body: { description: 'x', language: 'pt' },
    });
    expect(invalid.status).toBe(400);
    expect(backend.db.apiUsage.length).toBe(before);
  });
});
