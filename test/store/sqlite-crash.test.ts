import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { sqliteStorage } from '../../src/storage-adapters/sqlite-storage.js';
import { openLocalStore } from '../../src/store/local-store.js';
import { canonicalState, prng, runWorkload } from './crash-workload.js';

const dir = mkdtempSync(join(tmpdir(), 'store-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the writer child on `file`, SIGKILLs it `killAfterMs` after it is ready; returns the acknowledged indexes. */
function runAndKill(file: string, seed: number, killAfterMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'crash-writer.ts'), file, String(seed)],
      { cwd: join(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (!timer && out.startsWith('ready\n')) {
        timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
    });
    child.on('error', reject);
    // 'close' (not 'exit'): it fires only after stdout was read to the end.
    child.on('close', (_code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') {
        reject(new Error(`writer exited on its own (signal ${signal}): ${err}`));
        return;
      }
      resolve(
        out
          .split('\n')
          .filter((line) => line.startsWith('done '))
          .map((line) => Number(line.slice(5))),
      );
    });
  });
}

/** The canonical state after each prefix of the workload from `from` writes on. */
async function expectedStates(seed: number, from: number): Promise<Map<number, string>> {
  let n = 0;
  let t = Date.parse('2026-01-01T00:00:00.000Z');
  const store = await openLocalStore({
    storage: memoryStorage(),
    userId: 'crash',
    newId: () => `id-${++n}`,
    now: () => t++,
  });
  const states = new Map<number, string>();
  if (from === 0) states.set(0, canonicalState(store));
  await runWorkload(store, seed, from + 8, {
    onIssued: (i) => {
      if (i + 1 >= from) states.set(i + 1, canonicalState(store));
    },
  });
  return states;
}

describe('crash safety with the SQLite adapter', () => {
  it('after SIGKILL at random points, every resolved write is there with its outbox entry, nothing half-written', async () => {
    const random = prng(20260101);
    for (let run = 0; run < 4; run++) {
      const seed = 1 + Math.floor(random() * 1_000_000);
      const file = join(dir, `crash-${run}.db`);
      const acknowledged = await runAndKill(file, seed, 20 + Math.floor(random() * 150));
      const resolvedPrefix = acknowledged.length === 0 ? 0 : Math.max(...acknowledged) + 1;

      const db = new Database(file);
      const reopened = await openLocalStore({ storage: sqliteStorage(db), userId: 'crash' });
      const durable = canonicalState(reopened);
      const states = await expectedStates(seed, resolvedPrefix);
      const match = [...states].find(([, state]) => state === durable)?.[0];
      // The durable state is exactly the state after some prefix of the writes, and that
      // prefix contains every write whose promise resolved.
      expect(match, `run ${run} (seed ${seed}, ${resolvedPrefix} acknowledged)`).toBeDefined();
      expect(match).toBeGreaterThanOrEqual(resolvedPrefix);
      // Every outbox entry belongs to a stored record, and every pending record has entries.
      for (const entry of reopened.outbox.entries()) {
        expect(reopened.getStored('heroes', entry.localId)).toBeDefined();
      }
      for (const record of reopened.storedRecords('heroes')) {
        expect(record.syncStatus === 'synced').toBe(
          reopened.entriesOf('heroes', record.id).length === 0,
        );
      }
      await reopened.close();
      db.close();
    }
  }, 60_000);
});
