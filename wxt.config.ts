import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { API_HOSTS } from './utils/apivideo/types';

/** Firefox only (Chrome warns about keys it does not know). */
const firefoxSettings = {
  gecko: {
    id: 'upload-tokens@apivideo-token-manager.dev',
    // data_collection_permissions exists from Firefox 140 (Android 142).
    strict_min_version: '140.0',
    // The API key is sent to api.video to authenticate: that is authentication
    // information leaving the browser, so it is declared.
    data_collection_permissions: {
      required: ['authenticationInfo'],
    },
  },
  gecko_android: {
    strict_min_version: '142.0',
  },
};

// https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // Minimal on purpose: storage for the key and cache, alarms for the badge refresh,
    // and the two api.video hosts. No tabs, no content scripts, no <all_urls>.
    permissions: ['storage', 'alarms'],
    // Asked for only when the person turns on "Notify me when a new never-expiring token appears".
    optional_permissions: ['notifications'],
    host_permissions: Object.values(API_HOSTS).map((origin) => `${origin}/*`),
    action: {
      default_title: '__MSG_extName__',
    },
    ...(browser === 'firefox' ? { browser_specific_settings: firefoxSettings } : {}),
  }),
  zip: {
    // `wxt zip -b firefox` also writes a sources archive and does not read .gitignore.
    // Reviewers rebuild from these sources with `npm ci && npm run build`: tests, benchmarks,
    // the demo and screenshots build nothing (and the test server holds fake keys a secret
    // scanner would flag).
    excludeSources: [
      '.ci/**',
      'tests/**',
      'bench/**',
      'docs/**',
      'scripts/demo.ts',
      'test-results/**',
      'bench-results/**',
      'demo-screenshots/**',
      'coverage/**',
      '**/*.log',
      '**/*.pem',
      '**/*.key',
      '.env*',
    ],
  },
});
