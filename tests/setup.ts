import { afterEach, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createGetMessage, loadLocale } from './helpers/i18n';

const getMessage = createGetMessage(loadLocale('en'));

beforeEach(() => {
  fakeBrowser.reset();
  // The fake browser has no i18n: serve the real English locale file.
  (fakeBrowser.i18n as { getMessage: typeof getMessage }).getMessage = getMessage;
});

afterEach(async () => {
  if (typeof document !== 'undefined') {
    const { cleanup } = await import('@testing-library/preact');
    cleanup();
  }
});
