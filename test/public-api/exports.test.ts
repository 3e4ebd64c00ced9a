/**
 * Pins the exported names of every entry point. A change to the public API must change
 * `public-api.json` in the same commit, so it shows in review. To refresh the file after a
 * deliberate change: `npx tsx test/public-api/list-exports.ts src/index.ts` (and each entry below).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { listExportsOf } from './list-exports.js';

const pinned = JSON.parse(
  readFileSync(new URL('./public-api.json', import.meta.url), 'utf8'),
) as Record<string, string[]>;

const entries: Record<string, string> = {
  '.': 'src/index.ts',
  './testing': 'src/testing/index.ts',
  './indexeddb': 'src/indexeddb.ts',
  './sqlite': 'src/sqlite.ts',
  './node': 'src/node.ts',
  './migration': 'src/migration.ts',
  './react': 'src/react.ts',
  './react-native': 'src/react-native.ts',
  './types': 'src/types.ts',
};

describe('public API', () => {
  // One compiler run for all entries (it takes seconds, and over a minute on a loaded machine).
  let lists = new Map<string, string[]>();
  beforeAll(() => {
    lists = listExportsOf(Object.values(entries));
  }, 240_000);

  it('pins every entry point of package.json', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
      exports: Record<string, unknown>;
    };
    const published = Object.keys(manifest.exports).filter((key) => key !== './package.json');
    expect(Object.keys(entries).sort()).toEqual(published.sort());
    expect(Object.keys(pinned).sort()).toEqual(published.sort());
  });

  for (const [entry, file] of Object.entries(entries)) {
    it(`${entry} exports exactly the pinned names`, () => {
      expect(lists.get(file)).toEqual(pinned[entry]);
    });
  }

  // The ceiling. Errors are tested with `instanceof`, so they need no guard functions.
  it('keeps the main entry within 80 names', () => {
    expect(pinned['.']?.length).toBeLessThanOrEqual(80);
  });
});
