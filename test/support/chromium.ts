/**
 * The one launch set-up of every test that runs real headless Chromium: Debian's `chromium`
 * (installed by .ci/run), driven by playwright-core, with no browser download. It gives the
 * binary's path, the flags, a page script bundled with esbuild, a loopback server for the
 * page, and a browser whose profile lives in a temporary folder removed on close. A missing
 * binary fails the test that needs it (never a skip).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type BrowserContext, chromium } from 'playwright-core';

/** The Chromium binary (override with `CHROMIUM_PATH`). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why a browser test cannot run, and how to fix it. */
export const chromiumMissing = `Chromium not found at ${chromiumPath}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`;

/** Whether the Chromium binary is there. */
export function hasChromium(): boolean {
  return existsSync(chromiumPath);
}

const launchArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Pages in the background keep their timers running (a pusher renews its lease on a timer).
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/** A running Chromium: one persistent context (its own profile folder). */
export interface Chromium {
  readonly context: BrowserContext;
  /** Closes the browser and removes its profile folder. */
  close(): Promise<void>;
}

/**
 * Launches Chromium with a fresh profile (on disk, so IndexedDB is the real on-disk store).
 * `extraArgs` adds flags for one test. Throws when the binary is missing.
 */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Chromium> {
  if (!hasChromium()) throw new Error(chromiumMissing);
  const profile = mkdtempSync(join(tmpdir(), 'sdk-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      args: [...launchArgs, ...extraArgs],
      headless: true,
    });
    return {
      context,
      async close() {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}

/** Bundles a page script (a module next to the tests) for Chromium, in memory. */
export async function bundleForChromium(entry: URL): Promise<string> {
  const bundle = await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
  });
  return bundle.outputFiles[0]?.text ?? '';
}

/** A file the page server answers with. */
export interface ServedFile {
  readonly type: string;
  readonly body: string | Uint8Array;
}

/** A loopback HTTP server for test pages. */
export interface PageServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  close(): Promise<void>;
}

/** Serves `fileAt(pathname)` on a free loopback port (404 when it gives nothing). */
export async function servePages(
  fileAt: (pathname: string) => ServedFile | undefined,
): Promise<PageServer> {
  const server: Server = createServer((request, response) => {
    const file = fileAt(new URL(request.url ?? '/', 'http://page').pathname);
    response.writeHead(file ? 200 : 404, { 'content-type': file?.type ?? 'text/plain' });
    response.end(file?.body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Serves one page at every path but `/<scriptName>`, which loads `script` as a module. */
export function serveScriptPage(scriptName: string, script: string): Promise<PageServer> {
  const page = `<!doctype html><script type="module" src="/${scriptName}"></script>`;
  return servePages((pathname) =>
    pathname === `/${scriptName}`
      ? { type: 'text/javascript', body: script }
      : { type: 'text/html', body: page },
  );
}
