/** Every heroes and visual-profile method of the API client against the fake backend (msw). */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../src/api/api-client.js';
import {
  AuthError,
  ContractError,
  HttpError,
  RateLimitError,
  ValidationError,
} from '../../src/errors/index.js';
import { CUID_PATTERN, ISO_TIMESTAMP_PATTERN } from '../../src/schemas/common.js';
import type { FakeBackendUser } from '../../src/testing/index.js';
import { useContractBackend } from '../support/contract-harness.js';

const harness = useContractBackend();
let alice: { user: FakeBackendUser; api: ApiClient };
let bob: { user: FakeBackendUser; api: ApiClient };

beforeAll(async () => {
  alice = await harness.signUp('Alice');
  bob = await harness.signUp('Bob');
});

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('heroes', () => {
  it('create returns the stored hero with server ids and timestamps', async () => {
    const hero = await alice.api.heroes.create({
      name: 'Max',
      age: 8,
      traits: ['kind'],
      hairColor: 'brown',
      specialAbilities: ['flying'],
      appearance: 'Wears a red cape',
    });
    expect(hero).toMatchObject({
      name: 'Max',
      age: 8,
      userId: alice.user.userId,
      traits: ['kind'],
      hairColor: 'brown',
      eyeColor: null,
      specialAbilities: ['flying'],
      appearance: 'Wears a red cape',
      avatarUrl: null,
      visualProfile: null,
    });
    expect(hero.id).toMatch(CUID_PATTERN);
    expect(hero.createdAt).toMatch(ISO_TIMESTAMP_PATTERN);
  });

  it('get, list and listAll read heroes back, newest first', async () => {
    const { api } = await harness.signUp();
    const created = [];
    for (const name of ['A', 'B', 'C', 'D', 'E']) {
      created.push(await api.heroes.create({ name, age: 5, traits: ['t'] }));
    }
    const first = created[0];
    if (!first) throw new Error('no hero');
    const one = await api.heroes.get(first.id, { includeStories: true });
    expect(one).toMatchObject({ id: first.id, name: 'A', stories: [] });
    const page = await api.heroes.list({ limit: 2, offset: 1 });
    expect(page.heroes.map((h) => h.name)).toEqual(['D', 'C']);
    expect(page.pagination).toEqual({ total: 5, limit: 2, offset: 1, hasMore: true });
    expect(page.heroes[0]?._count.stories).toBe(0);
    const all = await collect(api.heroes.listAll({}, { pageSize: 2 }));
    expect(all.map((h) => h.name)).toEqual(['E', 'D', 'C', 'B', 'A']);
    const pages = await collect(api.heroes.listPages({ includeStories: true }, { pageSize: 2 }));
    expect(pages.map((p) => p.heroes.length)).toEqual([2, 2, 1]);
    expect(pages[0]?.heroes[0]?.stories).toEqual([]);
  });

  it('updatedAfter is strictly greater-than', async () => {
    const { api } = await harness.signUp();
    const hero = await api.heroes.create({ name: 'Edge', age: 5, traits: ['t'] });
    const equal = await api.heroes.list({ updatedAfter: hero.updatedAt });
    expect(equal.heroes).toEqual([]);
    const before = new Date(Date.parse(hero.updatedAt) - 1);
    const earlier = await api.heroes.list({ updatedAfter: before });
    expect(earlier.heroes.map((h) => h.id)).toEqual([hero.id]);
  });

  it('update applies fields; a no-op patch keeps updatedAt', async () => {
    const hero = await alice.api.heroes.create({ name: 'Zed', age: 5, traits: ['t'] });
    const updated = await alice.api.heroes.update(hero.id, {
      age: 9,
      traits: ['wise'],
      appearance: 'tall',
    });
    expect(updated).toMatchObject({ id: hero.id, age: 9, traits: ['wise'], appearance: 'tall' });
    const cleared = await alice.api.heroes.update(hero.id, { appearance: null });
    expect(cleared.appearance).toBeNull();
    const noop = await alice.api.heroes.update(hero.id, {});
    expect(noop.updatedAt).toBe(cleared.updatedAt);
  });

  it('delete removes the hero; later reads are 404 NotFound', async () => {
    const hero = await alice.api.heroes.create({ name: 'Gone', age: 5, traits: ['t'] });
    await expect(alice.api.heroes.delete(hero.id)).resolves.toEqual({ id: hero.id });
    const error = await alice.api.heroes.get(hero.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 404, code: 'NotFound' });
    await expect(alice.api.heroes.delete(hero.id)).rejects.toMatchObject({ status: 404 });
  });

  it("another user's hero is 403 Forbidden", async () => {
    const hero = await alice.api.heroes.create({ name: 'Mine', age: 5, traits: ['t'] });
    await expect(bob.api.heroes.get(hero.id)).rejects.toMatchObject({
      name: 'HttpError',
      status: 403,
      code: 'Forbidden',
    });
    await expect(bob.api.heroes.update(hero.id, { age: 6 })).rejects.toMatchObject({ status: 403 });
  });

  it('client-side validation stops what the server would refuse', async () => {
    await expect(
      alice.api.heroes.create({ name: 'Tiny', age: 2, traits: ['s'] }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('generateAvatar stores a signed avatar; the 4th in an hour is rate limited', async () => {
    const { api } = await harness.signUp();
    const hero = await api.heroes.create({ name: 'Pic', age: 5, traits: ['t'] });
    const avatar = await api.heroes.generateAvatar(hero.id, { style: 'standard' });
    expect(avatar.heroId).toBe(hero.id);
    expect(avatar.avatarUrl).toMatch(/^https?:\/\//);
    expect(avatar.generationId.length).toBeGreaterThan(0);
    const reread = await api.heroes.get(hero.id);
    expect(reread.avatarGenerationId).toBe(avatar.generationId);
    await api.heroes.generateAvatar(hero.id);
    await api.heroes.generateAvatar(hero.id);
    const limited = await api.heroes.generateAvatar(hero.id).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited).toMatchObject({ limitedOperation: 'avatar_generation', limit: 3 });
    expect((limited as RateLimitError).resetAt.getTime()).toBeGreaterThan(Date.now());
  });
});

describe('heroes.visualProfile', () => {
  it('walks the whole lifecycle: 404, create, 409, get, update, extract, delete', async () => {
    const { api } = await harness.signUp();
    const hero = await api.heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    await expect(api.heroes.visualProfile.get(hero.id)).rejects.toMatchObject({ status: 404 });
    const profile = await api.heroes.visualProfile.create(hero.id, {
      hairStyle: 'short curly',
      age: 6,
      colorPalette: ['#ff0000'],
    });
    expect(profile).toMatchObject({
      heroId: hero.id,
      hairStyle: 'short curly',
      age: 6,
      eyeShape: null,
    });
    await expect(
      api.heroes.visualProfile.create(hero.id, { hairStyle: 'long' }),
    ).rejects.toMatchObject({
      status: 409,
      code: 'Conflict',
    });
    await expect(api.heroes.visualProfile.get(hero.id)).resolves.toMatchObject({ id: profile.id });
    const updated = await api.heroes.visualProfile.update(hero.id, { accessories: '' });
    expect(updated.accessories).toBe('');
    // Visual-profile writes do not touch the hero.
    expect((await api.heroes.get(hero.id)).updatedAt).toBe(hero.updatedAt);
    await expect(api.heroes.visualProfile.extract(hero.id)).rejects.toMatchObject({ status: 400 });
    await api.heroes.generateAvatar(hero.id);
    const extracted = await api.heroes.visualProfile.extract(hero.id);
    expect(extracted.heroId).toBe(hero.id);
    await expect(api.heroes.visualProfile.delete(hero.id)).resolves.toEqual({ heroId: hero.id });
    await expect(
      api.heroes.visualProfile.update(hero.id, { hairStyle: 'x' }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe('transport against the fake backend', () => {
  it('no token: AuthError NOT_SIGNED_IN; a dead token: SESSION_EXPIRED', async () => {
    await expect(harness.client(null).heroes.list()).rejects.toMatchObject({
      name: 'AuthError',
      code: 'NOT_SIGNED_IN',
    });
    const error = await harness
      .client('not-a-real-token')
      .heroes.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'SESSION_EXPIRED', status: 401 });
  });

  it('a GET survives injected 503s; a malformed body is a ContractError', async () => {
    harness.backend.faults.failNext(2, { status: 503, match: { method: 'GET' } });
    await expect(alice.api.heroes.list()).resolves.toHaveProperty('pagination');
    harness.backend.faults.malformNext(1, '{"data":{"heroes":[', { match: { method: 'GET' } });
    const error = await alice.api.heroes.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect(error).toMatchObject({ operation: 'heroes.list', status: 200 });
  });

  it('learns the backend clock from its Date headers', async () => {
    harness.backend.clock.advance(10 * 60_000);
    const api = harness.client(alice.user.token);
    await api.health();
    expect(api.clock.getSnapshot().synchronized).toBe(true);
    const expected = harness.backend.clock.now().getTime() - Date.now();
    expect(Math.abs(api.clock.offsetMs() - expected)).toBeLessThanOrEqual(1_500);
  });
});
