import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Unit, component and integration tests. Component tests opt into happy-dom with a
// `// @vitest-environment happy-dom` comment; everything else runs in Node.
// The end-to-end suite has its own config (vitest.e2e.config.ts): it needs a build first.
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/integration/**/*.test.{ts,tsx}'],
    setupFiles: ['tests/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
