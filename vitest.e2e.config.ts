import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The end-to-end suite: the production build in Debian's Chromium against the local api.video
// server (tests/e2e/fixtures.ts). Needs a build first: `npm run test:e2e` does both.
// Files share the machine's two cores with a whole browser each: one file at a time.
export default defineConfig({
  resolve: {
    alias: { '@': fileURLToPath(new URL('.', import.meta.url)) },
  },
  test: {
    environment: 'node',
    include: ['tests/e2e/**/*.test.ts'],
    // The Firefox files have their own config (vitest.e2e.firefox.config.ts) and build.
    exclude: ['tests/e2e/firefox/**'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A failed step leaves the next steps of a flow meaningless: stop the file there.
    sequence: { concurrent: false },
  },
});
