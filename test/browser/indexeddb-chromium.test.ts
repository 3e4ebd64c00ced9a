import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageAdapterContractCases } from '../../src/testing/storage-adapter-contract.js';
import type { CaseResult } from './indexeddb-contract-page.js';

// The StorageAdapter contract against indexedDBStorage in real headless Chromium (Debian's
// `chromium` package, installed by .ci/run). No browser download: playwright-core drives the
// system binary. A missing binary fails the test: it is never skipped.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const launchArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('indexedDBStorage in real headless Chromium', () => {
  let server: Server | undefined;
  let context: BrowserContext | undefined;
  let profileDir: string | undefined;

  beforeAll(async () => {
    if (!existsSync(executablePath)) return; // the test below fails with the explanation
    const bundle = await build({
      entryPoints: [fileURLToPath(new URL('./indexeddb-contract-page.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'chrome120',
      write: false,
    });
    const script = bundle.outputFiles[0]?.text ?? '';
    server = createServer((request, response) => {
      if (request.url === '/contract.js') {
        response.writeHead(200, { 'content-type': 'text/javascript' });
        response.end(script);
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!doctype html><script type="module" src="/contract.js"></script>');
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    profileDir = mkdtempSync(join(tmpdir(), 'sdk-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath,
      args: launchArgs,
      headless: true,
    });
  });

  afterAll(async () => {
    await context?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it('passes every case of the StorageAdapter contract', async () => {
    expect(
      existsSync(executablePath),
      `Chromium not found at ${executablePath}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`,
    ).toBe(true);
    if (!context || !server) throw new Error('the browser or the page server did not start');
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => 'runContract' in globalThis);
    const results = (await page.evaluate('runContract()')) as CaseResult[];
    expect(pageErrors).toEqual([]);
    const failures = results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.error}`);
    expect(failures).toEqual([]);
    const expectedNames = storageAdapterContractCases({
      open: () => Promise.reject(new Error('unused')),
      reopen: () => Promise.reject(new Error('unused')),
    }).map((c) => c.name);
    expect(results.map((r) => r.name)).toEqual(expectedNames);
    expect(results.length).toBe(15);
  });
});
