/**
 * Both shipped checkpoint stores pass one suite: over the client's StorageAdapter, and over a
 * JSON file written atomically (temporary file + rename) for the CLI.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonFileCheckpointStore } from '../../src/cli/json-file-checkpoint-store.js';
import {
  type CheckpointStore,
  emptyIdMaps,
  type MigrationCheckpoint,
  storageCheckpointStore,
} from '../../src/migration/checkpoint.js';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { sqliteStorage } from '../../src/storage-adapters/sqlite-storage.js';

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

function checkpoint(id: string, heroes: Record<string, string> = {}): MigrationCheckpoint {
  return {
    version: 1,
    migrationId: id,
    userId: 'user',
    state: 'running',
    step: 'heroes',
    serverStartedAt: '2026-12-03T09:00:00.000Z',
    startedAt: 1,
    ids: { ...emptyIdMaps(), heroes },
    patched: [],
    inFlight: { collection: 'heroes', legacyIds: ['a'] },
    countsBefore: { heroes: 0, stories: 0, customEvents: 0 },
    storedLocally: false,
    report: null,
  };
}

const cases: [string, () => Promise<{ open(): CheckpointStore; folder?: string }>][] = [
  [
    'storageCheckpointStore (memory storage)',
    async () => {
      const storage = memoryStorage();
      return { open: () => storageCheckpointStore(storage) };
    },
  ],
  [
    'jsonFileCheckpointStore',
    async () => {
      const folder = await mkdtemp(join(tmpdir(), 'checkpoints-'));
      folders.push(folder);
      return {
        open: () => jsonFileCheckpointStore(join(folder, 'export.checkpoint.json')),
        folder,
      };
    },
  ],
];

describe.each(cases)('%s', (_name, make) => {
  it('keeps one document per migration across reopen, and deletes it', async () => {
    const { open, folder } = await make();
    const first = open();
    expect(await first.get('m1')).toBeUndefined();
    await first.set('m1', checkpoint('m1', { a: 'server-a' }));
    await Promise.all([
      first.set('m2', checkpoint('m2')),
      first.set('m1', checkpoint('m1', { a: 'x', b: 'y' })),
    ]);
    const reopened = open();
    expect((await reopened.get('m1'))?.ids.heroes).toEqual({ a: 'x', b: 'y' });
    expect(await reopened.get('m2')).toEqual(checkpoint('m2'));
    await reopened.delete('m1');
    expect(await open().get('m1')).toBeUndefined();
    await reopened.delete('m2');
    if (folder) expect(await readdir(folder)).toEqual([]); // no temporary files left behind
  });
});

it('the storage checkpoint store also works over SQLite', async () => {
  const storage = sqliteStorage(new Database(':memory:'));
  const store = storageCheckpointStore(storage);
  await store.set('m', checkpoint('m'));
  expect(await store.get('m')).toEqual(checkpoint('m'));
  await storage.close();
});
