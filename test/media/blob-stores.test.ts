/**
 * The BlobStore contract against the filesystem store (a fresh temporary directory) and the
 * IndexedDB store (fake-indexeddb), plus what only they promise: restarts and crash leftovers.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileBlobStore } from '../../src/media/file-blob-store.js';
import { indexedDBBlobStore } from '../../src/media/indexeddb-blob-store.js';
import { runBlobStoreContract } from '../../src/testing/index.js';

const directories: string[] = [];
const freshDirectory = async (): Promise<string> => {
  const directory = await mkdtemp(join(tmpdir(), 'sdk-blobs-'));
  directories.push(directory);
  return directory;
};
afterAll(async () => {
  await Promise.all(directories.map((d) => rm(d, { recursive: true, force: true })));
});

let dbCounter = 0;
const freshDbName = () => `blob-contract-${++dbCounter}-${Date.now()}`;

runBlobStoreContract(
  'fileBlobStore',
  async () => fileBlobStore({ directory: await freshDirectory() }),
  { describe, it, expect },
);
runBlobStoreContract('indexedDBBlobStore', () => indexedDBBlobStore({ dbName: freshDbName() }), {
  describe,
  it,
  expect,
});

describe('fileBlobStore on disk', () => {
  it('keeps entries and metadata across instances (a restart)', async () => {
    const directory = await freshDirectory();
    const first = fileBlobStore({ directory });
    await first.put('u/audio:s:v', Uint8Array.of(5, 6, 7), {
      contentType: 'audio/mpeg',
      metadata: { pinned: true },
    });
    const second = fileBlobStore({ directory });
    const stored = await second.get('u/audio:s:v');
    expect(stored?.metadata).toEqual({ pinned: true });
    expect([...((await stored?.bytes()) ?? [])]).toEqual([5, 6, 7]);
    expect(stored?.uri).toMatch(/^file:\/\//);
    expect((await stored?.blob?.())?.type).toBe('audio/mpeg');
  });

  it('removes crash leftovers on open and never shows them as entries', async () => {
    const directory = await freshDirectory();
    const store = fileBlobStore({ directory });
    await store.put('kept', Uint8Array.of(1), { contentType: 'a/b' });
    // A crash mid-write: a temporary file, a renamed .bin no .json names, a corrupt .json.
    await writeFile(join(directory, `${'a'.repeat(64)}.abc.bin.tmp`), 'half');
    await writeFile(join(directory, `${'b'.repeat(64)}.def.bin`), 'orphan');
    await writeFile(join(directory, `${'c'.repeat(64)}.json`), '{"key":');
    const reopened = fileBlobStore({ directory });
    expect((await reopened.list()).map((entry) => entry.key)).toEqual(['kept']);
    const files = await readdir(directory);
    expect(files.filter((name) => !name.endsWith('.json') && !name.endsWith('.bin'))).toEqual([]);
    expect(files).toHaveLength(2);
  });

  it('turns filesystem failures into StorageError', async () => {
    const directory = await freshDirectory();
    await writeFile(join(directory, 'not-a-dir'), 'x');
    const store = fileBlobStore({ directory: join(directory, 'not-a-dir') });
    await expect(store.list()).rejects.toMatchObject({ name: 'StorageError' });
  });
});

describe('indexedDBBlobStore', () => {
  it('keeps entries across instances (a restart)', async () => {
    const dbName = freshDbName();
    const first = indexedDBBlobStore({ dbName });
    await first.put('u/avatar:h:g', Uint8Array.of(1, 2), {
      contentType: 'image/png',
      metadata: { lastAccessAt: 5 },
    });
    await first.close?.();
    const second = indexedDBBlobStore({ dbName });
    const stored = await second.get('u/avatar:h:g');
    expect(stored?.metadata).toEqual({ lastAccessAt: 5 });
    expect([...((await stored?.bytes()) ?? [])]).toEqual([1, 2]);
    await second.close?.();
  });
});
