// Security checks only Chromium can make: the service worker's own requests as the browser
// reported them, the stray-request detector, and whether a web page can reach the background.
// Where the key went and how token strings are shown are journeys of both browsers (./journeys.ts).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_KEYS } from '../server';
import { auditRequests, unexpectedRequests } from './audit';
import { chromiumUiPage } from './chromium-driver';
import { waitForBadge } from './driver';
import { launchExtension, type ExtensionSession } from './fixtures';
import { addAccountOk } from './steps';

const KEYS = [DEFAULT_KEYS.production, DEFAULT_KEYS.sandbox];

let session: ExtensionSession;

beforeAll(async () => {
  session = await launchExtension({ extensionDir: inject('extensionDir') });
  session.server.seed('production', { count: 12, neverExpiring: 3, expiringSoon: 2, seed: 7 });
  session.server.seed('sandbox', { count: 2, neverExpiring: 1, seed: 8 });
  const options = await chromiumUiPage(await session.waitForOptionsTab());
  await addAccountOk(options, 'production', DEFAULT_KEYS.production);
  await addAccountOk(options, 'sandbox', DEFAULT_KEYS.sandbox);
  await waitForBadge(session, '4');
});

afterAll(async () => {
  if (!session) return;
  try {
    // Over everything this file did (the detector test takes its own stray request out).
    expect(auditRequests(session, KEYS)).toEqual({ unexpected: [], leaks: [] });
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
