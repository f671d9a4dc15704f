// The browser-neutral session (./driver.ts) over the Chromium fixture (./fixtures.ts).
import type { ElementHandle, Page } from 'playwright-core';
import { pageDriver, QUERY_ENGINE_SOURCE, UiPage, type BrowserSession } from './driver';
import { launchExtension, type ChromeGlobal, type LaunchOptions } from './fixtures';

/** One UiPage per Playwright page: a second one would dismiss each dialog twice. */
const uiPages = new WeakMap<Page, Promise<UiPage>>();

/**
 * The browser-neutral view of a Playwright page of the extension, for the shared steps
 * (./steps.ts); Chromium-only files keep the Page itself for what only Playwright does.
 */
export function chromiumUiPage(page: Page): Promise<UiPage> {
  let ui = uiPages.get(page);
  if (!ui) {
    ui = wrap(page);
    uiPages.set(page, ui);
  }
  return ui;
}

async function wrap(page: Page): Promise<UiPage> {
  const driver = await pageDriver<ElementHandle>(page, (firstMatch) => ({
    async fill(query, value) {
      await (await firstMatch(query)).fill(value);
    },
    async readClipboard() {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      return page.evaluate(() => navigator.clipboard.readText());
    },
    async screenshot(path) {
      await page.screenshot({ path, animations: 'disabled', caret: 'hide', scale: 'css' });
    },
    async reload() {
      await page.reload();
      await page.evaluate(QUERY_ENGINE_SOURCE);
    },
  }));
  return new UiPage(driver);
}

/** The unmodified Chrome build in Debian's Chromium, as a BrowserSession. */
export async function launchChromium(options: LaunchOptions): Promise<BrowserSession> {
  const session = await launchExtension(options);
  const inWorker = async <R>(fn: () => Promise<R>) => (await session.worker()).evaluate(fn);
  return {
    browserName: 'chromium',
    server: session.server,
    extensionOrigin: session.extensionOrigin,
    browserRequests: session.browserRequests,
    async waitForOptionsTab() {
      return chromiumUiPage(await session.waitForOptionsTab());
    },
    async openExtensionPage(file, pageOptions) {
      return chromiumUiPage(await session.openExtensionPage(file, pageOptions));
    },
    badgeText: () => session.badgeText(),
    badgeTitle: () => inWorker(() => (globalThis as unknown as ChromeGlobal).chrome.action.getTitle({})),
    storage: (area) => session.storage(area),
    close: () => session.close(),
  };
}
