/**
 * client.media against the fake backend's media routes through msw, with media on its own
 * R2-like origin: downloads, sharing, abort, expired URLs, offline, integrity, refs.
 */
import { resolveObjectURL } from 'node:buffer';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, MediaError, OfflineError, SdkError } from '../../src/index.js';
import type { MediaProgress } from '../../src/media/download.js';
import { memoryBlobStore } from '../../src/media/memory-blob-store.js';
import { fakeBackendHandlers } from '../../src/testing/index.js';
import {
  createLibrary,
  type Library,
  mediaBackend,
  openDevice,
  R2,
  watchMedia,
} from './harness.js';

const backend = mediaBackend();
const server = setupServer(...fakeBackendHandlers(backend));
let library: Library;
const opened: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  library = await createLibrary(backend);
});
afterEach(async () => {
  server.resetHandlers();
  backend.faults.clear();
  await Promise.all(opened.splice(0).map((client) => client.close()));
});
afterAll(() => server.close());

async function device(options: Parameters<typeof openDevice>[2] = {}) {
  const world = await openDevice(backend, library, options);
  opened.push(world.client);
  return world;
}

const serverBytes = (url: string | null | undefined) => {
  const key = decodeURIComponent(new URL(url ?? '').pathname.slice(1));
  return [...(backend.db.media.get(key)?.bytes ?? [])];
};

describe('media.get', () => {
  it('a hit after a restart counts what the cache already held (the snapshot, not only stats())', async () => {
    const blobStore = memoryBlobStore();
    const first = await device({ blobStore });
    await first.client.media.get(first.refs.audio);
    await first.client.close();
    const { client, refs } = await device({ blobStore });
    const hit = await client.media.get(refs.audio);
    expect(hit.fromCache).toBe(true);
    expect(client.media.getSnapshot()).toMatchObject({
      entries: 1,
      bytes: hit.size,
      hits: 1,
      misses: 0,
      byKind: { audio: { entries: 1, bytes: hit.size } },
    });
  });

  it('downloads with progress, then serves the same bytes from the cache without a request', async () => {
    const { client, refs } = await device();
    const seen = watchMedia(server);
    const progress: MediaProgress[] = [];
    const first = await client.media.get(refs.audio, { onProgress: (p) => progress.push(p) });
    const expected = serverBytes(client.stories.get(library.storyId)?.audioUrl);
    expect(first.fromCache).toBe(false);
    expect(first.contentType).toBe('audio/mpeg');
    expect([...(await first.bytes())]).toEqual(expected);
    expect(progress[0]).toEqual({ loaded: 0, total: expected.length });
    expect(progress.at(-1)).toEqual({ loaded: expected.length, total: expected.length });
    const second = await client.media.get(refs.audio);
    expect(second.fromCache).toBe(true);
    expect([...(await second.bytes())]).toEqual(expected);
    expect(seen.media).toHaveLength(1);
    seen.stop();
    expect(await client.media.stats()).toMatchObject({
      entries: 1,
      bytes: expected.length,
      hits: 1,
      misses: 1,
      hitRate: 0.5,
      byKind: { audio: { entries: 1, bytes: expected.length } },
    });
  });

  it('never sends the session token or cookies to the media host (but does to the API)', async () => {
    const { client, refs, avatar } = await device();
    const seen = watchMedia(server);
    backend.clock.advance(16 * 60 * 1000); // the pulled URLs are expired: one refresh via the API
    await client.media.get(avatar);
    await client.media.get(refs.images[0] ?? refs.audio);
    seen.stop();
    backend.clock.advance(-16 * 60 * 1000);
    expect(seen.media.length).toBeGreaterThanOrEqual(2);
    for (const request of seen.media) {
      expect(request.headers.get('authorization')).toBeNull();
      expect(request.headers.get('cookie')).toBeNull();
    }
    expect(seen.api.length).toBeGreaterThan(0);
    for (const request of seen.api)
      expect(request.headers.get('authorization')).toMatch(/^Bearer /);
  });

  it('shares one download among concurrent callers, each with its own progress', async () => {
    const { client, refs } = await device();
    const seen = watchMedia(server);
    const calls = [[], [], []] as MediaProgress[][];
    const results = await Promise.all(
      calls.map((log) => client.media.get(refs.audio, { onProgress: (p) => log.push(p) })),
    );
    seen.stop();
    expect(seen.media).toHaveLength(1);
    const sizes = results.map((r) => r.size);
    expect(new Set(sizes).size).toBe(1);
    for (const log of calls) expect(log.at(-1)?.loaded).toBe(sizes[0]);
  });

  it('abort: a caller that leaves rejects with AbortError; the download goes on for the others', async () => {
    const { client, refs } = await device();
    backend.faults.delay(200, { path: /^\/audio\// });
    const leaving = new AbortController();
    const staying = client.media.get(refs.audio);
    const left = client.media.get(refs.audio, { signal: leaving.signal });
    leaving.abort();
    await expect(left).rejects.toBeInstanceOf(AbortError);
    const content = await staying;
    expect(content.size).toBeGreaterThan(0);
  });

  it('abort: when the only caller leaves, the download stops and nothing is stored', async () => {
    const { client, refs } = await device();
    backend.faults.delay(10_000, { path: /^\/audio\// });
    const controller = new AbortController();
    const pending = client.media.get(refs.audio, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(await client.media.has(refs.audio)).toBe(false);
    expect((await client.media.stats()).entries).toBe(0);
  });

  it('an expired URL (403 from storage) re-fetches the owning record once and retries', async () => {
    const { client, refs } = await device();
    backend.clock.advance(16 * 60 * 1000); // the device clock does not know: storage says 403
    const seen = watchMedia(server);
    const content = await client.media.get(refs.audio);
    seen.stop();
    backend.clock.advance(-16 * 60 * 1000);
    expect(content.size).toBeGreaterThan(0);
    expect(seen.media).toHaveLength(2);
    expect(seen.api.map((r) => new URL(r.url).pathname)).toEqual([
      `/api/v1/stories/${library.storyId}/audio`,
    ]);
  });

  it('a URL storage keeps refusing after the refresh fails with URL_EXPIRED (one refresh only)', async () => {
    const { client, refs } = await device();
    server.use(http.get(`${R2}/*`, () => new HttpResponse('<Error/>', { status: 403 })));
    const seen = watchMedia(server);
    const error = await client.media.get(refs.audio).catch((e: unknown) => e);
    seen.stop();
    expect(error instanceof MediaError && error.code).toBe('URL_EXPIRED');
    expect(error).toBeInstanceOf(SdkError);
    expect(seen.api).toHaveLength(1);
    expect(String((error as Error).message)).not.toContain('X-Amz-Signature');
  });

  it('offline: serves what is cached, throws OfflineError for the rest, sends nothing', async () => {
    const { client, refs, connectivity } = await device();
    await client.media.get(refs.audio);
    connectivity.goOffline();
    const seen = watchMedia(server);
    expect((await client.media.get(refs.audio)).fromCache).toBe(true);
    await expect(client.media.get(refs.images[0] ?? refs.audio)).rejects.toBeInstanceOf(
      OfflineError,
    );
    seen.stop();
    expect([...seen.media, ...seen.api]).toHaveLength(0);
  });
});

describe('integrity: a bad download is never stored and raises MediaError', () => {
  const cases: [string, () => Response, string][] = [
    [
      'a body shorter than its Content-Length',
      () =>
        new HttpResponse(new Uint8Array(10), {
          headers: { 'content-type': 'audio/mpeg', 'content-length': '1000' },
        }),
      'TRUNCATED',
    ],
    [
      'a body that breaks off',
      () =>
        new HttpResponse(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new Uint8Array(100));
              controller.error(new TypeError('connection reset'));
            },
          }),
          { headers: { 'content-type': 'audio/mpeg', 'content-length': '1000' } },
        ),
      'TRUNCATED',
    ],
    ['a 500 from storage', () => new HttpResponse('oops', { status: 500 }), 'HTTP_STATUS'],
    [
      'a captive portal page (200 text/html)',
      () => new HttpResponse('<html>login</html>', { headers: { 'content-type': 'text/html' } }),
      'CONTENT_TYPE',
    ],
  ];
  for (const [what, respond, code] of cases) {
    it(`${what} → ${code}, cache unchanged`, async () => {
      const store = memoryBlobStore();
      const { client, refs } = await device({ blobStore: store });
      await client.media.get(refs.images[0] ?? refs.audio);
      const before = await store.list();
      server.use(http.get(`${R2}/*`, respond));
      const error = await client.media.get(refs.audio).catch((e: unknown) => e);
      expect(error instanceof MediaError && error.code).toBe(code);
      expect(await store.list()).toEqual(before);
      expect(await client.media.has(refs.audio)).toBe(false);
      server.resetHandlers();
      expect((await client.media.get(refs.audio)).size).toBeGreaterThan(0);
    });
  }
});

describe('refs, put, objectURL, prefetch', () => {
  it('refs are identities: a re-signed URL keeps the ref, new audio changes it', async () => {
    const { client, refs } = await device();
    const before = client.stories.get(library.storyId)?.audioUrl;
    await client.sync.syncNow();
    expect(client.stories.audioRef(library.storyId)).toEqual(refs.audio);
    expect(refs.audio.version).toMatch(new RegExp(`-${library.storyId}\\.mp3$`));
    expect(client.stories.mediaRefs(library.storyId)).toEqual(refs.all);
    expect(before).toEqual(expect.stringContaining('X-Amz-Signature'));
    expect(client.heroes.avatarRef('unknown')).toBeNull();
  });

  it('put stores local bytes (pinned), served offline; bad input changes nothing', async () => {
    const { client, connectivity } = await device();
    const legacy = { kind: 'audio', id: 'legacy-story', version: 'local-1' } as const;
    await client.media.put(legacy, Uint8Array.of(1, 2, 3), { contentType: 'audio/mp4', pin: true });
    connectivity.goOffline();
    const content = await client.media.get(legacy);
    expect([content.fromCache, content.pinned, content.contentType]).toEqual([
      true,
      true,
      'audio/mp4',
    ]);
    expect([...(await content.bytes())]).toEqual([1, 2, 3]);
    await expect(
      client.media.put({ kind: 'video', id: 'x', version: 'y' } as never, Uint8Array.of(1), {
        contentType: 'audio/mp4',
      }),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'ref.kind' });
    await expect(
      client.media.put(legacy, Uint8Array.of(9), { contentType: 'nonsense' }),
    ).rejects.toMatchObject({ name: 'ValidationError', field: 'contentType' });
    expect((await client.media.stats()).entries).toBe(1);
  });

  it('objectURL gives a blob: URL of the bytes, revoked on release', async () => {
    const { client, avatar } = await device();
    const handle = await client.media.objectURL(avatar);
    expect(handle.url).toMatch(/^blob:/);
    const blob = resolveObjectURL(handle.url);
    expect(blob?.type).toBe('image/png');
    handle.release();
    expect(resolveObjectURL(handle.url)).toBeUndefined();
  });

  it('prefetch(storyId) downloads audio and illustrations; prefetch(heroId) the avatar', async () => {
    const { client, refs, avatar } = await device();
    const story = await client.media.prefetch(library.storyId);
    expect(story.failed).toEqual([]);
    expect(story.ok).toHaveLength(refs.all.length);
    expect(refs.images.length).toBeGreaterThan(0);
    const hero = await client.media.prefetch(library.heroId);
    expect(hero.ok).toEqual([avatar]);
    expect((await client.media.stats()).entries).toBe(refs.all.length + 1);
    await expect(client.media.prefetch('nothing-here')).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });

  it('media:progress events reach client.on', async () => {
    const { client, refs } = await device();
    const events: unknown[] = [];
    const off = client.on('media:progress', (event) => events.push(event));
    await client.media.get(refs.audio);
    off();
    expect(events.at(-1)).toMatchObject({ ref: refs.audio, loaded: expect.any(Number) });
  });

  it('needs a signed-in user', async () => {
    const { client, refs } = await device();
    await client.auth.signOut();
    await expect(client.media.get(refs.audio)).rejects.toMatchObject({
      name: 'AuthError',
      code: 'NOT_SIGNED_IN',
    });
  });
});
