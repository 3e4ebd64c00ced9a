/**
 * `npm run demo` is the README's main command: run it as a user would and check that it ends
 * with both devices converged on the server's state.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);

it('runs the two-device demo to convergence over loopback', async () => {
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'examples/demo.ts'], {
    timeout: 60_000,
  });
  expect(stdout).toContain('fake backend listening on http://127.0.0.1:');
  expect(stdout).toContain('generating a story offline fails fast: OfflineError');
  expect(stdout).toMatch(/conflict on stories \(fields\): fields content/);
  expect(stdout).toContain('both devices agree with the server');
  expect(stdout).toMatch(/played [1-9]\d* media items offline from the cache/);
  expect(stdout).toContain('migrated legacy library: 2 heroes, 3 stories, 1 custom event');
  expect(stdout).toContain('local store: 2 heroes and 3 stories, all synced');
  expect(stderr).toMatch(/migrating \[.*\] 100% \| done/);
}, 90_000);
