// Every main screen, in light and dark: axe-core finds no serious or critical violation, and
// the screenshots for the README are taken from the real build.
//   E2E_UPDATE_SCREENSHOTS=1 also writes them to docs/screenshots/ (npm run screenshots);
//   otherwise they go to test-results/screenshots/ only, so a test run leaves the tree clean.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_KEYS, OTHER_KEYS } from '../server';
import { expectAccessible, seriousViolations } from './axe';
import { chromiumUiPage } from './chromium-driver';
import { waitForBadge, type UiPage } from './driver';
import { launchExtension, type ExtensionSession } from './fixtures';
import {
  addAccount,
  addAccountOk,
  bulkDeleteDialog,
  button,
  filterRadio,
  inAccount,
  inAddForm,
  overviewRow,
  POPUP_VIEWPORT,
  tokenList,
  waitForList,
  waitForRefreshDone,
} from './steps';

type Scheme = 'light' | 'dark';
const SCHEMES: readonly Scheme[] = ['light', 'dark'];
const TOTAL = 48;
const NEVER = 7;
/** Three accounts, as an agency keeps them: the screenshots show the options page and the popup's overview of all three. */
const ACCOUNTS = {
  production: { name: 'Acme production', never: NEVER, total: TOTAL },
  staging: {
    name: 'Acme staging',
    never: 3,
    total: 12,
    seed: { count: 12, neverExpiring: 3, expiringSoon: 2, seed: 32 },
  },
  sandbox: {
    name: 'Acme sandbox',
    never: 2,
    total: 6,
    seed: { count: 6, neverExpiring: 2, expiringSoon: 1, seed: 33 },
  },
} as const;
const BADGE_SUM = ACCOUNTS.production.never + ACCOUNTS.staging.never + ACCOUNTS.sandbox.never;
const OPTIONS_VIEWPORT = { width: 760, height: 1000 };

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RESULTS_DIR = path.join(ROOT, 'test-results', 'screenshots');
const DOCS_DIR = path.join(ROOT, 'docs', 'screenshots');
const updateDocs = process.env.E2E_UPDATE_SCREENSHOTS === '1';

let session: ExtensionSession;
// Each page twice: Playwright's Page for axe, colour schemes and screenshots; the shared steps' UiPage.
let options: Page;
let optionsUi: UiPage;
let popup: Page;
let popupUi: UiPage;

/** The README's screenshots (docs/screenshots/<name>.png); the others stay in test-results/. */
const README_SCREENSHOTS = new Set(['popup-light', 'popup-dark', 'options-light', 'options-dark']);

/** `fullPage`: the whole page, not just the viewport (the options page with every account). */
async function screenshot(page: Page, name: string, { fullPage = false } = {}) {
  const dirs = updateDocs && README_SCREENSHOTS.has(name) ? [RESULTS_DIR, DOCS_DIR] : [RESULTS_DIR];
  for (const dir of dirs) {
    mkdirSync(dir, { recursive: true });
    await page.screenshot({
      path: path.join(dir, `${name}.png`),
      animations: 'disabled',
      caret: 'hide',
      scale: 'css',
      fullPage,
    });
  }
}

beforeAll(async () => {
  session = await launchExtension({ extensionDir: inject('extensionDir') });
  session.server.seed('production', { count: TOTAL, neverExpiring: NEVER, expiringSoon: 5, seed: 31 });
  session.server.account('production', OTHER_KEYS.production).seed(ACCOUNTS.staging.seed);
  session.server.seed('sandbox', ACCOUNTS.sandbox.seed);
  options = await session.waitForOptionsTab();
  optionsUi = await chromiumUiPage(options);
  await options.setViewportSize(OPTIONS_VIEWPORT);
});

afterAll(async () => {
  await session?.close();
});

describe('before any account', () => {
  it('the options page passes axe', async () => {
    await options.getByLabel('API key', { exact: true }).first().waitFor();
    await expectAccessible(options, 'options, no account');
    await screenshot(options, 'options-first-run', { fullPage: true });
  });

  it('the popup (first run) passes axe', async () => {
    const firstRun = await session.openExtensionPage('popup.html', { viewport: POPUP_VIEWPORT });
    await firstRun.getByRole('button', { name: 'Open settings to add an account' }).waitFor();
    await expectAccessible(firstRun, 'popup, first run');
    await firstRun.close();
  });
});

describe('with several accounts', () => {
  it('the options page passes axe, with its error state and three accounts', async () => {
    await addAccount(optionsUi, 'sandbox', 'not-a-key-for-anything-at-all', ACCOUNTS.sandbox.name);
    await optionsUi.waitFor(inAddForm({ role: 'alert' }));
    await expectAccessible(options, 'options, key refused');
    await addAccountOk(optionsUi, 'production', DEFAULT_KEYS.production, ACCOUNTS.production.name);
    await addAccountOk(optionsUi, 'production', OTHER_KEYS.production, ACCOUNTS.staging.name);
    await addAccountOk(optionsUi, 'sandbox', DEFAULT_KEYS.sandbox, ACCOUNTS.sandbox.name);
    await waitForBadge(session, String(BADGE_SUM));
    await expectAccessible(options, 'options, three accounts');
    await optionsUi.reload();
    // Checked now, so each account shows its total and "expiring soon" too.
    for (const account of Object.values(ACCOUNTS)) {
      await optionsUi.click(inAccount(account.name, button(`Check now: ${account.name}`)));
      await optionsUi.waitFor(inAccount(account.name, { text: String(account.total) }), { timeoutMs: 20_000 });
    }
    await options.evaluate(() => window.scrollTo(0, 0));
    for (const scheme of SCHEMES) {
      await options.emulateMedia({ colorScheme: scheme });
      await screenshot(options, `options-${scheme}`, { fullPage: true });
    }
    await options.emulateMedia({ colorScheme: 'light' });
  });

  it('the popup’s overview of the accounts passes axe, light and dark', async () => {
    popup = await session.openExtensionPage('popup.html', { viewport: POPUP_VIEWPORT });
    popupUi = await chromiumUiPage(popup);
    for (const account of Object.values(ACCOUNTS)) await popupUi.waitFor(overviewRow(account.name));
    for (const scheme of SCHEMES) {
      await popup.emulateMedia({ colorScheme: scheme });
      await screenshot(popup, `popup-${scheme}`);
    }
    await popup.emulateMedia({ colorScheme: 'light' });
    await expectAccessible(popup, 'popup overview');
  });

  it('one account’s list passes axe, light and dark', async () => {
    await popupUi.click(button(`Show tokens of ${ACCOUNTS.production.name}`));
    await waitForList(popupUi, TOTAL);
    // "checking…" turns into "checked just now" once the refresh behind the cached list is back.
    await waitForRefreshDone(popupUi);
    for (const scheme of SCHEMES) {
      await popup.emulateMedia({ colorScheme: scheme });
      await screenshot(popup, `popup-list-${scheme}`);
    }
    await popup.emulateMedia({ colorScheme: 'light' });
    await expectAccessible(popup, 'popup list');
  });

  it('the never-expires filter passes axe', async () => {
    await popupUi.click(filterRadio('Never expires'));
    await expect.poll(() => popupUi.count([tokenList, { role: 'listitem' }])).toBe(NEVER);
    await expectAccessible(popup, 'popup, never-expires filter');
  });

  it('a token’s details pass axe', async () => {
    await popupUi.click([tokenList, { role: 'listitem' }, { role: 'button' }]);
    await popup.getByRole('heading', { name: 'Token details' }).waitFor();
    await expectAccessible(popup, 'popup, token details');
    await screenshot(popup, 'popup-details');
  });

  it('the delete confirmation passes axe', async () => {
    await popup.getByRole('button', { name: 'Delete this token', exact: true }).click();
    const dialog = popup.getByRole('alertdialog', { name: 'Delete this upload token?' });
    await dialog.waitFor();
    await expectAccessible(popup, 'popup, delete confirmation');
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await popup.getByRole('button', { name: 'Back', exact: true }).click();
  });

  it('the create form, with the never-expires warning, passes axe', async () => {
    await popup.getByRole('button', { name: 'New token', exact: true }).click();
    await popup.getByRole('heading', { name: /^New .* upload token$/ }).waitFor();
    await expectAccessible(popup, 'popup, create');
    await popup.getByRole('radio', { name: 'Never expires (not recommended)' }).check();
    await expectAccessible(popup, 'popup, create never-expiring');
    await popup.getByRole('button', { name: 'Back', exact: true }).click();
  });

  it('the bulk delete confirmation passes axe', async () => {
    await popupUi.click(button(`Delete all ${NEVER} never-expiring tokens`));
    await popupUi.waitFor(bulkDeleteDialog(NEVER));
    const dialog = popup.getByRole('alertdialog', { name: `Delete ${NEVER} never-expiring tokens?` });
    await expectAccessible(popup, 'popup, bulk delete confirmation');
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  });
});

describe('the accessibility check itself', () => {
  it('does look: a button without a name, added on purpose, is reported', async () => {
    await popup.evaluate(() =>
      document.body.append(Object.assign(document.createElement('button'), { id: 'nameless' })),
    );
    const violations = await seriousViolations(popup);
    expect(violations.map((v) => v.id)).toContain('button-name');
    await popup.evaluate(() => document.getElementById('nameless')?.remove());
  });
});
