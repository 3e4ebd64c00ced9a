import { describe, expect, it } from 'vitest';
import { handOver } from './blob-store.js';
import { runBlobStoreContract } from './blob-store-contract.js';
import { memoryBlobStore } from './memory-blob-store.js';

runBlobStoreContract('memoryBlobStore', () => memoryBlobStore(), { describe, it, expect });

describe('memoryBlobStore', () => {
  it('gives every call its own store', async () => {
    const a = memoryBlobStore();
    await a.put('k', Uint8Array.of(1), { contentType: 'a/b' });
    expect(await memoryBlobStore().get('k')).toBeUndefined();
  });

  it('keeps its own copy of the bytes it was given', async () => {
    const store = memoryBlobStore();
    const bytes = Uint8Array.of(1, 2);
    await store.put('k', bytes, { contentType: 'a/b' });
    bytes[0] = 9;
    expect([...((await (await store.get('k'))?.bytes()) ?? [])]).toEqual([1, 2]);
  });
});

describe('memoryBlobStore and streamed bytes', () => {
  const streamOfChunks = (chunks: Uint8Array[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
  const read = async (stream: ReadableStream<Uint8Array>) => {
    const pieces: Uint8Array[] = [];
    const reader = stream.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return pieces;
      pieces.push(value);
    }
  };

  it('copies the chunks of a stream someone else may still hold', async () => {
    const store = memoryBlobStore();
    const chunk = Uint8Array.of(1, 2);
    await store.put('k', streamOfChunks([chunk, Uint8Array.of(3)]), { contentType: 'a/b' });
    chunk[0] = 9;
    expect([...((await (await store.get('k'))?.bytes()) ?? [])]).toEqual([1, 2, 3]);
  });

  it("keeps a handed-over stream's chunks as they came (a download is not copied again)", async () => {
    const store = memoryBlobStore();
    const chunk = Uint8Array.of(1, 2);
    await store.put('k', handOver(streamOfChunks([chunk, Uint8Array.of(3)])), {
      contentType: 'a/b',
    });
    chunk[0] = 9; // only to observe that the store holds this very chunk
    const stored = await store.get('k');
    expect(stored?.size).toBe(3);
    expect([...((await stored?.bytes()) ?? [])]).toEqual([9, 2, 3]);
  });

  it('serves chunked bytes in order, in pieces of at most 1 MiB, as bytes, stream and blob', async () => {
    const store = memoryBlobStore();
    const big = new Uint8Array((1 << 20) + 5).map((_, i) => i % 251);
    const chunks = [Uint8Array.of(7), big, new Uint8Array(0), Uint8Array.of(8, 9)];
    await store.put('k', handOver(streamOfChunks(chunks)), { contentType: 'a/b' });
    const stored = await store.get('k');
    const expected = [7, ...big, 8, 9];
    expect(stored?.size).toBe(expected.length);
    expect([...((await stored?.bytes()) ?? [])]).toEqual(expected);
    const pieces = await read(stored?.stream() ?? new ReadableStream());
    expect(pieces.every((piece) => piece.byteLength > 0 && piece.byteLength <= 1 << 20)).toBe(true);
    expect(pieces.flatMap((piece) => [...piece])).toEqual(expected);
    const blob = await stored?.blob?.();
    expect(blob?.type).toBe('a/b');
    expect([...new Uint8Array((await blob?.arrayBuffer()) ?? new ArrayBuffer(0))]).toEqual(
      expected,
    );
  });
});
