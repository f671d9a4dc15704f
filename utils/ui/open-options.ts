import { browser } from 'wxt/browser';

/** Open the options page; a plain new tab when the API is unavailable (e.g. popup.html opened as a page in tests). */
export async function openOptionsPage(): Promise<void> {
  try {
    await browser.runtime.openOptionsPage();
  } catch {
    window.open(browser.runtime.getURL('/options.html'), '_blank', 'noopener');
  }
}
