import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string): string => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  // Examples import the package by its public name; here it maps to the sources, as the
  // tsconfig `paths` do for tsc and tsx.
  resolve: {
    alias: [
      { find: /^@infinitestories\/sdk$/, replacement: src('index.ts') },
      { find: /^@infinitestories\/sdk\/testing$/, replacement: src('testing/index.ts') },
      { find: /^@infinitestories\/sdk\/([a-z-]+)$/, replacement: src('$1.ts') },
    ],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['fake-indexeddb/auto'],
    // Type tests (`*.test-d.ts`, expectTypeOf) pin the public API. `npm run typecheck` (tsc over
    // src/ and test/) already fails on them, so `vitest run` does not check them a second time;
    // `npx vitest --typecheck.only` runs them alone with vitest's report.
    typecheck: {
      enabled: false,
      include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
    // One test file per core. vitest's own default leaves a core free (cores − 1), which on a
    // 2-core CI machine means a single worker and an idle core for the whole run.
    maxWorkers: availableParallelism(),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.test.ts', 'src/**/*.test-d.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: {
        'src/api/**': { lines: 90 },
        'src/testing/**': { lines: 90 },
        'src/auth/**': { lines: 90 },
        'src/conflict/**': { lines: 90 },
        'src/store/**': { lines: 90 },
        'src/sync/**': { lines: 90 },
        'src/media/**': { lines: 90 },
      },
    },
  },
});
