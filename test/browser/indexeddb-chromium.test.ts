import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageAdapterContractCases } from '../../src/testing/storage-adapter-contract.js';
import {
  bundleForChromium,
  type Chromium,
  chromiumMissing,
  hasChromium,
  launchChromium,
  type PageServer,
  serveScriptPage,
} from '../support/chromium.js';
import type { BlockedResult, CaseResult } from './indexeddb-contract-page.js';

// The StorageAdapter contract against indexedDBStorage in real headless Chromium (Debian's
// `chromium` package, installed by .ci/run). No browser download: playwright-core drives the
// system binary. A missing binary fails the test: it is never skipped.
describe('indexedDBStorage in real headless Chromium', () => {
  let server: PageServer | undefined;
  let browser: Chromium | undefined;

  beforeAll(async () => {
    if (!hasChromium()) return; // the test below fails with the explanation
    const script = await bundleForChromium(
      new URL('./indexeddb-contract-page.ts', import.meta.url),
    );
    server = await serveScriptPage('contract.js', script);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('passes every case of the StorageAdapter contract', async () => {
    expect(hasChromium(), chromiumMissing).toBe(true);
    if (!browser || !server) throw new Error('the browser or the page server did not start');
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.origin}/`);
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

  it('fails a version change that a connection which never closes blocks; the browser later aborts it', async () => {
    expect(hasChromium(), chromiumMissing).toBe(true);
    if (!browser || !server) throw new Error('the browser or the page server did not start');
    const page = await browser.context.newPage();
    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => 'runBlocked' in globalThis);
    const result = (await page.evaluate('runBlocked()')) as BlockedResult;
    expect(result.failure).toMatch(/another connection to the database did not close/);
    expect(result.read).toMatch(/another connection to the database did not close/);
    expect(result).toMatchObject({ after: [1, 1], versionKept: true, final: 2 });
  });
});
