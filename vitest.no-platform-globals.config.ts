import { defineConfig } from 'vitest/config';

// The SDK run with the platform globals React Native lacks removed (see the setup file). The
// fake backend runs in the main process (global setup), where those globals are intact.
export default defineConfig({
  test: {
    include: ['test/no-platform-globals/**/*.globals-test.ts'],
    globalSetup: ['test/no-platform-globals/global-setup.ts'],
    setupFiles: ['test/no-platform-globals/remove-globals.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
