// Security, checked from the outside: what the browser sent and to whom, where the key went,
// whether a web page can reach the background, and whether token strings can inject HTML.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { maskToken } from '@/utils/mask';
import { DEFAULT_KEYS } from '../server';
import { secretLeaks, secretLeaksInBrowser, unexpectedRequests } from './audit';
import { launchExtension, type ExtensionSession } from './fixtures';
import { filterRadio, POPUP_VIEWPORT, rowFor, saveKey, waitForList } from './steps';

const HTML_TOKEN = '<img src=x onerror=alert(1)>';
const KEYS = [DEFAULT_KEYS.production, DEFAULT_KEYS.sandbox];

let session: ExtensionSession;
let options: Page;

beforeAll(async () => {
  session = await launchExtension({ extensionDir: inject('extensionDir') });
  session.server.seed('production', { count: 12, neverExpiring: 3, expiringSoon: 2, seed: 7 });
  session.server.seed('sandbox', { count: 2, neverExpiring: 1, seed: 8 });
  options = await session.waitForOptionsTab();
  await saveKey(options, 'production', DEFAULT_KEYS.production);
  await saveKey(options, 'sandbox', DEFAULT_KEYS.sandbox);
  await session.waitForBadge('3');
});

afterAll(async () => {
  if (!session) return;
  try {
    // Over everything this file did (the detector test takes its own stray request out).
    expect(
      unexpectedRequests(session.browserRequests, session.extensionOrigin).map((r) => `${r.method} ${r.url}`),
    ).toEqual([]);
    expect(secretLeaks(session.server.requests, KEYS)).toEqual([]);
  } finally {
    await session.close();
  }
});

describe('requests leaving the browser', () => {
  it('are all recorded, the service worker’s included (Playwright reports them on the context)', () => {
    const fromWorker = session.browserRequests.filter((request) => request.fromServiceWorker);
    const seen = fromWorker.map(
      (request) => `${request.method} ${new URL(request.url).origin}${new URL(request.url).pathname}`,
    );
    expect(seen).toEqual(
      expect.arrayContaining([
        'POST https://ws.api.video/auth/api-key',
        'GET https://ws.api.video/upload-tokens',
        'POST https://sandbox.api.video/auth/api-key',
      ]),
    );
  });

  it('would be caught going anywhere else, and cannot get there (every other host name fails to resolve)', async () => {
    const page = await session.context.newPage();
    await page.goto(session.webPage.url);
    const before = session.browserRequests.length;
    const outcome = await page.evaluate(() =>
      fetch('https://example.com/collect').then(
        () => 'reached',
        () => 'blocked',
      ),
    );
    expect(outcome).toBe('blocked');
    const stray = session.browserRequests.splice(before);
    expect(unexpectedRequests(stray, session.extensionOrigin).map((r) => r.url)).toEqual([
      'https://example.com/collect',
    ]);
    await page.close();
  });

  it('send the API key only in the body of POST /auth/api-key, to its own environment’s host', () => {
    const exchanges = session.server.requests.filter((r) => r.method === 'POST' && r.path === '/auth/api-key');
    // Positive control: the scan below looks where the key really is.
    expect(exchanges.some((r) => r.environment === 'production' && r.body.includes(DEFAULT_KEYS.production))).toBe(
      true,
    );
    expect(exchanges.some((r) => r.environment === 'sandbox' && r.body.includes(DEFAULT_KEYS.sandbox))).toBe(true);
    expect(
      exchanges.filter((r) => r.environment === 'production').every((r) => !r.body.includes(DEFAULT_KEYS.sandbox)),
    ).toBe(true);
    expect(
      exchanges.filter((r) => r.environment === 'sandbox').every((r) => !r.body.includes(DEFAULT_KEYS.production)),
    ).toBe(true);

    expect(secretLeaks(session.server.requests, KEYS)).toEqual([]);
    expect(secretLeaksInBrowser(session.browserRequests, KEYS)).toEqual([]);
    // Every api.video call after the exchange carries a bearer token, never HTTP Basic.
    const apiCalls = session.server.requests.filter((r) => !r.path.startsWith('/auth/'));
    expect(apiCalls.length).toBeGreaterThan(0);
    expect(apiCalls.every((r) => String(r.headers.authorization).startsWith('Bearer '))).toBe(true);
  });
});

describe('a web page', () => {
  it('gets no reply from the background: it has no way to message this extension', async () => {
    const page = await session.context.newPage();
    await page.goto(`${session.webPage.url}?id=${session.extensionId}`);
    const result = page.locator('#result');
    await expect.poll(() => result.textContent()).not.toBe('pending');
    const text = (await result.textContent()) ?? '';
    // No externally_connectable: Chromium gives ordinary pages no chrome.runtime.sendMessage at all.
    expect(text === 'no-runtime-api' || text.startsWith('error:'), text).toBe(true);
    await page.close();
  });
});

describe('a token string holding HTML', () => {
  it('is shown as text in the list and in the details, never turned into an element', async () => {
    session.server.addToken('production', { ttl: 0, token: HTML_TOKEN });
    const popup = await session.openExtensionPage('popup.html', { viewport: POPUP_VIEWPORT });
    const dialogs: string[] = [];
    popup.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await waitForList(popup, 13);
    await filterRadio(popup, 'Never expires').check();

    const masked = maskToken(HTML_TOKEN);
    const row = rowFor(popup, masked);
    expect(await row.getByText(masked, { exact: true }).isVisible()).toBe(true);
    await row.getByRole('button', { name: new RegExp(`^${masked.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).click();

    await popup.getByRole('heading', { name: 'Token details' }).waitFor();
    expect(await popup.getByText(HTML_TOKEN, { exact: true }).isVisible()).toBe(true);
    expect(await popup.locator('img').count()).toBe(0);
    expect(await popup.evaluate(() => document.querySelectorAll('[onerror]').length)).toBe(0);
    expect(dialogs).toEqual([]);
    await popup.close();
  });
});
