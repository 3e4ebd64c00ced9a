// Installs the package as a newcomer gets it: `npm pack` makes the tarball npm would publish,
// which is installed with the fake backend's optional peers into a temporary folder outside
// this repository (so nothing here resolves for it) holding a fresh ESM project and a fresh
// CommonJS project. Each runs one flow against the fake backend over loopback: sign up, create a hero,
// sync; a second client signs in and reads the hero back from the server. Then the installed
// `infinitestories-fake-backend` command runs as a development server.
// The install uses npm's cache (`--prefer-offline`): after `npm ci` everything is in it.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const started = performance.now();
const installed = (name) =>
  readFile(join('node_modules', name, 'package.json'), 'utf8').then((t) => JSON.parse(t).version);

// The flow, once as ESM (top-level await, `import`) and once as CommonJS (`require`).
const flow = `
const server = await startFakeBackendServer({ authRateLimit: false, fastPasswordHashing: true });
try {
  const device = createClient({ baseUrl: server.url, sync: { autoStart: false } });
  await device.ready;
  await device.auth.signUp({ email: 'new@example.com', password: 'password-123', name: 'New' });
  const luna = await device.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
  const before = luna.syncStatus;
  const summary = await device.sync.syncNow();
  const after = device.heroes.get(luna.id)?.syncStatus;
  await device.close();

  const other = createClient({ baseUrl: server.url, sync: { autoStart: false } });
  await other.ready;
  await other.auth.signIn({ email: 'new@example.com', password: 'password-123' });
  await other.sync.syncNow();
  const readBack = other.heroes.list().map((hero) => [hero.name, hero.syncStatus]);
  await other.close();
  console.log(JSON.stringify({ before, pushed: summary.pushed, after, readBack }));
} finally {
  await server.close();
}
`;
const projects = {
  esm: {
    type: 'module',
    file: 'main.js',
    code: `import { createClient } from '@infinitestories/sdk';
import { startFakeBackendServer } from '@infinitestories/sdk/testing';
${flow}`,
  },
  cjs: {
    type: 'commonjs',
    file: 'main.js',
    code: `const { createClient } = require('@infinitestories/sdk');
const { startFakeBackendServer } = require('@infinitestories/sdk/testing');
(async () => {
${flow}
})().catch((error) => {
  console.error(error);
  process.exit(1);
});`,
  },
};

/**
 * The installed `infinitestories-fake-backend` command (what `npx` runs in an app): it starts,
 * prints its URL, creates the `--user` account (signed in over HTTP with the server's own
 * origin), and stops on Ctrl-C (SIGINT) with exit code 0.
 */
async function checkDevServer(cwd) {
  const bin = join(cwd, 'node_modules', '.bin', 'infinitestories-fake-backend');
  const child = spawn(bin, ['--port', '0', '--user', 'dev@example.com:password-123'], { cwd });
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    let printed = '';
    const url = await new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        printed += chunk;
        const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(printed);
        if (found && printed.includes('Ctrl-C')) resolve(found[1]);
      });
      child.once('exit', (code) =>
        reject(new Error(`the dev server exited (${code}): ${printed}`)),
      );
    });
    const signIn = await fetch(`${url}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ email: 'dev@example.com', password: 'password-123' }),
    });
    assert.equal(signIn.status, 200, 'the dev server signs its --user account in');
    child.kill('SIGINT');
    assert.equal(await exited, 0, 'the dev server stops on SIGINT with exit code 0');
  } finally {
    child.kill('SIGKILL');
  }
}

const folder = await mkdtemp(join(tmpdir(), 'sdk-fresh-install-'));
try {
  const [packed] = JSON.parse(
    (await run(npm, ['pack', '--json', '--pack-destination', folder])).stdout,
  );
  const tarball = join(folder, packed.filename);
  // The fake backend's optional peers, at the versions this repository tests with.
  const peers = {};
  for (const name of ['hono', '@hono/node-server', 'msw']) peers[name] = await installed(name);

  // One install in the folder both projects sit in (Node finds it by walking up), so the
  // dependencies are installed once; each project has its own package.json and module type.
  await writeFile(join(folder, 'package.json'), JSON.stringify({ private: true }));
  // No install scripts: none of the SDK's own, and the others are not what is tested here.
  const install = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'];
  const specs = Object.entries(peers).map(([name, version]) => `${name}@${version}`);
  // `/testing` runs the backend's better-auth server version under an alias (an optional peer).
  specs.push(`better-auth-server@npm:better-auth@${await installed('better-auth-server')}`);
  await run(npm, [...install, tarball, ...specs], { cwd: folder });
  await Promise.all(
    Object.entries(projects).map(async ([name, project]) => {
      const dir = join(folder, name);
      await mkdir(dir);
      await writeFile(
        join(dir, 'package.json'),
        JSON.stringify({ name: `fresh-${name}`, private: true, type: project.type }),
      );
      await writeFile(join(dir, project.file), project.code);
      const { stdout } = await run(process.execPath, [project.file], { cwd: dir, timeout: 60_000 });
      assert.deepEqual(
        JSON.parse(stdout.trim()),
        {
          before: 'pendingCreate',
          pushed: 1,
          after: 'synced',
          readBack: [['Luna', 'synced']],
        },
        `${name} project`,
      );
    }),
  );
  await checkDevServer(folder);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `fresh ESM and CJS projects: installed the packed tarball and synced; the dev server ran (${seconds} s)`,
  );
} finally {
  await rm(folder, { recursive: true, force: true });
}
