/**
 * W1 creates with coordination on, as a ratio to the same store without it, in real headless
 * Chromium over its own IndexedDB (see `chromium-creates-page.ts`).
 */
import { runPageInChromium } from '../chromium-bench.js';
import type {
  CoordinatedCreatesRequest,
  CoordinatedCreatesResult,
} from './chromium-creates-page.js';

/** The target on IndexedDB: the ratio to the store without coordination, at most. */
export const INDEXEDDB_TARGET = 1.1;

/**
 * Runs the benchmark in a fresh browser profile (with `request.listener`, a listening page
 * beside). Throws when Chromium is missing.
 */
export function runCoordinatedCreatesInChromium(
  request: CoordinatedCreatesRequest,
): Promise<CoordinatedCreatesResult & { version: string }> {
  return runPageInChromium<CoordinatedCreatesResult>(
    new URL('./chromium-creates-page.ts', import.meta.url),
    'runCoordinatedCreates',
    request,
    request.listener ? { run: 'listenToCreates', request: request.listener } : undefined,
  );
}
