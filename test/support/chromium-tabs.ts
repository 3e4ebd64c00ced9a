/**
 * Several tabs of one origin in real headless Chromium (Debian's `chromium`, driven by
 * playwright-core; no browser download), each running the app of `test/browser/tabs-page.ts`,
 * against the fake backend on a loopback port that trusts the pages' origin. One browser per
 * world; each `openTab()` is a new page of the same origin (shared IndexedDB, Web Locks and
 * BroadcastChannel).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { type FakeBackendServer, startFakeBackendServer } from '../../src/testing/index.js';
import type { TabApi } from '../browser/tabs-page.js';

/** The Chromium binary (override with `CHROMIUM_PATH`). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const launchArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Pages in the background must keep their timers running (the pusher renews on a timer).
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

type Method = keyof TabApi;
type Result<M extends Method> = Awaited<ReturnType<TabApi[M]>>;

/** One page of the origin, running one app. */
export interface Tab {
  readonly page: Page;
  /** Calls `tab[method](...args)` in the page and returns what it resolves with. */
  call<M extends Method>(method: M, ...args: Parameters<TabApi[M]>): Promise<Result<M>>;
  /** Errors the page threw so far. */
  readonly errors: readonly string[];
}

/** A browser, the page server and the fake backend. */
export interface TabsWorld {
  readonly context: BrowserContext;
  readonly backend: FakeBackendServer;
  /** The API's base URL (the fake backend). */
  readonly apiUrl: string;
  /** Opens a new page of the origin with the tab script loaded (no app opened yet). */
  openTab(): Promise<Tab>;
  close(): Promise<void>;
}

async function bundlePage(): Promise<string> {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('../browser/tabs-page.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
  });
  return bundle.outputFiles[0]?.text ?? '';
}

function servePage(script: string): Promise<Server> {
  const server = createServer((request, response) => {
    const isScript = request.url === '/tab.js';
    response.writeHead(200, { 'content-type': isScript ? 'text/javascript' : 'text/html' });
    response.end(
      isScript ? script : '<!doctype html><script type="module" src="/tab.js"></script>',
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Starts the world. Throws (never skips) when Chromium is missing. */
export async function startTabsWorld(): Promise<TabsWorld> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  const pages = await servePage(await bundlePage());
  const origin = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  const backend = await startFakeBackendServer({
    authRateLimit: false,
    fastPasswordHashing: true,
    allowedOrigins: [origin],
  });
  const profile = mkdtempSync(join(tmpdir(), 'sdk-chromium-tabs-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    args: launchArgs,
    headless: true,
  });
  return {
    context,
    backend,
    apiUrl: backend.url,
    async openTab() {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => 'tab' in globalThis);
      return {
        page,
        errors,
        call: async (method, ...args) =>
          (await page.evaluate(
            `globalThis.tab[${JSON.stringify(method)}](...${JSON.stringify(args)})`,
          )) as never,
      };
    },
    async close() {
      await context.close();
      await backend.close();
      await new Promise<void>((resolve) => pages.close(() => resolve()));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
