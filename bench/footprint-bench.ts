/**
 * Storage footprint: bytes per stored record against the server's own JSON of that record,
 * and the size on disk of a SQLite file holding `n` synced heroes.
 *
 * - synced: `n` server hero rows applied to a store; each record row's stored JSON against
 *   `JSON.stringify` of the server row it came from;
 * - pending create: `n` `heroes.create()`; each record row's stored JSON (record + its create
 *   entry) against the JSON the server would return for it: its wire fields with a 25-character
 *   server id and the owner's `userId` (what a server hero row holds);
 * - SQLite file: the database file after `n` synced heroes and a close (which checkpoints the
 *   WAL into the file and removes it), against the server JSON of those heroes.
 */
import { statSync } from 'node:fs';
import { createRepositories } from '../src/repositories/create-repositories.js';
import { memoryStorage } from '../src/storage-adapters/memory-storage.js';
import type { StorageAdapter } from '../src/storage-adapters/storage-adapter.js';
import { keyLayout } from '../src/store/keys.js';
import { openLocalStore } from '../src/store/local-store.js';
import { wireFields } from '../src/store/public-record.js';
import { BENCH_USER, heroInput, heroRow, serverId } from './fixtures.js';

/** Total bytes of the stored rows and of the server JSON they stand for. */
export interface Footprint {
  readonly records: number;
  readonly storedBytes: number;
  readonly serverBytes: number;
}

const keys = keyLayout(BENCH_USER);

/**
 * A memoryStorage that writes rows as the persistent adapters do: memoryStorage's own rows
 * also carry the records' view keys (they are never stored as text), which a copy of its
 * methods does not know about.
 */
const persistentLayout = (): StorageAdapter => ({ ...memoryStorage() });

async function rowBytes(storage: StorageAdapter): Promise<number> {
  let bytes = 0;
  for (const [, value] of await storage.scan(keys.record('heroes', ''))) {
    bytes += JSON.stringify(value).length;
  }
  return bytes;
}

/** Stored bytes of `n` synced heroes against their server rows. */
export async function syncedFootprint(n: number): Promise<Footprint> {
  const storage = persistentLayout();
  const store = await openLocalStore({ storage, userId: BENCH_USER });
  const rows = Array.from({ length: n }, (_, i) => heroRow(i));
  await store.applyServerRows('heroes', rows);
  await store.close();
  const serverBytes = rows.reduce((sum, row) => sum + JSON.stringify(row).length, 0);
  const storedBytes = await rowBytes(storage);
  await storage.close();
  return { records: n, storedBytes, serverBytes };
}

/** Stored bytes of `n` pending creates against the server rows they will become. */
export async function pendingCreateFootprint(n: number): Promise<Footprint> {
  const storage = persistentLayout();
  const store = await openLocalStore({ storage, userId: BENCH_USER });
  const { heroes } = createRepositories({ store });
  let serverBytes = 0;
  for (let i = 0; i < n; i++) {
    const hero = await heroes.create(heroInput(i));
    const wire = wireFields(store.getStored('heroes', hero.id)?.data ?? {});
    const row = { id: serverId('h', i), userId: 'bench-user-server-id', ...wire };
    serverBytes += JSON.stringify(row).length;
  }
  await store.close();
  const storedBytes = await rowBytes(storage);
  await storage.close();
  return { records: n, storedBytes, serverBytes };
}

/** Bytes of the SQLite file holding `n` synced heroes (after close), and their server JSON. */
export async function sqliteFileFootprint(
  open: () => StorageAdapter,
  file: string,
  n: number,
): Promise<Footprint> {
  const storage = open();
  const store = await openLocalStore({ storage, userId: BENCH_USER });
  const rows = Array.from({ length: n }, (_, i) => heroRow(i));
  for (let at = 0; at < n; at += 100) {
    // Pages of 100, as a pull writes them.
    await store.applyServerRows('heroes', rows.slice(at, at + 100));
  }
  await store.close();
  await storage.close();
  const serverBytes = rows.reduce((sum, row) => sum + JSON.stringify(row).length, 0);
  return { records: n, storedBytes: statSync(file).size, serverBytes };
}
