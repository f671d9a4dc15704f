import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The end-to-end suite in Firefox ESR (tests/e2e/firefox/): the Firefox MV3 build installed as a
// temporary add-on. Needs `wxt build -b firefox --mv3` first: `npm run test:e2e:firefox` does both.
// As in vitest.e2e.config.ts: one file at a time, a failed step stops its file.
export default defineConfig({
  resolve: {
    alias: { '@': fileURLToPath(new URL('.', import.meta.url)) },
  },
  test: {
    environment: 'node',
    include: ['tests/e2e/firefox/**/*.test.ts'],
    globalSetup: ['tests/e2e/firefox/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    sequence: { concurrent: false },
  },
});
