import { beforeAll, describe, expect, it } from 'vitest';
import { createFakeBackend, type FakeBackend } from '../../src/testing/index.js';
import { CUID, call, createHero, newUser } from './harness.js';

describe('visual profile routes (CONTRACT.md §5.1, §11.2 E26)', () => {
  let backend: FakeBackend;
  let token: string;
  let otherToken: string;

  beforeAll(async () => {
    backend = createFakeBackend({ authRateLimit: false, fastPasswordHashing: true });
    [{ token }, { token: otherToken }] = await Promise.all([newUser(backend), newUser(backend)]);
  });

  it('walks the 404 → 201 → 409 → PATCH → DELETE lifecycle without touching the hero', async () => {
    const hero = await createHero(backend, token);
    const path = `/api/v1/heroes/${hero.id}/visual-profile`;
    const before = await call(backend, 'GET', path, { token });
    expect(before.status).toBe(404);
    expect(before.body).toEqual({
      error: 'NotFound',
      message: 'Visual profile not found for this hero',
    });
    const patchMissing = await call(backend, 'PATCH', path, {
      token,
      body: { hairStyle: 'braids' },
    });
    expect(patchMissing.status).toBe(404);
    expect(patchMissing.body.message).toBe(
      'Visual profile not found for this hero. Use POST to create.',
    );

    backend.clock.advance(20);
    const created = await call(backend, 'POST', path, {
      token,
      body: { hairStyle: 'short curly', age: 6, colorPalette: ['#ff0000'], unknown: 'x' },
    });
    expect(created.status).toBe(201);
    expect(created.body.message).toBe('Visual profile created successfully');
    expect(created.body.data).toMatchObject({
      heroId: hero.id,
      hairStyle: 'short curly',
      hairTexture: null,
      age: 6,
      colorPalette: ['#ff0000'],
      simplifiedPrompt: null,
    });
    expect(created.body.data.id).toMatch(CUID);
    expect('unknown' in created.body.data).toBe(false);
    expect(Object.keys(created.body.data)).toEqual([
      'id',
      'heroId',
      'hairStyle',
      'hairColor',
      'hairTexture',
      'eyeColor',
      'eyeShape',
      'skinTone',
      'facialFeatures',
      'bodyType',
      'height',
      'age',
      'typicalClothing',
      'colorPalette',
      'accessories',
      'artStyle',
      'visualKeywords',
      'canonicalPrompt',
      'simplifiedPrompt',
      'createdAt',
      'updatedAt',
    ]);

    const again = await call(backend, 'POST', path, { token, body: { hairStyle: 'long' } });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      error: 'Conflict',
      message: 'Visual profile already exists for this hero. Use PATCH to update.',
    });

    backend.clock.advance(20);
    const patched = await call(backend, 'PATCH', path, { token, body: { accessories: '' } });
    expect(patched.status).toBe(200);
    expect(patched.body.message).toBe('Visual profile updated successfully');
    expect(patched.body.data.accessories).toBe('');
    expect(patched.body.data.hairStyle).toBe('short curly');
    expect(Date.parse(patched.body.data.updatedAt)).toBeGreaterThan(
      Date.parse(created.body.data.updatedAt),
    );

    const heroNow = await call(backend, 'GET', `/api/v1/heroes/${hero.id}`, { token });
    expect(heroNow.body.data.updatedAt).toBe(hero.updatedAt);
    expect(heroNow.body.data.visualProfileId).toBeNull();
    expect(heroNow.body.data.visualProfile.id).toBe(created.body.data.id);
    const sync = await call(
      backend,
      'GET',
      `/api/v1/heroes?updatedAfter=${encodeURIComponent(hero.updatedAt)}`,
      { token },
    );
    expect(sync.body.data.heroes).toEqual([]);

    const deleted = await call(backend, 'DELETE', path, { token });
    expect(deleted.body).toEqual({
      data: { heroId: hero.id },
      message: 'Visual profile deleted successfully',
    });
    expect((await call(backend, 'GET', path, { token })).status).toBe(404);
    expect((await call(backend, 'DELETE', path, { token })).status).toBe(404);
    expect(
      (await call(backend, 'GET', `/api/v1/heroes/${hero.id}`, { token })).body.data.updatedAt,
    ).toBe(hero.updatedAt);
  });

  it('rejects bad bodies with 400 and zod flatten() details; malformed JSON is a 500', async () => {
    const hero = await createHero(backend, token);
    const path = `/api/v1/heroes/${hero.id}/visual-profile`;
    const badCreate = await call(backend, 'POST', path, {
      token,
      body: { colorPalette: 'red', age: 'six' },
    });
    expect(badCreate.status).toBe(400);
    expect(badCreate.body).toEqual({
      error: 'ValidationError',
      message: 'Invalid request body',
      details: {
        formErrors: [],
        fieldErrors: {
          age: ['Invalid input: expected number, received string'],
          colorPalette: ['Invalid input: expected array, received string'],
        },
      },
    });
    await call(backend, 'POST', path, { token, body: {} });
    const badPatch = await call(backend, 'PATCH', path, { token, body: { age: 'six' } });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.details.fieldErrors.age).toHaveLength(1);
    for (const method of ['POST', 'PATCH']) {
      const malformed = await call(backend, method, path, { token, raw: '{' });
      expect(malformed.status).toBe(500);
      expect(malformed.body.error).toBe('InternalServerError');
    }
  });

  it('checks the hero first: 404 for a missing hero, 403 for another user’s', async () => {
    const missing = await call(
      backend,
      'GET',
      '/api/v1/heroes/cnonexistent000000000000000/visual-profile',
      {
        token,
      },
    );
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('Hero not found');
    const hero = await createHero(backend, token);
    for (const method of ['GET', 'POST', 'PATCH', 'DELETE']) {
      const reply = await call(backend, method, `/api/v1/heroes/${hero.id}/visual-profile`, {
        token: otherToken,
        ...(method === 'POST' || method === 'PATCH' ? { body: {} } : {}),
      });
      expect(reply.status).toBe(403);
    }
  });

  it('extract needs an avatar (400), then creates (201) and re-extracts (200)', async () => {
    const hero = await createHero(backend, token, { hairColor: 'red' });
    const path = `/api/v1/heroes/${hero.id}/visual-profile/extract`;
    const noAvatar = await call(backend, 'POST', path, { token });
    expect(noAvatar.status).toBe(400);
    expect(noAvatar.body).toEqual({
      error: 'BadRequest',
      message:
        'Hero does not have an avatar. Generate an avatar first before extracting visual profile.',
    });
    expect((await call(backend, 'POST', path, { token: otherToken })).status).toBe(403);
    await call(backend, 'POST', `/api/v1/heroes/${hero.id}/avatar`, { token, body: {} });
    const first = await call(backend, 'POST', path, { token });
    expect(first.status).toBe(201);
    expect(first.body.message).toBe('Visual profile extracted successfully');
    expect(first.body.data).toMatchObject({ heroId: hero.id, hairColor: 'red', age: 6 });
    expect(first.body.data.canonicalPrompt).toContain('Luna');
    backend.clock.advance(5);
    const second = await call(backend, 'POST', path, { token });
    expect(second.status).toBe(200);
    expect(second.body.message).toBe('Visual profile re-extracted successfully');
    expect(second.body.data.id).toBe(first.body.data.id);
  });
});
