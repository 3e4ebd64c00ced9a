/**
 * The README's Quick start runs exactly as printed: its code block is extracted, written to a
 * file and run with Node (through tsx, which maps the package's public name to the sources).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);

/** The first ```ts block after `heading`. */
async function codeAfter(heading: string): Promise<string> {
  const readme = await readFile('README.md', 'utf8');
  const section = readme.slice(readme.indexOf(heading));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block?.[1]) throw new Error(`no ts block after ${heading}`);
  return block[1];
}

it('runs the Quick start as printed against the fake backend', async () => {
  const code = await codeAfter('## Quick start');
  const folder = await mkdtemp(join(tmpdir(), 'sdk-readme-'));
  const file = join(folder, 'quick-start.mts');
  await writeFile(file, code);
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', file], {
    timeout: 60_000,
    // The package's name resolves to the sources through this repository's tsconfig paths.
    env: { ...process.env, TSX_TSCONFIG_PATH: resolve('tsconfig.json') },
  }).finally(() => rm(folder, { recursive: true, force: true }));
  expect(stderr).toBe('');
  expect(stdout).toContain('pendingCreate\n');
  expect(stdout).toContain('synced\n');
  expect(stdout).toContain("heroes: [ 'Luna' ]");
  expect(stdout).toMatch(/^Luna's .+$/m);
}, 60_000);
