// Security, checked from the outside: what the browser sent and to whom, where the key went,
// whether a web page can reach the background, and whether token strings can inject HTML.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_KEYS } from '../server';
import { secretLeaks, secretLeaksInBrowser, unexpectedRequests } from './audit';
import { launchExtension, type ChromeGlobal, type ExtensionSession } from './fixtures';

let session: ExtensionSession;
let options: Page;

beforeAll(async () => {
  session = await launchExtension({ extensionDir: inject('extensionDir') });
  session.server.seed('production', { count: 12, neverExpiring: 3, expiringSoon: 2, seed: 7 });
  options = await session.waitForOptionsTab();
  await options.waitForLoadState();
});

afterAll(async () => {
  await session?.close();
});

describe('requests leaving the browser', () => {
  it('records the service worker’s own requests (Playwright reports them on the context)', async () => {
    const reply = await options.evaluate(
      (apiKey) => (globalThis as unknown as ChromeGlobal).chrome.runtime.sendMessage({ type: 'saveKey', payload: { environment: 'production', apiKey } }),
      DEFAULT_KEYS.production,
    );
    expect(reply).toMatchObject({ ok: true });
    await session.waitForBadge('3');
    const fromWorker = session.browserRequests.filter((request) => request.fromServiceWorker);
    expect(fromWorker.map((request) => `${request.method} ${new URL(request.url).origin}${new URL(request.url).pathname}`)).toEqual(
      expect.arrayContaining(['POST https://ws.api.video/auth/api-key', 'GET https://ws.api.video/upload-tokens']),
    );
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

afterAll(() => {
  // Checked last, over everything this file did.
  const unexpected = unexpectedRequests(session.browserRequests, session.extensionOrigin);
  expect(unexpected.map((r) => `${r.method} ${r.url}`)).toEqual([]);
  const keys = [DEFAULT_KEYS.production, DEFAULT_KEYS.sandbox];
  expect(secretLeaks(session.server.requests, keys)).toEqual([]);
  expect(secretLeaksInBrowser(session.browserRequests, keys)).toEqual([]);
});
