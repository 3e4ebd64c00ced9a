/**
 * Runs the IndexedDB benchmarks in real headless Chromium (Debian's `chromium`, driven by
 * playwright-core; no browser download). The page is bundled with esbuild and served
 * cross-origin-isolated, so `performance.now()` has microsecond-level resolution.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import type { PageRequest, PageResult } from './chromium-page.js';

/** The Chromium binary (override with `CHROMIUM_PATH`). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** True when a Chromium binary is available. */
export function hasChromium(): boolean {
  return existsSync(chromiumPath);
}

const launchArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--js-flags=--expose-gc',
];

/** Runs `request` in a fresh headless Chromium profile and returns what the page measured. */
export function runInChromium(request: PageRequest): Promise<PageResult & { version: string }> {
  return runPageInChromium<PageResult>(
    new URL('./chromium-page.ts', import.meta.url),
    'runBenchInPage',
    request,
  );
}

/** A second page of the origin, opened first, where `run(request)` is called and awaited. */
export interface BesidePage {
  readonly run: string;
  readonly request: unknown;
}

/**
 * Bundles the page module `entry` (it puts a function named `run` on `globalThis`), opens it in
 * a fresh headless Chromium profile, calls `run(request)` there and returns its result, with
 * Chromium's version. With `beside`, another page of the same bundle and origin is opened first
 * and runs its own function (a listener the measured page talks to).
 */
export async function runPageInChromium<Result extends object>(
  entry: URL,
  run: string,
  request: unknown,
  beside?: BesidePage,
): Promise<Result & { version: string }> {
  const bundle = await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  const isolation = {
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
  };
  const server = createServer((req, response) => {
    if (req.url === '/bench.js') {
      response.writeHead(200, { 'content-type': 'text/javascript', ...isolation });
      response.end(script);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html', ...isolation });
    response.end('<!doctype html><script type="module" src="/bench.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const profile = mkdtempSync(join(tmpdir(), 'infinitestories-bench-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      args: launchArgs,
      headless: true,
    });
    try {
      const errors: string[] = [];
      const { port } = server.address() as AddressInfo;
      if (beside) {
        const other = await context.newPage();
        other.on('pageerror', (error) => errors.push(error.message));
        await other.goto(`http://127.0.0.1:${port}/`);
        await other.waitForFunction((name) => name in globalThis, beside.run);
        await other.evaluate(`${beside.run}(${JSON.stringify(beside.request)})`);
      }
      const page = await context.newPage();
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction((name) => name in globalThis, run);
      const result = (await page.evaluate(`${run}(${JSON.stringify(request)})`)) as Result;
      if (errors.length > 0) throw new Error(`errors in the benchmark page: ${errors.join('; ')}`);
      const agent = String(await page.evaluate('navigator.userAgent'));
      return { ...result, version: /Chrome\/([\d.]+)/.exec(agent)?.[1] ?? agent };
    } finally {
      await context.close();
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(profile, { recursive: true, force: true });
  }
}
