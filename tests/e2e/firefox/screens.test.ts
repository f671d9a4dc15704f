// The popup as Firefox draws it, light and dark, from the real build (the README shows them
// beside Chromium's). E2E_UPDATE_SCREENSHOTS=1 also writes them to docs/screenshots/
// (npm run screenshots:firefox); otherwise they go to test-results/screenshots/ only.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { DEFAULT_KEYS, OTHER_KEYS } from '../../server';
import { waitForBadge } from '../driver';
import { launchFirefox, type FirefoxSession } from '../firefox';
import { addAccountOk, overviewRow, POPUP_VIEWPORT } from '../steps';

const NEVER = 7;
/** The same three accounts as the Chromium screenshots (screens.test.ts). */
const STAGING = { count: 12, neverExpiring: 3, expiringSoon: 2, seed: 32 };
const SANDBOX = { count: 6, neverExpiring: 2, expiringSoon: 1, seed: 33 };
const NAMES = ['Acme production', 'Acme staging', 'Acme sandbox'];
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const DIRS = [
  path.join(ROOT, 'test-results', 'screenshots'),
  ...(process.env.E2E_UPDATE_SCREENSHOTS === '1' ? [path.join(ROOT, 'docs', 'screenshots')] : []),
];

let session: FirefoxSession | undefined;

afterEach(async () => {
  await session?.close();
  session = undefined;
});

describe.each(['light', 'dark'] as const)('the popup in Firefox, %s', (colorScheme) => {
  it('shows the overview of three accounts in the page’s colour scheme, and is saved as a screenshot', async () => {
    session = await launchFirefox({ extensionDir: inject('firefoxExtensionDir'), colorScheme });
    // The same seed as the Chromium screenshots (screens.test.ts): the same tokens side by side.
    session.server.seed('production', { count: 48, neverExpiring: NEVER, expiringSoon: 5, seed: 31 });
    session.server.account('production', OTHER_KEYS.production).seed(STAGING);
    session.server.seed('sandbox', SANDBOX);
    const options = await session.waitForOptionsTab();
    await addAccountOk(options, 'production', DEFAULT_KEYS.production, NAMES[0]);
    await addAccountOk(options, 'production', OTHER_KEYS.production, NAMES[1]);
    await addAccountOk(options, 'sandbox', DEFAULT_KEYS.sandbox, NAMES[2]);
    await waitForBadge(session, String(NEVER + STAGING.neverExpiring + SANDBOX.neverExpiring));

    const popup = await session.openExtensionPage('popup.html', { viewport: POPUP_VIEWPORT });
    for (const name of NAMES) await popup.waitFor(overviewRow(name));
    expect(await popup.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches, undefined)).toBe(
      colorScheme === 'dark',
    );
    for (const dir of DIRS) {
      mkdirSync(dir, { recursive: true });
      await popup.screenshot(path.join(dir, `popup-firefox-${colorScheme}.png`));
    }
  });
});
