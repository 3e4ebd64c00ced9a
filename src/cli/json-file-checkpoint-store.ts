/**
 * Checkpoints in one JSON file (`{ [migrationId]: checkpoint }`), written atomically: a
 * temporary file beside it is written and flushed, then renamed over it, so a crash leaves
 * either the old or the new file, never a torn one.
 */
import { open, readFile, rename, rm } from 'node:fs/promises';
import type { CheckpointStore, MigrationCheckpoint } from '../migration/checkpoint.js';

type Documents = Record<string, MigrationCheckpoint>;

async function readDocuments(path: string): Promise<Documents> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${path} is not a migration checkpoint file`);
  }
  return parsed as Documents;
}

async function writeAtomically(path: string, documents: Documents): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(documents, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

/** A {@link CheckpointStore} over the JSON file at `path` (created on the first write). */
export function jsonFileCheckpointStore(path: string): CheckpointStore {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => {});
    return run;
  };
  return {
    get: (migrationId) => serial(async () => (await readDocuments(path))[migrationId]),
    set: (migrationId, checkpoint) =>
      serial(async () => {
        const documents = await readDocuments(path);
        documents[migrationId] = checkpoint;
        await writeAtomically(path, documents);
      }),
    delete: (migrationId) =>
      serial(async () => {
        const documents = await readDocuments(path);
        delete documents[migrationId];
        if (Object.keys(documents).length === 0) await rm(path, { force: true });
        else await writeAtomically(path, documents);
      }),
  };
}
