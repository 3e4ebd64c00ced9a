import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecureCaseResult } from './secure-store-page.js';

// The SecureStore contract against indexedDBSecureStore in real headless Chromium (IndexedDB +
// WebCrypto), and a token that survives a page reload. A missing binary fails the test.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const launchArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'];

describe('indexedDBSecureStore in real headless Chromium', () => {
  let server: Server | undefined;
  let context: BrowserContext | undefined;
  let profileDir: string | undefined;
  let url = '';

  beforeAll(async () => {
    if (!existsSync(executablePath)) return;
    const bundle = await build({
      entryPoints: [fileURLToPath(new URL('./secure-store-page.ts', import.meta.url))],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'chrome120',
      write: false,
    });
    const script = bundle.outputFiles[0]?.text ?? '';
    server = createServer((request, response) => {
      const isScript = request.url === '/page.js';
      response.writeHead(200, { 'content-type': isScript ? 'text/javascript' : 'text/html' });
      response.end(
        isScript ? script : '<!doctype html><script type="module" src="/page.js"></script>',
      );
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    profileDir = mkdtempSync(join(tmpdir(), 'sdk-chromium-secure-'));
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

  it('passes the SecureStore contract and keeps a token across a reload', async () => {
    expect(existsSync(executablePath), `Chromium not found at ${executablePath}`).toBe(true);
    if (!context) throw new Error('the browser did not start');
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(url);
    await page.waitForFunction(() => 'runContract' in globalThis);
    const results = (await page.evaluate('runContract()')) as SecureCaseResult[];
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(5);

    await page.evaluate('writeToken("token-before-reload")');
    await page.reload();
    await page.waitForFunction(() => 'readToken' in globalThis);
    expect(await page.evaluate('readToken()')).toBe('token-before-reload');
    expect(pageErrors).toEqual([]);
  });
});
