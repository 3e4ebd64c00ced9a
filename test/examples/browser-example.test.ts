/**
 * examples/browser, built by Vite as an app would be (its own vite.config.ts, the package's
 * public name) and run in real headless Chromium against the fake backend over loopback: a
 * hero added with the page's network cut stays pending across a reload (IndexedDB outbox, the
 * session in the IndexedDB secure store), then syncs when the network is back. A missing
 * Chromium binary fails the test.
 */
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { build, type Rolldown } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type FakeBackendServer, startFakeBackendServer } from '../../src/testing/index.js';
import {
  type Chromium,
  chromiumMissing,
  hasChromium,
  launchChromium,
  type PageServer,
  type ServedFile,
  servePages,
} from '../support/chromium.js';

// The reload below is served by the test (see reloadOffline), which Chromium counts as a public
// page, and a public page may not call a loopback server (Local Network Access). In an app the
// offline copy comes from a service worker of the app's own origin, which keeps its address
// space, so the check is switched off to match that.
// RenderDocument off: with it (Debian's Chromium 150 and Playwright 1.65), a document loaded
// while the context is offline reports `navigator.onLine === true` and never gets the `offline`
// event (a reload or a new page alike; the page before the reload saw `false`), so the reloaded
// app would believe the network is there. Chromium takes one --disable-features, so both go in it.
const extraArgs = ['--disable-features=LocalNetworkAccessChecks,RenderDocument'];
const root = fileURLToPath(new URL('../../examples/browser/', import.meta.url));
const parent = { email: 'parent@example.com', password: 'correct-horse-battery', name: 'Sam' };

const files = new Map<string, ServedFile>();
let appServer: PageServer | undefined;
let backend: FakeBackendServer | undefined;
let browser: Chromium | undefined;
let appUrl = '';
let userId = '';

const contentType = (name: string): string =>
  name.endsWith('.html') ? 'text/html' : name.endsWith('.js') ? 'text/javascript' : 'text/plain';

/** Builds the example with Vite into memory, pointed at the fake backend's URL. */
async function buildApp(apiUrl: string): Promise<void> {
  const result = await build({
    root,
    configFile: `${root}vite.config.ts`,
    logLevel: 'warn',
    build: { write: false },
    define: { 'import.meta.env.VITE_API_URL': JSON.stringify(apiUrl) },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  for (const item of outputs.flatMap((output) => output.output)) {
    const body = item.type === 'chunk' ? item.code : item.source;
    files.set(`/${item.fileName}`, { type: contentType(item.fileName), body });
  }
}

beforeAll(async () => {
  if (!hasChromium()) return;
  appServer = await servePages((path) => files.get(path === '/' ? '/index.html' : path));
  appUrl = appServer.origin;
  // The app's origin must be one the backend trusts (CORS and sign-in).
  backend = await startFakeBackendServer({
    allowedOrigins: [appUrl],
    authRateLimit: false,
    fastPasswordHashing: true,
  });
  ({ userId } = await backend.backend.createUser(parent));
  await buildApp(backend.url);
  browser = await launchChromium(extraArgs);
});

afterAll(async () => {
  await browser?.close();
  await backend?.close();
  await appServer?.close();
});

/**
 * Reloads the page with the network still cut: the app's files come from the build output, as
 * an offline cache (a service worker) would serve them, and nothing else gets through.
 */
async function reloadOffline(page: Page, context: BrowserContext): Promise<void> {
  await context.route(
    (url) => url.origin === appUrl,
    (route) => {
      const path = new URL(route.request().url()).pathname;
      const file = files.get(path === '/' ? '/index.html' : path);
      if (!file) return route.abort('internetdisconnected');
      return route.fulfill({ status: 200, contentType: file.type, body: Buffer.from(file.body) });
    },
  );
  await page.reload();
}

const text = (page: Page, selector: string) => () => page.locator(selector).textContent();
const poll = { timeout: 15_000, interval: 50 };

it('keeps a hero added offline across a reload, then syncs it when the network is back', async () => {
  expect(hasChromium(), chromiumMissing).toBe(true);
  if (!browser || !backend) throw new Error('the set-up did not finish');
  const { context } = browser;
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  let offline = false;
  const sentOffline: string[] = [];
  context.on('request', (request) => {
    // The data API (the outbox's pushes, pulls): the session check at start-up may be tried.
    if (offline && request.url().startsWith(`${backend?.url}/api/v1/`)) {
      sentOffline.push(request.url());
    }
  });

  await page.goto(appUrl);
  await page.getByLabel('Email').fill(parent.email);
  await page.getByLabel('Password').fill(parent.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(text(page, '#who'), poll).toBe(`Signed in as ${parent.email}`);
  await expect.poll(text(page, '#status'), poll).toBe('online · 0 waiting to sync');
  // The first sync after sign-in has finished (no round is in flight when the network goes).
  const round = () =>
    page.locator('#status').evaluate((e) => `${e.dataset.phase}/${e.dataset.synced}`);
  await expect.poll(round, poll).toBe('idle/yes');

  // The page's network is cut: the browser reports offline and the app calls no data API.
  await context.setOffline(true);
  offline = true;
  await expect.poll(text(page, '#status'), poll).toBe('offline · 0 waiting to sync');
  await page.getByLabel('New hero').fill('Luna');
  await page.getByRole('button', { name: 'Add' }).click();
  await expect.poll(text(page, '#heroes'), poll).toBe('Luna (pendingCreate)');
  await expect.poll(text(page, '#status'), poll).toBe('offline · 1 waiting to sync');

  // A reload, still offline, finds the session and the queue in IndexedDB.
  await reloadOffline(page, context);
  await expect.poll(text(page, '#who'), poll).toBe(`Signed in as ${parent.email}`);
  await expect.poll(text(page, '#heroes'), poll).toBe('Luna (pendingCreate)');
  await expect.poll(text(page, '#status'), poll).toBe('offline · 1 waiting to sync');
  expect(backend.backend.db.heroes.size).toBe(0);

  // Network back: the browser's `online` event starts a sync by itself.
  expect(sentOffline, 'the app called the data API while offline').toEqual([]);
  offline = false;
  await context.setOffline(false);
  await context.unrouteAll();
  await expect.poll(text(page, '#heroes'), poll).toBe('Luna ✓');
  await expect.poll(text(page, '#status'), poll).toBe('online · 0 waiting to sync');
  expect([...backend.backend.db.heroes.values()].map((h) => [h.name, h.userId])).toEqual([
    ['Luna', userId],
  ]);
  expect(pageErrors).toEqual([]);
}, 60_000);
