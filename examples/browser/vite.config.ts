import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Inside this repository the package's public name maps to its sources, so nothing needs to be
// built first. In your own app, `npm install @infinitestories/sdk` and leave `resolve` out.
const src = (path: string): string => fileURLToPath(new URL(`../../src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@infinitestories\/sdk$/, replacement: src('index.ts') },
      { find: /^@infinitestories\/sdk\/([a-z-]+)$/, replacement: src('$1.ts') },
    ],
  },
});
