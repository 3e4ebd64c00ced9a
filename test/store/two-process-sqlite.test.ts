// Two processes over one SQLite file, each killed at random points and restarted: every write
// whose promise resolved in either process is in the file, with its outbox entry.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteStorage } from '../../src/storage-adapters/sqlite-storage.js';
import { openLocalStore } from '../../src/store/local-store.js';
import { serverRow } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'store-two-process-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Output {
  readonly done: number[];
  readonly created: string[];
}

/** Runs one writer and SIGKILLs it `killAfterMs` after it is ready. */
function writer(file: string, role: number, start: number, killAfterMs: number): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'shared-writer.ts'),
        file,
        String(role),
        String(start),
      ],
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
    child.on('close', (_code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL') {
        reject(new Error(`writer ${role} exited on its own: ${err}`));
        return;
      }
      const lines = out.split('\n');
      resolve({
        done: lines.filter((l) => l.startsWith('done ')).map((l) => Number(l.slice(5))),
        created: lines.filter((l) => l.startsWith('created ')).map((l) => l.slice(8)),
      });
    });
  });
}

describe('two processes over one SQLite file', () => {
  it('killed at random points, lose no resolved write of either process', async () => {
    const file = join(dir, 'shared.db');
    const setup = await openLocalStore({
      storage: sqliteStorage(new Database(file)),
      userId: 'shared',
    });
    await setup.applyServerRows('heroes', [serverRow('h', { name: 'n0', age: 0, traits: ['x'] })]);
    await setup.close();
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const resolvedNames: number[] = [];
    const resolvedAges: number[] = [];
    const created: string[] = [];
    for (let round = 0; round < 2; round++) {
      const start = 1 + round * 100_000;
      const [names, ages] = await Promise.all([
        writer(file, 0, start, 150 + Math.floor(random() * 300)),
        writer(file, 1, start, 150 + Math.floor(random() * 300)),
      ]);
      resolvedNames.push(...names.done);
      resolvedAges.push(...ages.done);
      created.push(...names.created, ...ages.created);
    }
    expect(resolvedNames.length).toBeGreaterThan(0);
    expect(resolvedAges.length).toBeGreaterThan(0);
    const check = await openLocalStore({
      storage: sqliteStorage(new Database(file)),
      userId: 'shared',
    });
    const hero = check.get('heroes', 'h') as unknown as { name: string; age: number };
    // The last resolved value, or one written after it whose answer the kill cut off.
    expect(Number(hero.name.slice(1))).toBeGreaterThanOrEqual(Math.max(...resolvedNames));
    expect(hero.age).toBeGreaterThanOrEqual(Math.max(...resolvedAges));
    const entries = check.outbox.entries().filter((entry) => entry.localId === 'h');
    expect(entries).toHaveLength(1);
    expect(entries[0]?.patch).toEqual({ name: hero.name, age: hero.age });
    for (const id of created) {
      expect(check.get('heroes', id), id).toBeDefined();
      expect(check.outbox.entries().filter((entry) => entry.localId === id)).toHaveLength(1);
    }
    await check.close();
  }, 30_000);
});
