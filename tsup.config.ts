import { defineConfig } from 'tsup';

// ky and p-queue are ESM-only: the CJS build bundles them so that require() works
// (TOOLCHAIN.md gotcha 1). The ESM build leaves every dependency external.
const entry = {
  index: 'src/index.ts',
  testing: 'src/testing/index.ts',
  indexeddb: 'src/indexeddb.ts',
  sqlite: 'src/sqlite.ts',
  node: 'src/node.ts',
  migration: 'src/migration.ts',
  react: 'src/react.ts',
  'react-native': 'src/react-native.ts',
  types: 'src/types.ts',
};

export default defineConfig([
  {
    entry,
    format: ['esm'],
    sourcemap: true,
    clean: true,
    target: 'node20',
    splitting: true,
  },
  {
    entry,
    format: ['cjs'],
    sourcemap: true,
    target: 'node20',
    noExternal: ['ky', 'p-queue', 'p-timeout'],
  },
  {
    // The type declarations of both formats (`.d.ts` and `.d.cts`) from one compile of the
    // sources, rather than one compile per format.
    entry,
    format: ['esm', 'cjs'],
    dts: { only: true },
    target: 'node20',
  },
  {
    // The `infinitestories` and `infinitestories-fake-backend` commands (package.json "bin"):
    // ESM only, no types.
    entry: { cli: 'src/cli/infinitestories.ts', 'fake-backend': 'src/testing/fake-backend-bin.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
]);
