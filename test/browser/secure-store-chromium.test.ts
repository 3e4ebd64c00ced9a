import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundleForChromium,
  type Chromium,
  chromiumMissing,
  hasChromium,
  launchChromium,
  type PageServer,
  serveScriptPage,
} from '../support/chromium.js';
import type { SecureCaseResult } from './secure-store-page.js';

// The SecureStore contract against indexedDBSecureStore in real headless Chromium (IndexedDB +
// WebCrypto), and a token that survives a page reload. A missing binary fails the test.
describe('indexedDBSecureStore in real headless Chromium', () => {
  let server: PageServer | undefined;
  let browser: Chromium | undefined;

  beforeAll(async () => {
    if (!hasChromium()) return;
    const script = await bundleForChromium(new URL('./secure-store-page.ts', import.meta.url));
    server = await serveScriptPage('page.js', script);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('passes the SecureStore contract and keeps a token across a reload', async () => {
    expect(hasChromium(), chromiumMissing).toBe(true);
    if (!browser || !server) throw new Error('the browser or the page server did not start');
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.origin}/`);
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
