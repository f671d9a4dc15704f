// The popup's side of the guard (issue 14) in Chromium, the production build: the refresh alarm
// finds a new never-expiring token, the overview says so, "Show tokens" opens it on "New" and the
// look ends the alert; a token marked Keep; and a notification's intent (left in session storage,
// as a click does) read once by the popup page. Accounts are added by the popup page's own
// messages, as the options page would send them.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { maskToken } from '@/utils/mask';
import { DEFAULT_KEYS } from '../server';
import { expectAccessible } from './axe';
import { chromiumUiPage } from './chromium-driver';
import type { UiPage } from './driver';
import { launchExtension, type ChromeGlobal, type ExtensionSession } from './fixtures';
import { button, POPUP_VIEWPORT, radio, text, tokenList } from './steps';

const SECOND = 'Acme sandbox';
const KEEP = 'Keep — the lifetime policy never deletes it';

let session: ExtensionSession;
let page: Page;
let popup: UiPage;
let fresh: string;

/** A request from the popup page, through the real runtime messaging. */
async function send(type: string, payload: object): Promise<{ ok: boolean }> {
  return page.evaluate<{ ok: boolean }, readonly [string, object]>(
    ([type, payload]) => (globalThis as unknown as ChromeGlobal).chrome.runtime.sendMessage({ type, payload }),
    [type, payload] as const,
  );
}

/** Fires the refresh alarm now (an unpacked extension's alarm may fire at once) and waits for the alert it sets. */
async function refreshAlarmFinds(account: string) {
  const worker = await session.worker();
  await worker.evaluate(() =>
    (globalThis as unknown as ChromeGlobal).chrome.alarms.create('refresh-badge', { when: Date.now() }),
  );
  const deadline = Date.now() + 20_000;
  while (!(`alert:${account}` in (await session.storage('local')))) {
    if (Date.now() > deadline) throw new Error(`no alert for ${account} after the refresh alarm`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function openPopup() {
  page = await session.openExtensionPage('popup.html', { viewport: POPUP_VIEWPORT });
  popup = await chromiumUiPage(page);
}

beforeAll(async () => {
  session = await launchExtension({ extensionDir: inject('extensionDir') });
  session.server.seed('production', { count: 5, neverExpiring: 2, seed: 31 });
  session.server.seed('sandbox', { count: 3, neverExpiring: 1, seed: 32 });
  await openPopup();
  const added = [
    await send('addAccount', { name: 'Production', environment: 'production', apiKey: DEFAULT_KEYS.production }),
    await send('addAccount', { name: SECOND, environment: 'sandbox', apiKey: DEFAULT_KEYS.sandbox }),
  ];
  expect(added.map((reply) => reply.ok)).toEqual([true, true]);
  // A visit to each list: listed, then looked at.
  for (const account of ['production', 'sandbox']) {
    expect((await send('refreshList', { account })).ok).toBe(true);
    expect((await send('markLooked', { account })).ok).toBe(true);
  }
  await page.close();
});

afterAll(async () => {
  await session?.close();
});

describe('the popup and the guard (Chromium)', () => {
  it('says in the overview that an account has a new never-expiring token', async () => {
    fresh = session.server.addToken('sandbox', { ttl: 0 }).token;
    await refreshAlarmFinds('sandbox');
    await openPopup();
    await popup.waitFor({ role: 'table', name: 'Accounts' });
    await popup.waitFor([{ role: 'row', name: new RegExp(SECOND) }, text('1 new')]);
    await expectAccessible(page, 'overview with an account calling for attention');
  });

  it('opens that account on its new tokens with Show tokens, which ends the alert', async () => {
    await popup.click(button(`Show tokens of ${SECOND}`));
    await popup.waitFor(radio('New (1)'));
    expect(await popup.evaluateOn(radio('New (1)'), (element) => (element as HTMLInputElement).checked, null)).toBe(
      true,
    );
    await popup.waitFor([tokenList, button(new RegExp(`^${maskToken(fresh)}`))]);
    const deadline = Date.now() + 10_000;
    while ('alert:sandbox' in (await session.storage('local'))) {
      if (Date.now() > deadline) throw new Error('the alert outlived the look');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  it('marks the new token Keep in its details, and its row says so', async () => {
    await popup.click([tokenList, button(new RegExp(`^${maskToken(fresh)}`))]);
    await popup.click({ role: 'checkbox', name: KEEP });
    await expectAccessible(page, 'token details with its Keep mark');
    await popup.click(button('Back'));
    await popup.waitFor([tokenList, button(new RegExp(`^${maskToken(fresh)}.*Keep`))]);
    expect(await popup.text([tokenList, { role: 'listitem' }])).toContain('Keep');
    await page.close();
  });

  it('opens on the account a notification click named, and reads that intent once', async () => {
    const other = session.server.addToken('production', { ttl: 0 }).token;
    await refreshAlarmFinds('production');
    // What a click on the notification leaves (utils/background/guard.ts), then the popup opens.
    const worker = await session.worker();
    await worker.evaluate(() =>
      (globalThis as unknown as ChromeGlobal).chrome.storage.session.set({
        popupIntent: { account: 'production', show: 'new', at: Date.now() },
        popupIntent$: { v: 1 },
      }),
    );
    await openPopup();
    await popup.waitFor(radio('New (1)'));
    expect(await popup.value({ role: 'combobox', name: 'Account' })).toBe('production');
    await popup.waitFor([tokenList, button(new RegExp(`^${maskToken(other)}`))]);
    expect('popupIntent' in (await session.storage('session'))).toBe(false);
    await page.close();

    // Read once: the next opening is the overview again.
    await openPopup();
    await popup.waitFor({ role: 'table', name: 'Accounts' });
    await page.close();
  });
});
