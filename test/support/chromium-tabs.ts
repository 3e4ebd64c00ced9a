/**
 * Several tabs of one origin in real headless Chromium (Debian's `chromium`, driven by
 * playwright-core; no browser download), each running the app of `test/browser/tabs-page.ts`,
 * against the fake backend on a loopback port that trusts the pages' origin. One browser per
 * world; each `openTab()` is a new page of the same origin (shared IndexedDB, Web Locks and
 * BroadcastChannel).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { type FakeBackendServer, startFakeBackendServer } from '../../src/testing/index.js';
import type { TabApi } from '../browser/tabs-page.js';
import {
  bundleForChromium,
  chromiumMissing,
  hasChromium,
  launchChromium,
  serveScriptPage,
} from './chromium.js';

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

/** Starts the world. Throws (never skips) when Chromium is missing. */
export async function startTabsWorld(): Promise<TabsWorld> {
  if (!hasChromium()) throw new Error(chromiumMissing);
  const script = await bundleForChromium(new URL('../browser/tabs-page.ts', import.meta.url));
  const pages = await serveScriptPage('tab.js', script);
  const { origin } = pages;
  const backend = await startFakeBackendServer({
    authRateLimit: false,
    fastPasswordHashing: true,
    allowedOrigins: [origin],
  });
  const browser = await launchChromium();
  const { context } = browser;
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
      await browser.close();
      await backend.close();
      await pages.close();
    },
  };
}
