/**
 * Online-only operations against the fake backend through the real API client (the network is
 * faked only at the fetch boundary).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createApiClient } from '../../src/api/api-client.js';
import {
  isOfflineError,
  isRateLimitError,
  isValidationError,
  type RateLimitError,
  type ValidationError,
} from '../../src/errors/index.js';
import { createRepositories } from '../../src/repositories/create-repositories.js';
import type { IllustrationStatusReport } from '../../src/schemas/illustration.js';
import type { ServerRow } from '../../src/store/id-map.js';
import { type LocalStore, openLocalStore } from '../../src/store/local-store.js';
import { createFakeBackend, type FakeBackend } from '../../src/testing/index.js';
import { openTestStore } from './helpers.js';

let backend: FakeBackend;
let token: string;
let counter = 0;

beforeAll(async () => {
  backend = createFakeBackend({ authRateLimit: false, rateLimits: { story_generation: 3 } });
  ({ token } = await backend.createUser({
    email: 'online@example.test',
    password: 'password123',
    name: 'On',
  }));
});

async function setup() {
  const requests: string[] = [];
  const api = createApiClient({
    baseUrl: backend.baseUrl,
    fetch: (input, init) => {
      const request = new Request(input, init);
      requests.push(`${request.method} ${new URL(request.url).pathname}`);
      return backend.fetch(request);
    },
    auth: { getAuthorization: () => `Bearer ${token}`, onUnauthorized: async () => 'fail' },
    retry: { limit: 2, baseDelayMs: 1 },
  });
  const connectivity = { online: true, isOnline: () => connectivity.online };
  const { store, storage } = await openTestStore({ idPrefix: `t${++counter}` });
  const repos = createRepositories({ store, api, connectivity });
  return { store, storage, api, connectivity, requests, ...repos };
}

/** A minimal pusher for heroes and events (the sync engine's job), so online calls can run. */
async function push(store: LocalStore, api: ApiClient): Promise<void> {
  for (const entry of store.outbox.entries()) {
    const sent = await store.outbox.markInFlight(entry.mutationId);
    if (sent.collection === 'heroes' && sent.op === 'create') {
      const row = await api.heroes.create(sent.patch as never);
      await store.outbox.ack(sent.mutationId, row as unknown as ServerRow);
    } else if (sent.collection === 'customEvents' && sent.op === 'create') {
      const row = await api.customEvents.create(sent.patch as never);
      await store.outbox.ack(sent.mutationId, row as unknown as ServerRow);
    } else {
      throw new Error(`test pusher: unsupported ${sent.collection} ${sent.op}`);
    }
  }
}

describe('online-only operations', () => {
  it('fail fast offline with OfflineError, sending nothing', async () => {
    const { heroes, stories, customEvents, visualProfiles, connectivity, requests, store, api } =
      await setup();
    const hero = await heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    const event = await customEvents.create({ title: 'Beach', promptSeed: 'A day at the beach' });
    await push(store, api);
    requests.length = 0;
    connectivity.online = false;
    const attempts = [
      stories.generate({ heroId: hero.id, language: 'en' }),
      heroes.generateAvatar(hero.id),
      customEvents.enhance(event.id),
      visualProfiles.extract(hero.id),
    ];
    for (const attempt of attempts)
      expect(isOfflineError(await attempt.catch((e: unknown) => e))).toBe(true);
    expect(requests).toEqual([]);
  });

  it('refuse records that are not on the server yet', async () => {
    const { heroes, stories, requests } = await setup();
    const hero = await heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    const error = await stories
      .generate({ heroId: hero.id, language: 'en' })
      .catch((e: unknown) => e);
    expect(isValidationError(error)).toBe(true);
    expect((error as ValidationError).field).toBe('heroId');
    expect(requests).toEqual([]);
  });

  it('generate a story, its audio, a play and its illustrations, writing results into the store', async () => {
    const { heroes, stories, illustrations, store, api } = await setup();
    const hero = await heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    await push(store, api);

    const story = await stories.generate({ heroId: hero.id, language: 'en' });
    expect(story).toMatchObject({ heroId: hero.id, syncStatus: 'synced', language: 'en' });
    expect(story.serverId).toBe(story.id);
    expect(stories.list({ heroId: hero.id }).map((s) => s.id)).toEqual([story.id]);
    const scenes = illustrations.list(story.id);
    expect(scenes.length).toBeGreaterThan(0);
    expect(scenes.every((scene) => scene.storyId === story.id)).toBe(true);

    const withAudio = await stories.generateAudio(story.id);
    expect(withAudio.audioGenerationStatus).toBe('completed');
    expect(withAudio.audioUrl).toEqual(expect.any(String));

    const played = await stories.markPlayed(story.id);
    expect(played.playCount).toBe(1);
    expect(played.lastPlayedAt).toEqual(expect.any(String));

    backend.setGenerationLatency(60);
    const reports: IllustrationStatusReport[] = [];
    const result = await stories.generateIllustrations(story.id, {
      onProgress: (report) => reports.push(report),
      pollIntervalMs: 5,
    });
    backend.setGenerationLatency(0);
    expect(result.generated).toBe(scenes.length);
    expect(reports.length).toBeGreaterThan(1);
    expect(reports.at(-1)).toMatchObject({ status: 'completed', progress: 100 });
    expect(illustrations.list(story.id).every((i) => i.generationStatus === 'completed')).toBe(
      true,
    );
    expect(stories.get(story.id)?.illustrationStatus).toBe('completed');
  });

  it('keep local edits when a result arrives for a record with queued changes', async () => {
    const { heroes, stories, store, api } = await setup();
    const hero = await heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    await push(store, api);
    const story = await stories.generate({ heroId: hero.id, language: 'en' });
    await stories.update(story.id, { title: 'My title' });
    const played = await stories.markPlayed(story.id);
    expect(played).toMatchObject({ title: 'My title', playCount: 1, syncStatus: 'pendingUpdate' });
  });

  it('avatar, visual-profile extraction and event enhancement store their results', async () => {
    const { heroes, visualProfiles, customEvents, store, api } = await setup();
    const hero = await heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    const event = await customEvents.create({ title: 'Beach', promptSeed: 'A day at the beach' });
    await push(store, api);
    const withAvatar = await heroes.generateAvatar(hero.id, { style: 'standard' });
    expect(withAvatar.avatarUrl).toEqual(expect.any(String));
    expect(withAvatar.avatarGenerationId).toEqual(expect.any(String));
    const profile = await visualProfiles.extract(hero.id);
    expect(profile).toMatchObject({ heroId: hero.id, syncStatus: 'synced' });
    expect(visualProfiles.get(hero.id)).toBe(profile);
    const enhanced = await customEvents.enhance(event.id);
    expect(enhanced).toMatchObject({ id: event.id, aiEnhanced: true, syncStatus: 'synced' });
  });

  it('surface 429 as RateLimitError with resetAt, without retrying', async () => {
    const { heroes, stories, store, api, requests } = await setup();
    const hero = await heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    await push(store, api);
    let error: unknown;
    for (let i = 0; i < 5 && !error; i++) {
      error = await stories.generate({ heroId: hero.id, language: 'en' }).then(
        () => undefined,
        (e: unknown) => e,
      );
    }
    expect(isRateLimitError(error)).toBe(true);
    expect((error as RateLimitError).resetAt).toBeInstanceOf(Date);
    const posts = requests.filter((r) => r === 'POST /api/v1/stories');
    const stored = stories.list().length;
    expect(posts.length).toBe(stored + 1); // each call sent once; the refused one was not retried
  });
});

describe('user profile and usage: network-first with cache fallback', () => {
  it('serves the network when reachable and the cache when not, across restarts', async () => {
    const { user, connectivity, storage, api } = await setup();
    connectivity.online = false;
    expect(isOfflineError(await user.profile().catch((e: unknown) => e))).toBe(true);
    connectivity.online = true;
    const fresh = await user.profile();
    expect(fresh.email).toBe('online@example.test');
    const usage = await user.usage();
    expect(usage.rateLimits.story_generation.limit).toBe(3);

    connectivity.online = false;
    expect(await user.profile()).toEqual(fresh);
    expect((await user.usage()).rateLimits.story_generation.limit).toBe(3);

    // A network failure (not a server answer) also falls back to the cache.
    connectivity.online = true;
    backend.faults.failNext(5, { network: true, match: { path: '/api/v1/user/profile' } });
    expect(await user.profile()).toEqual(fresh);
    backend.faults.clear();

    // The cache is durable in the user's namespace.
    const reopened = await openLocalStore({ storage, userId: 'user-a' });
    const offline = createRepositories({
      store: reopened,
      api,
      connectivity: { isOnline: () => false },
    });
    expect(await offline.user.profile()).toEqual(fresh);
    expect(offline.user.cachedProfile()?.value).toEqual(fresh);

    const renamed = await user.updateProfile({ name: 'Renamed' });
    expect(renamed.name).toBe('Renamed');
    expect(user.cachedProfile()?.value).toMatchObject({ name: 'Renamed', _count: fresh._count });
    connectivity.online = false;
    expect(isOfflineError(await user.updateProfile({ name: 'x' }).catch((e: unknown) => e))).toBe(
      true,
    );
  });
});
