/**
 * The `infinitestories` binary, run as a user runs it (a real process through tsx), against
 * the fake backend on a real loopback port with a real better-auth account.
 */
import { execFile } from 'node:child_process';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeBackendServer, startFakeBackendServer } from '../../src/testing/index.js';
import { sampleExport, sampleFiles, serverRows } from '../migration/support.js';

const run = promisify(execFile);
const EMAIL = 'cli@example.test';
const PASSWORD = 'password-123';
let server: FakeBackendServer;
let userId: string;
let token: string;
let folder: string;

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function cli(args: string[], password = PASSWORD): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli/infinitestories.ts', ...args],
      { timeout: 60_000, env: { ...process.env, INFINITESTORIES_PASSWORD: password } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

beforeAll(async () => {
  server = await startFakeBackendServer({ authRateLimit: false, fastPasswordHashing: true });
  ({ userId, token } = await server.backend.createUser({
    email: EMAIL,
    password: PASSWORD,
    name: 'Cli',
  }));
  folder = await mkdtemp(join(tmpdir(), 'infinitestories-cli-'));
  await writeFile(join(folder, 'export.json'), JSON.stringify(sampleExport()));
  await mkdir(join(folder, 'media'));
  for (const [path, bytes] of Object.entries(sampleFiles()))
    await writeFile(join(folder, path), bytes);
});

afterAll(async () => {
  await server?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('infinitestories migrate', () => {
  it('migrates with a progress bar and a readable report, then rolls back', async () => {
    const exportPath = join(folder, 'export.json');
    const reportPath = join(folder, 'report.json');
    const target = ['--base-url', server.url, '--email', EMAIL];
    const migrated = await cli(['migrate', exportPath, ...target, '--report', reportPath]);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stderr).toMatch(/migrating \[.*\] 100% \| done/);
    expect(migrated.stdout).toMatch(/Migration .* completed\./);
    expect(migrated.stdout).toContain(
      'heroes 2/2, stories 3/3, custom events 1/1, visual profiles 1/1',
    );
    expect(migrated.stdout).toMatch(/stories\.playCount: 1 — the backend cannot import/);
    expect(migrated.stdout).toMatch(/3 media file\(s\) left where they are/);
    expect(migrated.stdout).toContain('heroes.1.age: age 15 is outside 3–12; set to 12');
    const report = JSON.parse(await readFile(reportPath, 'utf8')) as { ids: { heroes: object } };
    expect(Object.keys(report.ids.heroes)).toEqual(['h-luna', 'h-max']);
    expect(serverRows(server.backend, userId).stories).toHaveLength(3);
    await access(`${exportPath}.checkpoint.json`);

    const again = await cli(['migrate', exportPath, ...target]);
    expect(again.code).toBe(0);
    expect(serverRows(server.backend, userId).heroes).toHaveLength(2); // nothing sent twice

    // Another device renames Max's story: the rollback keeps Max and says so.
    const kite = serverRows(server.backend, userId).stories.find((r) => r.title.includes('Kite'));
    server.backend.clock.advance(1_000);
    const renamed = await fetch(`${server.url}/api/v1/stories/${kite?.id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Max and the Red Kite' }),
    });
    expect(renamed.status).toBe(200);
    const rolledBack = await cli(['migrate', exportPath, ...target, '--rollback']);
    expect(rolledBack.code, rolledBack.stderr).toBe(0);
    expect(rolledBack.stdout).toContain(
      'deleted 1 heroes (with their stories and profiles) and 1 custom events',
    );
    expect(rolledBack.stdout).toMatch(
      /kept heroes \S+ \(legacy h-max\): changed since the migration \(another device\?\) \(stories \S+\)/,
    );
    expect(rolledBack.stdout).toContain(
      'kept records stay on the server; migrating this export again would create them a second time',
    );
    expect(serverRows(server.backend, userId).heroes.map((h) => h.name)).toEqual(['Max']);
    const max = serverRows(server.backend, userId).heroes[0]?.id;
    const cleanUp = await fetch(`${server.url}/api/v1/heroes/${max}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(cleanUp.status).toBe(200); // the next test starts from an empty account
    await expect(access(`${exportPath}.checkpoint.json`)).rejects.toThrow();
    expect(JSON.parse(await readFile(exportPath, 'utf8'))).toEqual(sampleExport());
  }, 120_000);

  it('dry-runs without signing in, and fails with a non-zero exit on bad input', async () => {
    const exportPath = join(folder, 'export.json');
    const dry = await cli(['migrate', exportPath, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run: the export is valid. Nothing was sent.');
    expect(dry.stdout).toContain('heroes 2, stories 3, custom events 1, visual profiles 1');

    const badPath = join(folder, 'bad.json');
    await writeFile(badPath, JSON.stringify({ ...sampleExport(), heroes: [{ id: 'x' }] }));
    const bad = await cli(['migrate', badPath, '--dry-run']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('migration failed (invalid-export)');
    expect(bad.stderr).toContain('heroes.0.name:');

    const target = ['--base-url', server.url, '--email', EMAIL];
    const wrong = await cli(['migrate', exportPath, ...target], 'not-the-password');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/error: .*/);
    expect(serverRows(server.backend, userId).heroes).toHaveLength(0);

    const nothing = await cli(['migrate', exportPath, ...target, '--resume']);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('migration failed (no-migration)');

    const usage = await cli(['migrate']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: infinitestories migrate');
  }, 120_000);
});
