/**
 * The contract every {@link BlobStore} must pass, as a reusable suite (Replicache's
 * `runAll(name, newStore)` shape). Exported from `@infinitestories/sdk/testing` so that hosts
 * can prove their own store (a React Native file-system store, say) under their own runner.
 */
import { type BlobStore, bytesToBlob } from './blob-store.js';

/** The few assertions the suite uses; vitest's and jest's `expect` both fit. */
export interface BlobStoreContractAssertion {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toBeUndefined(): void;
}

/** The test functions the suite registers its cases with: `{ describe, it, expect }`. */
export interface BlobStoreContractTestApi {
  describe(name: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void> | void): unknown;
  expect(actual: unknown): BlobStoreContractAssertion;
}

const bytesOf = (...values: number[]): Uint8Array => Uint8Array.from(values);

/** `size` deterministic pseudo-random bytes. */
function patternBytes(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

/** A stream of `chunks` that fails with `failure` after them (when given). */
function streamFrom(chunks: Uint8Array[], failure?: Error): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk) controller.enqueue(chunk);
      else if (failure) controller.error(failure);
      else controller.close();
    },
  });
}

async function readStream(stream: ReadableStream<Uint8Array>): Promise<number[]> {
  const out: number[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out.push(...value);
  }
}

async function rejects(promise: Promise<unknown>): Promise<boolean> {
  try {
    await promise;
    return false;
  } catch {
    return true;
  }
}

/**
 * Registers the BlobStore contract suite.
 *
 * @param name - Shown in the suite title, e.g. `'fileBlobStore'`.
 * @param factory - Returns a fresh, empty store for each test.
 * @param api - Your runner's `{ describe, it, expect }`.
 *
 * @example
 * ```ts
 * import { describe, it, expect } from 'vitest';
 * import { runBlobStoreContract } from '@infinitestories/sdk/testing';
 * runBlobStoreContract('myBlobStore', () => myBlobStore(freshDir()), { describe, it, expect });
 * ```
 */
export function runBlobStoreContract(
  name: string,
  factory: () => BlobStore | Promise<BlobStore>,
  api: BlobStoreContractTestApi,
): void {
  const { describe, it, expect } = api;
  const withStore = (body: (store: BlobStore) => Promise<void>) => async () => {
    const store = await factory();
    try {
      await body(store);
    } finally {
      await store.close?.();
    }
  };

  describe(`BlobStore contract: ${name}`, () => {
    it(
      'stores bytes with their type and metadata, and reads them back three ways',
      withStore(async (store) => {
        const entry = await store.put('a', bytesOf(1, 2, 3), {
          contentType: 'image/png',
          metadata: { pinned: true, n: 2, tags: ['x'] },
        });
        expect(entry).toEqual({
          key: 'a',
          size: 3,
          contentType: 'image/png',
          metadata: { pinned: true, n: 2, tags: ['x'] },
        });
        const stored = await store.get('a');
        expect(stored?.size).toBe(3);
        expect(stored?.contentType).toBe('image/png');
        expect(stored?.metadata).toEqual({ pinned: true, n: 2, tags: ['x'] });
        expect([...((await stored?.bytes()) ?? [])]).toEqual([1, 2, 3]);
        expect(stored ? await readStream(stored.stream()) : null).toEqual([1, 2, 3]);
        if (stored?.blob) {
          const blob = await stored.blob();
          expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([1, 2, 3]);
        }
        expect(await store.get('missing')).toBeUndefined();
      }),
    );

    it(
      'accepts a stream and a Blob, and keeps every byte of a multi-chunk 3 MB value',
      withStore(async (store) => {
        const big = patternBytes(3 * 1024 * 1024 + 17);
        const chunks: Uint8Array[] = [];
        for (let offset = 0; offset < big.length; offset += 65_536) {
          chunks.push(big.slice(offset, offset + 65_536));
        }
        await store.put('stream', streamFrom(chunks), { contentType: 'audio/mpeg' });
        const back = await (await store.get('stream'))?.bytes();
        expect(back?.byteLength).toBe(big.byteLength);
        expect(back?.every((value, i) => value === big[i])).toBe(true);
        await store.put('blob', bytesToBlob(bytesOf(9, 8), 'x/y'), { contentType: 'x/y' });
        expect([...((await (await store.get('blob'))?.bytes()) ?? [])]).toEqual([9, 8]);
        await store.put('empty', new Uint8Array(0), { contentType: 'x/y' });
        expect((await store.get('empty'))?.size).toBe(0);
      }),
    );

    it(
      'replaces a value, changes metadata alone, and deletes (ignoring missing keys)',
      withStore(async (store) => {
        await store.put('k', bytesOf(1), { contentType: 'a/b', metadata: { v: 1 } });
        await store.put('k', bytesOf(2, 2), { contentType: 'c/d', metadata: { v: 2 } });
        const stored = await store.get('k');
        expect([stored?.size, stored?.contentType, stored?.metadata]).toEqual([2, 'c/d', { v: 2 }]);
        expect(await store.setMetadata('k', { v: 3 })).toBe(true);
        expect((await store.get('k'))?.metadata).toEqual({ v: 3 });
        expect([...((await (await store.get('k'))?.bytes()) ?? [])]).toEqual([2, 2]);
        expect(await store.setMetadata('nope', { v: 1 })).toBe(false);
        await store.delete(['k', 'nope']);
        expect(await store.get('k')).toBeUndefined();
        expect(await store.list()).toEqual([]);
      }),
    );

    it(
      'lists and sizes entries by key prefix; keys may hold "/", ":", spaces and non-ASCII',
      withStore(async (store) => {
        const keys = [
          'u1/audio:s1:v 1',
          'u1/avatar:h/1:é🦄',
          'u2/audio:s1:v1',
          `u1/${'k'.repeat(400)}`,
        ];
        for (const [index, key] of keys.entries()) {
          await store.put(key, patternBytes(10 + index), { contentType: 'x/y' });
        }
        const listed = (await store.list('u1/')).map((entry) => entry.key).sort();
        expect(listed).toEqual(keys.filter((key) => key.startsWith('u1/')).sort());
        expect(await store.totalSize('u1/')).toBe(10 + 11 + 13);
        expect(await store.totalSize()).toBe(10 + 11 + 12 + 13);
        expect((await store.list()).length).toBe(4);
        expect((await store.get('u1/avatar:h/1:é🦄'))?.size).toBe(11);
      }),
    );

    it(
      'a stream that fails part-way stores nothing and keeps the previous value',
      withStore(async (store) => {
        await store.put('k', bytesOf(7), { contentType: 'a/b', metadata: { v: 1 } });
        const failure = new Error('connection reset');
        const failed = await rejects(
          store.put('k', streamFrom([bytesOf(1, 2), bytesOf(3)], failure), { contentType: 'c/d' }),
        );
        expect(failed).toBe(true);
        const stored = await store.get('k');
        expect([...((await stored?.bytes()) ?? [])]).toEqual([7]);
        expect(stored?.metadata).toEqual({ v: 1 });
        const fresh = await rejects(
          store.put('new', streamFrom([bytesOf(1)], failure), { contentType: 'c/d' }),
        );
        expect(fresh).toBe(true);
        expect(await store.get('new')).toBeUndefined();
        expect(await store.totalSize()).toBe(1);
      }),
    );

    it(
      'an aborted write stores nothing',
      withStore(async (store) => {
        const controller = new AbortController();
        let sent = 0;
        const slow = new ReadableStream<Uint8Array>({
          pull(streamController) {
            sent++;
            if (sent === 2) controller.abort(new Error('user left'));
            streamController.enqueue(bytesOf(sent));
          },
        });
        const aborted = await rejects(
          store.put('k', slow, { contentType: 'a/b', signal: controller.signal }),
        );
        expect(aborted).toBe(true);
        expect(await store.get('k')).toBeUndefined();
        expect(await store.list()).toEqual([]);
      }),
    );

    it(
      'bytes() returns a copy: changing it does not change the store',
      withStore(async (store) => {
        await store.put('k', bytesOf(1, 2), { contentType: 'a/b' });
        const first = await (await store.get('k'))?.bytes();
        if (first) first[0] = 99;
        expect([...((await (await store.get('k'))?.bytes()) ?? [])]).toEqual([1, 2]);
      }),
    );
  });
}
