import { browser } from 'wxt/browser';

/**
 * The browser's UI language (what the extension's strings are shown in), for dates and
 * plural rules. Falls back to the page's language when the API is missing (tests, old Firefox).
 */
export function uiLanguage(): string {
  try {
    const language = browser.i18n.getUILanguage();
    if (language) return language;
  } catch {
    // WXT's fake browser leaves getUILanguage unimplemented.
  }
  return typeof navigator !== 'undefined' && navigator.language ? navigator.language : 'en';
}
