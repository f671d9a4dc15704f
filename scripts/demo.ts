// A demo of the real extension against the local api.video server, no account needed:
//   npm run demo
// Starts the server (HTTPS, realistic tokens), builds the extension, opens Chromium with the
// unmodified build pointed at the server, and adds three demo accounts through the options page
// as a person would. With a display: a visible browser, until Ctrl-C. Without one (or in CI):
// headless, walks through the main screens, writes screenshots to demo-screenshots/, exits.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { DEFAULT_KEYS, OTHER_KEYS } from '../tests/server';
import { chromiumUiPage } from '../tests/e2e/chromium-driver';
import { waitForBadge } from '../tests/e2e/driver';
import { copyBuild, launchExtension, type ExtensionSession } from '../tests/e2e/fixtures';
import {
  bulkDeleteDialog,
  button,
  filterRadio,
  heading,
  overviewRow,
  POPUP_VIEWPORT,
  addAccountOk,
  showing,
  tokenList,
  waitForList,
  waitForRefreshDone,
} from '../tests/e2e/steps';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCREENSHOTS_DIR = path.join(ROOT, 'demo-screenshots');
const PRODUCTION = { count: 180, neverExpiring: 23, expiringSoon: 9, seed: 2024 };
const STAGING = { count: 40, neverExpiring: 4, expiringSoon: 3, seed: 2026 };
const SANDBOX = { count: 6, neverExpiring: 2, expiringSoon: 1, seed: 2025 };
/** The demo's accounts, as an agency keeps them: two projects' production keys and a sandbox key. */
const NAMES = { production: 'Acme production', staging: 'Acme staging', sandbox: 'Acme sandbox' };

const headed = Boolean(process.env.DISPLAY) && !process.env.CI;

function build() {
  console.log('demo: building the extension (wxt build)…');
  const wxt = path.join(ROOT, 'node_modules', '.bin', 'wxt');
  const result = spawnSync(wxt, ['build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    console.error('demo: "wxt build" failed; run it yourself to see why.');
    process.exit(1);
  }
}

async function start(): Promise<{ session: ExtensionSession; extensionDir: string }> {
  build();
  const extensionDir = copyBuild();
  const session = await launchExtension({ extensionDir, headless: !headed, ...(headed ? { viewport: null } : {}) });
  session.server.seed('production', PRODUCTION);
  session.server.account('production', OTHER_KEYS.production).seed(STAGING);
  session.server.seed('sandbox', SANDBOX);

  // The install opened the options page: add the demo accounts there, like a person would.
  const options = await chromiumUiPage(await session.waitForOptionsTab());
  await addAccountOk(options, 'production', DEFAULT_KEYS.production, NAMES.production);
  await addAccountOk(options, 'production', OTHER_KEYS.production, NAMES.staging);
  await addAccountOk(options, 'sandbox', DEFAULT_KEYS.sandbox, NAMES.sandbox);
  const badgeSum = PRODUCTION.neverExpiring + STAGING.neverExpiring + SANDBOX.neverExpiring;
  await waitForBadge(session, String(badgeSum), 30_000);

  console.log(
    `demo: api.video stand-in at ${session.server.urls.production} (production), ${session.server.urls.sandbox} (sandbox)`,
  );
  console.log(
    `demo: ${NAMES.production}: ${PRODUCTION.count} tokens (${PRODUCTION.neverExpiring} never expire, ${PRODUCTION.expiringSoon} expire within 24 h); ${NAMES.staging}: ${STAGING.count} tokens; ${NAMES.sandbox}: ${SANDBOX.count} tokens`,
  );
  console.log(
    `demo: extension ${session.extensionId}; demo production key ${DEFAULT_KEYS.production} (valid only against this local server)`,
  );
  return { session, extensionDir };
}

async function shoot(page: Page, name: string, { fullPage = false } = {}): Promise<string> {
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide', fullPage });
  console.log(`  ${path.relative(ROOT, file)}`);
  return file;
}

/** Headless: the main screens, one screenshot each (the Page for screenshots, the UiPage for the steps). */
async function walkThrough(session: ExtensionSession) {
  rmSync(SCREENSHOTS_DIR, { recursive: true, force: true });
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  console.log('demo: screenshots');

  const options = await session.waitForOptionsTab();
  await options.setViewportSize({ width: 760, height: 1000 });
  await (await chromiumUiPage(options)).reload();
  await options.getByRole('region', { name: NAMES.sandbox }).waitFor();
  await shoot(options, '1-options', { fullPage: true });

  const popup = await session.openExtensionPage('popup.html', { viewport: POPUP_VIEWPORT });
  const steps = await chromiumUiPage(popup);
  for (const name of Object.values(NAMES)) await steps.waitFor(overviewRow(name));
  await shoot(popup, '2-popup-accounts');
  await steps.click(button(`Show tokens of ${NAMES.production}`));
  await waitForList(steps, PRODUCTION.count);
  await waitForRefreshDone(steps);
  await shoot(popup, '3-popup-list');
  await popup.emulateMedia({ colorScheme: 'dark' });
  await shoot(popup, '4-popup-list-dark');
  await popup.emulateMedia({ colorScheme: 'light' });

  await steps.click(filterRadio('Never expires'));
  await steps.waitFor(showing(PRODUCTION.neverExpiring, PRODUCTION.count));
  await shoot(popup, '5-popup-never-expires');

  await steps.click([tokenList, { role: 'listitem' }, { role: 'button' }]);
  await steps.waitFor(heading('Token details'));
  await shoot(popup, '6-token-details');
  await steps.click(button('Back'));

  await steps.click(button('New token'));
  await steps.waitFor(heading(/^New .* upload token$/));
  await shoot(popup, '7-create-token');

  await steps.click(button('Back'));
  await steps.click(button(`Delete all ${PRODUCTION.neverExpiring} never-expiring tokens`));
  await steps.waitFor(bulkDeleteDialog(PRODUCTION.neverExpiring));
  await shoot(popup, '8-bulk-delete-confirmation');
  console.log(`demo: screenshots written to ${SCREENSHOTS_DIR}`);
}

const { session, extensionDir } = await start();
const cleanUp = async () => {
  await session.close();
  rmSync(extensionDir, { recursive: true, force: true });
};

if (headed) {
  await session.openExtensionPage('popup.html');
  console.log('demo: Chromium is open (the toolbar badge and popup are live). Press Ctrl-C to stop.');
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void cleanUp().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  session.context.once('close', stop);
} else {
  try {
    await walkThrough(session);
  } finally {
    await cleanUp();
  }
  process.exit(0);
}
