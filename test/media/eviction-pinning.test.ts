/**
 * Eviction with a driven device clock (TTL per kind, LRU under the budget), pinning, pinStory,
 * clear, superseded versions, media dropped with deleted records, and the sign-out wipe.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MediaError } from '../../src/index.js';
import { memoryBlobStore } from '../../src/media/memory-blob-store.js';
import { fakeBackendHandlers } from '../../src/testing/index.js';
import {
  createLibrary,
  type Library,
  manualClock,
  mediaBackend,
  openDevice,
  storyRefs,
} from './harness.js';

const DAY = 86_400_000;
const backend = mediaBackend();
const server = setupServer(...fakeBackendHandlers(backend));
let library: Library;
const opened: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  library = await createLibrary(backend);
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((client) => client.close()));
});
afterAll(() => server.close());

async function device(options: Parameters<typeof openDevice>[2] = {}) {
  const world = await openDevice(backend, library, options);
  opened.push(world.client);
  return world;
}

/** Size of each illustration (the fake backend's PNGs of one story share a size). */
async function sizes() {
  const { client, refs } = await device();
  const image = await client.media.get(refs.images[0] ?? refs.audio);
  const audio = await client.media.get(refs.audio);
  return { image: image.size, audio: audio.size };
}

describe('eviction', () => {
  it('per-kind max age, counted from the last use: audio after 30 days, avatars kept', async () => {
    const clock = manualClock();
    const { client, refs, avatar } = await device({ clock });
    await client.media.get(refs.audio);
    await client.media.get(avatar);
    const image = refs.images[0] ?? refs.audio;
    await client.media.get(image);
    clock.advance(17 * DAY);
    await client.media.get(image); // used again (not evicted yet): its 14 days start over
    clock.advance(13 * DAY + 1);
    expect(await client.media.evict()).toMatchObject({ evicted: 1 });
    expect(await client.media.has(refs.audio)).toBe(false);
    expect(await client.media.has(avatar)).toBe(true);
    expect(await client.media.has(image)).toBe(true);
    clock.advance(60 * DAY);
    await client.media.evict();
    expect(await client.media.has(avatar)).toBe(false);
    expect((await client.media.stats()).entries).toBe(0);
  });

  it('custom max ages, and pinned items outlive them', async () => {
    const clock = manualClock();
    const { client, refs } = await device({ clock, media: { maxAgeMs: { audio: 1000 } } });
    await client.media.pin(refs.audio);
    await client.media.get(refs.images[0] ?? refs.audio);
    clock.advance(90 * DAY);
    await client.media.evict();
    expect(await client.media.has(refs.audio)).toBe(true);
    expect(await client.media.has(refs.images[0] ?? refs.audio)).toBe(false);
  });

  it('LRU under the budget: the least recently used goes first; the budget is never exceeded', async () => {
    const { image } = await sizes();
    const clock = manualClock();
    const { client, refs } = await device({ clock, media: { maxBytes: image * 2 } });
    const [a, b, c] = refs.images;
    if (!a || !b || !c) throw new Error('the story needs three illustrations');
    await client.media.get(a);
    clock.advance(1000);
    await client.media.get(b);
    clock.advance(1000);
    await client.media.get(a); // a is now more recent than b
    clock.advance(1000);
    await client.media.get(c);
    expect(await client.media.has(a)).toBe(true);
    expect(await client.media.has(b)).toBe(false);
    expect(await client.media.has(c)).toBe(true);
    const stats = await client.media.stats();
    expect(stats.usedBytes).toBeLessThanOrEqual(stats.maxBytes);
  });
});

describe('pinning', () => {
  it('pinned items are never evicted and count against the budget; a full budget refuses', async () => {
    const { image } = await sizes();
    const store = memoryBlobStore();
    const { client, refs } = await device({ blobStore: store, media: { maxBytes: image * 2 } });
    const [a, b, c] = refs.images;
    if (!a || !b || !c) throw new Error('the story needs three illustrations');
    await client.media.pin(a);
    await client.media.pin(b);
    expect(await client.media.stats()).toMatchObject({ pinnedEntries: 2, pinnedBytes: image * 2 });
    const before = await store.list();
    const error = await client.media.get(c).catch((e: unknown) => e);
    expect(error instanceof MediaError && error.code).toBe('OVER_BUDGET');
    expect(await store.list()).toEqual(before);
    await client.media.unpin(b);
    await client.media.get(c);
    expect(await client.media.has(a)).toBe(true);
    expect(await client.media.has(b)).toBe(false);
  });

  it('pinStory downloads and pins audio and illustrations; unpinStory releases them', async () => {
    const { client, refs, connectivity } = await device();
    const result = await client.media.pinStory(library.storyId);
    expect(result.failed).toEqual([]);
    expect(result.ok).toHaveLength(refs.all.length);
    const stats = await client.media.stats();
    expect(stats.pinnedEntries).toBe(refs.all.length);
    connectivity.goOffline();
    for (const ref of refs.all) expect((await client.media.get(ref)).pinned).toBe(true);
    await client.media.unpinStory(library.storyId);
    expect((await client.media.stats()).pinnedEntries).toBe(0);
  });

  it('clear() keeps pinned items; clear({ pinned: true }) removes everything', async () => {
    const { client, refs } = await device();
    await client.media.pin(refs.audio);
    await client.media.get(refs.images[0] ?? refs.audio);
    expect(await client.media.clear()).toMatchObject({ evicted: 1 });
    expect(await client.media.has(refs.audio)).toBe(true);
    await client.media.clear({ pinned: true });
    expect((await client.media.stats()).entries).toBe(0);
  });
});

describe('media follows its records', () => {
  it('new audio is a new ref; storing it drops the old version (unless pinned)', async () => {
    const own = await createLibrary(backend, { illustrations: false });
    const world = await openDevice(backend, own);
    opened.push(world.client);
    const { client } = world;
    const old = world.refs.audio;
    await client.media.get(old);
    await client.stories.generateAudio(own.storyId, { regenerate: true } as never);
    const fresh = client.stories.audioRef(own.storyId);
    expect(fresh && fresh.version !== old.version).toBe(true);
    if (!fresh) return;
    await client.media.get(fresh);
    expect(await client.media.has(old)).toBe(false);
    expect(await client.media.has(fresh)).toBe(true);
  });

  it('a deleted story takes its audio and illustrations with it (pinned too)', async () => {
    const own = await createLibrary(backend);
    const world = await openDevice(backend, own);
    opened.push(world.client);
    const { client, refs, avatar } = world;
    await client.media.pinStory(own.storyId);
    await client.media.get(avatar);
    await client.stories.delete(own.storyId);
    expect(await client.media.has(refs.audio)).toBe(true); // not before the server confirms
    await client.sync.syncNow();
    for (const ref of refs.all) expect(await client.media.has(ref)).toBe(false);
    expect(await client.media.has(avatar)).toBe(true);
  });

  it('a deleted hero takes its avatar and its stories’ media', async () => {
    const own = await createLibrary(backend, { illustrations: false });
    const world = await openDevice(backend, own);
    opened.push(world.client);
    const { client, refs, avatar } = world;
    await client.media.prefetch([avatar, refs.audio]);
    await client.heroes.delete(own.heroId);
    await client.sync.syncNow();
    expect(backend.db.heroes.has(own.heroId)).toBe(false);
    expect(await client.media.has(avatar)).toBe(false);
    expect(await client.media.has(refs.audio)).toBe(false);
  });

  it('signing out wipes the user’s media from the blob store', async () => {
    const store = memoryBlobStore();
    const { client, refs } = await device({ blobStore: store });
    await client.media.pinStory(library.storyId);
    expect((await store.list()).length).toBe(refs.all.length);
    await client.auth.signOut();
    expect(await store.list()).toEqual([]);
  });

  it('another user on the same device sees none of the first user’s media', async () => {
    const other = await createLibrary(backend, { illustrations: false });
    const store = memoryBlobStore();
    const first = await device({ blobStore: store });
    await first.client.media.get(first.refs.audio);
    await first.client.close();
    const second = await openDevice(backend, other, { blobStore: store });
    opened.push(second.client);
    expect(await second.client.media.has(first.refs.audio)).toBe(false);
    expect((await second.client.media.stats()).entries).toBe(0);
    expect((await second.client.media.stats()).usedBytes).toBeGreaterThan(0);
    expect(storyRefs(second.client, other.storyId).audio).not.toEqual(first.refs.audio);
  });
});
