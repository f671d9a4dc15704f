import { afterEach, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createGetMessage, loadLocale } from './helpers/i18n';

const getMessage = createGetMessage(loadLocale('en'));

beforeEach(() => {
  fakeBrowser.reset();
  // The fake browser has no i18n: serve the real English locale file.
  (fakeBrowser.i18n as { getMessage: typeof getMessage }).getMessage = getMessage;
});

// Component tests wait for real work (a key checked with the local api.video over HTTPS): on a
// shared 2-core machine, or under Stryker's instrumentation, that can take more than Testing
// Library's default second. Waiting longer changes no outcome, only how long a failure takes.
if (typeof document !== 'undefined') {
  const { configure } = await import('@testing-library/preact');
  configure({ asyncUtilTimeout: 5_000 });
}

afterEach(async () => {
  if (typeof document !== 'undefined') {
    const { cleanup } = await import('@testing-library/preact');
    cleanup();
  }
});
