/**
 * A signed-in client over the fake backend (through msw) whose story has audio and generated
 * illustrations and whose hero has an avatar, with media on its own R2-like origin.
 */
import type { setupServer } from 'msw/node';
import { createClient, type InfiniteStoriesClient } from '../../src/index.js';
import type { BlobStore } from '../../src/media/blob-store.js';
import type { MediaOptions } from '../../src/media/media-options.js';
import type { MediaRef } from '../../src/media/media-ref.js';
import {
  createFakeBackend,
  type FakeBackend,
  manualConnectivity,
} from '../../src/testing/index.js';

export const R2 = 'https://media-bucket.acct.r2.cloudflarestorage.com';

export const generous = {
  story_generation: 1000,
  audio_generation: 1000,
  avatar_generation: 1000,
  illustration_generation: 1000,
};

export function mediaBackend(): FakeBackend {
  return createFakeBackend({
    authRateLimit: false,
    fastPasswordHashing: true,
    mediaOrigin: R2,
    rateLimits: generous,
  });
}

/** A manual device clock. */
export function manualClock(start = Date.now()) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

let accounts = 0;

export interface Library {
  readonly email: string;
  readonly password: string;
  readonly heroId: string;
  readonly storyId: string;
}

/** Signs up a user with a hero (with avatar) and a story with audio and illustrations. */
export async function createLibrary(
  backend: FakeBackend,
  options: { illustrations?: boolean } = {},
): Promise<Library> {
  const email = `media${++accounts}-${Date.now()}@example.test`;
  const password = 'password-123456';
  const client = createClient({ baseUrl: backend.baseUrl, sync: { autoStart: false } });
  await client.ready;
  await client.auth.signUp({ email, password, name: 'Media' });
  const hero = await client.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
  await client.sync.syncNow();
  await client.heroes.generateAvatar(hero.id);
  const story = await client.stories.generate({ heroId: hero.id, language: 'en' });
  await client.stories.generateAudio(story.id);
  if (options.illustrations !== false) {
    await client.stories.generateIllustrations(story.id, { pollIntervalMs: 1 });
  }
  const heroId = client.heroes.get(hero.id)?.serverId ?? hero.id;
  await client.close();
  return { email, password, heroId, storyId: story.id };
}

export interface DeviceOptions {
  readonly blobStore?: BlobStore | undefined;
  readonly media?: MediaOptions | undefined;
  readonly clock?: { now(): number } | undefined;
  /** Reconcile deletions on every pull. */
  readonly reconcileEveryPull?: boolean | undefined;
}

/** A client signed in to `library`'s account, with its records pulled. */
export async function openDevice(
  backend: FakeBackend,
  library: Library,
  options: DeviceOptions = {},
) {
  const connectivity = manualConnectivity();
  const client: InfiniteStoriesClient = createClient({
    baseUrl: backend.baseUrl,
    sync: {
      autoStart: false,
      ...(options.reconcileEveryPull ? { reconcile: { everyPulls: 1 } } : {}),
    },
    keepAlive: false,
    connectivity,
    ...(options.blobStore ? { blobStore: options.blobStore } : {}),
    ...(options.media ? { media: options.media } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  await client.ready;
  await client.auth.signIn({ email: library.email, password: library.password });
  await client.sync.syncNow();
  const refs = storyRefs(client, library.storyId);
  const avatar = client.heroes.avatarRef(library.heroId);
  if (!avatar) throw new Error('harness: the hero has no avatar ref');
  return { client, connectivity, refs, avatar };
}

/** The audio ref and illustration refs of a story. */
export function storyRefs(client: InfiniteStoriesClient, storyId: string) {
  const audio = client.stories.audioRef(storyId);
  if (!audio) throw new Error('harness: the story has no audio ref');
  const images = client.illustrations
    .list(storyId)
    .map((illustration) => client.illustrations.imageRef(illustration.id))
    .filter((ref): ref is MediaRef => ref !== null);
  return { audio, images, all: [audio, ...images] };
}

/** Requests to the media origin seen by `server` (method, url, headers), from now on. */
export function watchMedia(server: ReturnType<typeof setupServer>) {
  const media: Request[] = [];
  const api: Request[] = [];
  const listener = ({ request }: { request: Request }) => {
    (request.url.startsWith(R2) ? media : api).push(request.clone());
  };
  server.events.on('request:start', listener);
  return {
    media,
    api,
    stop: () => server.events.removeListener('request:start', listener),
  };
}

/** The bytes the fake backend stores for a ref's signed URL. */
export function storedBytes(backend: FakeBackend, url: string): Uint8Array {
  const key = decodeURIComponent(new URL(url).pathname.slice(1));
  const object = backend.db.media.get(key);
  if (!object) throw new Error(`harness: no stored media at ${key}`);
  return object.bytes;
}
