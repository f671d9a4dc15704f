// The popup as Firefox draws it, light and dark, from the real build (the README shows them
// beside Chromium's). E2E_UPDATE_SCREENSHOTS=1 also writes them to docs/screenshots/
// (npm run screenshots:firefox); otherwise they go to test-results/screenshots/ only.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { DEFAULT_KEYS } from '../../server';
import { waitForBadge } from '../driver';
import { launchFirefox, type FirefoxSession } from '../firefox';
import { POPUP_VIEWPORT, saveKey } from '../steps';

const TOTAL = 48;
const NEVER = 7;
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
  it('lists the tokens in the page’s colour scheme, and is saved as a screenshot', async () => {
    session = await launchFirefox({ extensionDir: inject('firefoxExtensionDir'), colorScheme });
    // The same seed as the Chromium screenshots (screens.test.ts): the same tokens side by side.
    session.server.seed('production', { count: TOTAL, neverExpiring: NEVER, expiringSoon: 5, seed: 31 });
    const options = await session.waitForOptionsTab();
    await saveKey(options, 'production', DEFAULT_KEYS.production);
    await waitForBadge(session, String(NEVER));

    const popup = await session.openExtensionPage('popup.html', { viewport: POPUP_VIEWPORT });
    await popup.waitFor({ role: 'radio', name: `All (${TOTAL})` });
    await popup.waitFor({ text: 'checked just now' });
    expect(await popup.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches, undefined)).toBe(
      colorScheme === 'dark',
    );
    for (const dir of DIRS) {
      mkdirSync(dir, { recursive: true });
      await popup.screenshot(path.join(dir, `popup-firefox-${colorScheme}.png`));
    }
  });
});
