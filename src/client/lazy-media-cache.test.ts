import { describe, expect, it } from 'vitest';
import { ClientClosedError } from '../errors/index.js';
import type { BlobStore } from '../media/blob-store.js';
import { ClientMediaCache } from '../media/media-cache.js';
import type { MediaStats } from '../media/media-cache-api.js';
import type { MediaRef } from '../media/media-ref.js';
import type { MediaSource } from '../media/media-source.js';
import { memoryBlobStore } from '../media/memory-blob-store.js';
import { noopLogger } from '../platform/logging/logger.js';
import { LazyMediaCache } from './lazy-media-cache.js';

const ref: MediaRef = { kind: 'audio', id: 'story-1', version: 'v1' };

const source: MediaSource = {
  currentUrl: () => null,
  refresh: async () => [],
  ownerOf: () => ({ storyId: 'story-1' }),
  storyRefs: () => null,
  heroRefs: () => null,
};

/** A lazy cache whose loader builds the real cache over `blobStore` and counts its loads. */
function lazyCache(options: { blobStore?: BlobStore; persistent?: boolean; failFirst?: boolean }) {
  const blobStore = options.blobStore ?? memoryBlobStore();
  let loads = 0;
  let failures = options.failFirst ? 1 : 0;
  const cache = new LazyMediaCache({
    options: { maxBytes: 1000 },
    persistent: options.persistent ?? false,
    load: async () => {
      loads++;
      if (failures > 0) {
        failures--;
        throw new TypeError('Failed to fetch dynamically imported module');
      }
      return new ClientMediaCache({
        blobStore,
        options: { maxBytes: 1000 },
        fetch: () => globalThis.fetch,
        now: () => 1_000,
        logger: noopLogger,
        online: () => true,
        scope: () => ({ userId: 'user-1', source }),
      });
    },
  });
  return { cache, blobStore, loads: () => loads };
}

describe('LazyMediaCache', () => {
  it('loads nothing until first use, and reports the empty statistics of the real cache', async () => {
    const { cache, loads } = lazyCache({});
    const first = cache.getSnapshot();
    expect(first).toMatchObject({ entries: 0, bytes: 0, usedBytes: 0, maxBytes: 1000, hitRate: 0 });
    expect(cache.getSnapshot()).toBe(first);
    const seen: MediaStats[] = [];
    cache.subscribe((stats) => seen.push(stats));
    cache.scopeChanged();
    await cache.wipeUser('user-1');
    await cache.dropRecord('user-1', 'stories', 'story-1');
    expect(loads()).toBe(0);
    expect(cache.loaded).toBe(false);

    expect(await cache.has(ref)).toBe(false);
    expect(loads()).toBe(1);
    expect(cache.getSnapshot()).toBe(first); // nothing changed yet: the same object
    await cache.put(ref, Uint8Array.of(1, 2, 3), { contentType: 'audio/mpeg' });
    expect(cache.getSnapshot()).toMatchObject({ entries: 1, bytes: 3 });
    expect(seen.at(-1)).toBe(cache.getSnapshot());
    expect(loads()).toBe(1);
  });

  it('loads to wipe or drop media when the blob store outlives the client', async () => {
    const blobStore = memoryBlobStore();
    const before = lazyCache({ blobStore });
    await before.cache.put(ref, Uint8Array.of(1), { contentType: 'audio/mpeg' });
    await before.cache.close();
    expect((await blobStore.list()).length).toBe(1);

    const after = lazyCache({ blobStore, persistent: true });
    await after.cache.dropRecord('user-1', 'stories', 'story-1');
    expect(after.loads()).toBe(1);
    expect(await blobStore.list()).toEqual([]);
  });

  it('tries again after a failed load, and forwards progress listeners once loaded', async () => {
    const { cache, loads } = lazyCache({ failFirst: true });
    const progress: unknown[] = [];
    cache.on('media:progress', (event) => progress.push(event));
    await expect(cache.stats()).rejects.toThrow(TypeError);
    expect(cache.loaded).toBe(false);
    expect(await cache.stats()).toMatchObject({ entries: 0, maxBytes: 1000 });
    expect(loads()).toBe(2);
    expect(progress).toEqual([]);
  });

  it('refuses every call after close() and never loads for it', async () => {
    const { cache, loads } = lazyCache({ persistent: true });
    await cache.close();
    await cache.close();
    await expect(cache.get(ref)).rejects.toBeInstanceOf(ClientClosedError);
    await expect(cache.wipeUser('user-1')).rejects.toBeInstanceOf(ClientClosedError);
    expect(loads()).toBe(0);
  });

  it('closes the loaded cache: its downloads and writes stop with the client', async () => {
    const { cache } = lazyCache({});
    await cache.put(ref, Uint8Array.of(1), { contentType: 'audio/mpeg' });
    await cache.close();
    await expect(cache.has(ref)).rejects.toBeInstanceOf(ClientClosedError);
  });
});
