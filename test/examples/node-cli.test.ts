/**
 * examples/node-cli runs as its README says: sign in, add a hero offline (it stays queued in
 * the SQLite file across runs), then sync it in a later run — each step a separate process.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeBackendServer, startFakeBackendServer } from '../../src/testing/index.js';

const exec = promisify(execFile);
let server: FakeBackendServer;
let data: string;

beforeAll(async () => {
  server = await startFakeBackendServer({ authRateLimit: false, fastPasswordHashing: true });
  await server.backend.createUser({
    email: 'cli@example.com',
    password: 'password-123',
    name: 'C',
  });
  data = await mkdtemp(join(tmpdir(), 'bedtime-'));
});

afterAll(async () => {
  await server.close();
  await rm(data, { recursive: true, force: true });
});

const bedtime = async (...args: string[]): Promise<string> => {
  const script = 'examples/node-cli/bedtime.ts';
  const { stdout } = await exec(
    process.execPath,
    ['--import', 'tsx', script, '--base-url', server.url, '--data', data, ...args],
    { env: { ...process.env, BEDTIME_PASSWORD: 'password-123' }, timeout: 30_000 },
  );
  return stdout;
};

it('keeps an offline change in SQLite until a later run syncs it', async () => {
  expect(await bedtime('sign-in', 'cli@example.com')).toContain('signed in as cli@example.com');
  expect(await bedtime('--offline', 'add-hero', 'Luna')).toContain('added Luna (pendingCreate)');
  expect(await bedtime('--offline', 'list')).toContain('1 change(s) waiting to sync');
  expect(server.backend.db.heroes.size).toBe(0);
  expect(await bedtime('sync')).toMatch(/sent 1, conflicts 0, failed 0\n {2}Luna \(synced\)/);
  expect([...server.backend.db.heroes.values()].map((hero) => hero.name)).toEqual(['Luna']);
}, 60_000);
