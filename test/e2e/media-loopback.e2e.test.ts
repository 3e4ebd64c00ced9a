/**
 * The media cache over real loopback HTTP (real better-auth sessions), and restart persistence
 * with the filesystem and IndexedDB blob stores: download, restart, serve offline.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, OfflineError } from '../../src/index.js';
import { fileBlobStore } from '../../src/media/file-blob-store.js';
import { indexedDBBlobStore } from '../../src/media/indexeddb-blob-store.js';
import type { FetchLike } from '../../src/platform/fetch.js';
import { type FakeBackendServer, startFakeBackendServer } from '../../src/testing/index.js';
import { createLibrary, generous, type Library, openDevice } from '../media/harness.js';

let server: FakeBackendServer;
let library: Library;
const directories: string[] = [];

beforeAll(async () => {
  server = await startFakeBackendServer({
    authRateLimit: false,
    fastPasswordHashing: true,
    rateLimits: generous,
  });
  library = await createLibrary(server.backend);
});
afterAll(async () => {
  await server.close();
  await Promise.all(directories.map((d) => rm(d, { recursive: true, force: true })));
});

describe('media over loopback', () => {
  it('downloads through the injected fetch without the session token, with progress', async () => {
    const seen: { url: string; authorization: string | null }[] = [];
    const recording: FetchLike = (input, init) => {
      const request = new Request(input, init);
      seen.push({ url: request.url, authorization: request.headers.get('authorization') });
      return fetch(request);
    };
    const client = createClient({
      baseUrl: server.url,
      fetch: recording,
      sync: { autoStart: false },
    });
    try {
      await client.ready;
      await client.auth.signIn({ email: library.email, password: library.password });
      await client.sync.syncNow();
      const ref = client.stories.audioRef(library.storyId);
      if (!ref) throw new Error('no audio ref');
      const loaded: number[] = [];
      const content = await client.media.get(ref, { onProgress: (p) => loaded.push(p.loaded) });
      expect(loaded.at(-1)).toBe(content.size);
      const media = seen.filter((r) => r.url.includes('/__fake-r2/'));
      expect(media).toHaveLength(1);
      expect(media[0]?.authorization).toBeNull();
      expect(seen.some((r) => r.authorization?.startsWith('Bearer '))).toBe(true);
    } finally {
      await client.close();
    }
  });
});

describe.each([
  [
    'fileBlobStore',
    async () => {
      const directory = await mkdtemp(join(tmpdir(), 'sdk-media-'));
      directories.push(directory);
      return () => fileBlobStore({ directory });
    },
  ],
  [
    'indexedDBBlobStore',
    async () => {
      const dbName = `media-restart-${Date.now()}`;
      return () => indexedDBBlobStore({ dbName });
    },
  ],
])('restart persistence with %s', (_name, prepare) => {
  it('what was downloaded and pinned before a restart is served offline after it', async () => {
    const open = await prepare();
    const before = await openDevice(server.backend, library, { blobStore: open() });
    const pinned = await before.client.media.pinStory(library.storyId);
    expect(pinned.failed).toEqual([]);
    await before.client.media.get(before.avatar);
    const statsBefore = await before.client.media.stats();
    await before.client.close();

    const after = await openDevice(server.backend, library, { blobStore: open() });
    try {
      after.connectivity.goOffline();
      for (const ref of before.refs.all) {
        const content = await after.client.media.get(ref);
        expect([content.fromCache, content.pinned]).toEqual([true, true]);
      }
      const avatar = await after.client.media.get(before.avatar);
      expect([avatar.fromCache, avatar.pinned]).toEqual([true, false]);
      const statsAfter = await after.client.media.stats();
      expect({ ...statsAfter, hits: 0, misses: 0, hitRate: 0 }).toEqual({
        ...statsBefore,
        hits: 0,
        misses: 0,
        hitRate: 0,
      });
      await after.client.media.clear({ pinned: true });
      await expect(after.client.media.get(before.avatar)).rejects.toBeInstanceOf(OfflineError);
    } finally {
      await after.client.close();
    }
  });
});
