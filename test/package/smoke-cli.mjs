// Runs the BUILT `infinitestories` binary (dist/cli.js) as a user would: the sample legacy
// library migrates into an account on the built fake backend over loopback, once.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startFakeBackendServer } from '../../dist/testing.js';

const run = promisify(execFile);
const server = await startFakeBackendServer({ authRateLimit: false, fastPasswordHashing: true });
const folder = await mkdtemp(join(tmpdir(), 'sdk-cli-smoke-'));
try {
  const { userId } = await server.backend.createUser({
    email: 'cli-smoke@example.test',
    password: 'password-123',
    name: 'Smoke',
  });
  const exportPath = join(folder, 'legacy-library.json');
  await copyFile('examples/legacy-library.json', exportPath);
  await cp('examples/legacy-media', join(folder, 'legacy-media'), { recursive: true });
  const { stdout } = await run(
    process.execPath,
    [
      'dist/cli.js',
      'migrate',
      exportPath,
      '--base-url',
      server.url,
      '--email',
      'cli-smoke@example.test',
    ],
    { timeout: 120_000, env: { ...process.env, INFINITESTORIES_PASSWORD: 'password-123' } },
  );
  assert.match(stdout, /completed\./);
  const heroes = [...server.backend.db.heroes.values()].filter((hero) => hero.userId === userId);
  assert.equal(heroes.length, 2);
  console.log('cli smoke: ok');
} finally {
  await server.close();
  await rm(folder, { recursive: true, force: true });
}
