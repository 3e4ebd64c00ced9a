/**
 * `expoFileBlobStore` proven with the SDK's BlobStore contract suite over an in-memory stand-in
 * of expo-file-system, plus what the suite does not cover: entries surviving a restart, the
 * leftovers of a crash removed on open, and the base64 codec against Node's.
 */
import { describe, expect, it } from 'vitest';
import { runBlobStoreContract } from '../../src/media/blob-store-contract.js';
import { decodeBase64, encodeBase64 } from '../../src/react-native/base64.js';
import { expoFileBlobStore } from '../../src/react-native.js';
import { expoFileSystemStandIn } from './stand-ins.js';

runBlobStoreContract('expoFileBlobStore', () => expoFileBlobStore(expoFileSystemStandIn()), {
  describe,
  it,
  expect,
});

describe('expoFileBlobStore on the device', () => {
  it('keeps entries across a restart, in the documents directory by default', async () => {
    const fs = expoFileSystemStandIn();
    const first = expoFileBlobStore(fs);
    await first.put('u/audio:s:v', Uint8Array.of(5, 6, 7), {
      contentType: 'audio/mpeg',
      metadata: { pinned: true },
    });
    await first.close?.();
    const second = expoFileBlobStore(fs);
    const stored = await second.get('u/audio:s:v');
    expect([...((await stored?.bytes()) ?? [])]).toEqual([5, 6, 7]);
    expect(stored?.metadata).toEqual({ pinned: true });
    expect(stored?.uri).toMatch(/^file:\/\/\/data\/user\/0\/app\/files\/infinitestories-media\//);
    expect(fs.files.has(stored?.uri ?? '')).toBe(true);
  });

  it('removes the leftovers of a crash when it opens, and keeps the committed entry', async () => {
    const fs = expoFileSystemStandIn();
    const store = expoFileBlobStore(fs, { directory: 'file:///cache/media' });
    await store.put('k', Uint8Array.of(1), { contentType: 'a/b' });
    fs.files.set('file:///cache/media/abc.1.bin.tmp', Uint8Array.of(9));
    fs.files.set('file:///cache/media/abc.2.bin', Uint8Array.of(9));
    fs.files.set('file:///cache/media/broken.json', new TextEncoder().encode('{'));
    const reopened = expoFileBlobStore(fs, { directory: 'file:///cache/media/' });
    expect(await reopened.totalSize()).toBe(1);
    const names = [...fs.files.keys()].map((uri) => uri.slice('file:///cache/media/'.length));
    expect(names.filter((name) => name.endsWith('.json'))).toHaveLength(1);
    expect(names.filter((name) => name.endsWith('.bin'))).toHaveLength(1);
    expect(names.some((name) => name.endsWith('.tmp') || name.startsWith('abc.'))).toBe(false);
  });

  it('encodes and decodes base64 exactly as Node does, for every length mod 3', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 255, 256, 70_001]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 7919) % 256);
      const encoded = encodeBase64(bytes);
      expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(encoded)).toEqual(bytes);
    }
    expect(() => decodeBase64('ab$c')).toThrow(TypeError);
  });
});
