// The whole life of the extension as a person lives it, written once and run in each browser
// (main-flow.test.ts: Chromium; firefox/main-flow.test.ts: Firefox): install, an account, badge,
// list, filter and search, create and copy, delete, bulk delete; a token holding HTML; a second
// account and the badge's sum; removing an account; and the audit of every request. Each step
// builds on the last.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskToken } from '@/utils/mask';
import type { UploadToken } from '@/utils/apivideo/types';
import { DEFAULT_KEYS } from '../server';
import { secretLeaks, secretLeaksInBrowser, unexpectedRequests } from './audit';
import { waitForBadge, type BrowserSession, type Query, type UiPage } from './driver';
import {
  accountRegion,
  addAccount,
  addAccountOk,
  button,
  heading,
  inAccount,
  inAddForm,
  listedTokens,
  newestFirst,
  overviewRow,
  POPUP_VIEWPORT,
  radio,
  refreshButton,
  showing,
  startBulkDelete,
  text,
  tokenList,
  waitForBulkDeleteReport,
  waitForList,
} from './steps';

const TOTAL = 40;
const NEVER = 6;
const INVALID_KEY = 'prod_key_this-one-was-never-issued-0000';
const HTML_TOKEN = '<img src=x onerror=alert(1)>';
const KEYS = [DEFAULT_KEYS.production, DEFAULT_KEYS.sandbox];

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function defineJourneys(launch: () => Promise<BrowserSession>): void {
  let session: BrowserSession;
  let options: UiPage;
  let popup: UiPage;
  let sandboxBefore: UploadToken[];

  const neverExpiringOnServer = () => session.server.tokens('production').filter((token) => token.ttl === 0);
  const masked = (tokens: readonly UploadToken[]) => newestFirst(tokens).map((token) => maskToken(token.token));

  beforeAll(async () => {
    session = await launch();
    session.server.seed('production', { count: TOTAL, neverExpiring: NEVER, expiringSoon: 4, seed: 11 });
    session.server.seed('sandbox', { count: 3, neverExpiring: 1, seed: 12 });
    sandboxBefore = session.server.tokens('sandbox');
  });

  afterAll(async () => {
    await session?.close();
  });

  describe('first run', () => {
    it('opens the settings page on install, and the badge asks for setup', async () => {
      options = await session.waitForOptionsTab();
      await options.waitFor({ role: 'heading', name: 'Settings', level: 1 });
      await waitForBadge(session, '?');
      expect(await session.badgeTitle()).toBe(
        'Upload tokens for api.video: add your API key to start (click, then open the settings).',
      );
    });

    it('refuses an invalid key with a clear error and stores nothing', async () => {
      await addAccount(options, 'production', INVALID_KEY);
      expect(await options.text(inAddForm({ role: 'alert' }))).toContain('api.video rejected this API key');
      expect(await options.count(accountRegion('Production'))).toBe(0);

      const local = await session.storage('local');
      expect(Object.keys(local).filter((key) => key.startsWith('apiKey:'))).toEqual([]);
      expect(JSON.stringify(local)).not.toContain(INVALID_KEY);
      expect(JSON.stringify(await session.storage('session'))).not.toContain(INVALID_KEY);
      expect(await session.badgeText()).toBe('?');
    });

    it('adds an account with a valid key, keeps the key out of the page and out of sync; the badge and its tooltip give the true count', async () => {
      await addAccountOk(options, 'production', DEFAULT_KEYS.production);
      await options.waitFor(inAccount('Production', text(`${'•'.repeat(8)}${DEFAULT_KEYS.production.slice(-4)}`)));
      expect(await options.value(inAddForm({ label: 'API key' }))).toBe('');

      await waitForBadge(session, String(NEVER));
      expect(neverExpiringOnServer()).toHaveLength(NEVER);
      expect(await session.badgeTitle()).toMatch(new RegExp(`^${NEVER} upload tokens never expire \\(Production\\)`));

      expect((await session.storage('local'))['apiKey:production']).toMatchObject({ apiKey: DEFAULT_KEYS.production });
      expect(await session.storage('sync')).toEqual({});
      // The session area holds short-lived access/refresh tokens, never the key.
      expect(JSON.stringify(await session.storage('session'))).not.toContain(DEFAULT_KEYS.production);
    });
  });

  describe('the popup', () => {
    it('lists exactly the tokens the server has', async () => {
      popup = await session.openExtensionPage('popup.html', { viewport: POPUP_VIEWPORT });
      await waitForList(popup, TOTAL);
      expect(await popup.attribute(radio(`Never expires (${NEVER})`), 'value')).toBe('never');
      expect(await listedTokens(popup)).toEqual(masked(session.server.tokens('production')));
    });

    it('filters to the tokens that never expire', async () => {
      await popup.click(radio(`Never expires (${NEVER})`));
      await popup.waitFor(showing(NEVER, TOTAL));
      expect(await listedTokens(popup)).toEqual(masked(neverExpiringOnServer()));
    });

    it('searches within the filter by part of a token', async () => {
      const [wanted] = newestFirst(neverExpiringOnServer()) as [UploadToken];
      const fragment = wanted.token.slice(-6);
      await popup.fill({ role: 'searchbox', name: 'Search tokens' }, fragment);
      const matching = neverExpiringOnServer().filter((token) => token.token.includes(fragment));
      await popup.waitFor(showing(matching.length, TOTAL));
      expect(await listedTokens(popup)).toEqual(masked(matching));
      await popup.fill({ role: 'searchbox', name: 'Search tokens' }, '');
      await popup.waitFor(showing(NEVER, TOTAL));
    });

    it('creates a 1-hour token and copies it', async () => {
      const before = new Set(session.server.tokens('production').map((t) => t.token));

      await popup.click(button('New token'));
      await popup.waitFor(heading('New Production upload token'));
      await popup.click(radio('1 hour'));
      await popup.click(button('Create token'));
      await popup.waitFor(heading('Your new upload token'));

      const created = session.server.tokens('production').filter((t) => !before.has(t.token));
      expect(created).toHaveLength(1);
      const [token] = created as [UploadToken];
      expect(token.ttl).toBe(3600);
      await popup.waitFor(text(token.token));

      await popup.click(button('Copy the new token'));
      await popup.waitFor([button('Copy the new token'), text('Copied')]);
      expect(await popup.readClipboard()).toBe(token.token);

      await popup.click(button('Done'));
      await waitForList(popup, TOTAL + 1);
      // A token that expires changes nothing on the badge.
      expect(await session.badgeText()).toBe(String(NEVER));
    });

    it('deletes one never-expiring token after confirmation, and the badge drops by one', async () => {
      const [victim] = newestFirst(neverExpiringOnServer()) as [UploadToken];
      const shown = maskToken(victim.token);
      await popup.click([tokenList, button(`Delete ${shown}`)]);

      const dialog: Query = { role: 'alertdialog', name: 'Delete this upload token?' };
      await popup.waitFor([dialog, text(shown)]);
      await popup.click([dialog, button('Delete')]);
      await popup.waitFor(dialog, { gone: true });
      await popup.waitFor(text(`Token ${shown} deleted.`));

      expect(session.server.tokens('production').map((t) => t.token)).not.toContain(victim.token);
      await waitForBadge(session, String(NEVER - 1));
      expect(await popup.count([tokenList, text(shown)])).toBe(0);
    });

    it('bulk-deletes every never-expiring token after typing their number, and nothing else', async () => {
      const remaining = NEVER - 1;
      const othersBefore = session.server.tokens('production').filter((t) => t.ttl !== 0);

      // The step also checks that the confirm button waits for the typed number.
      await startBulkDelete(popup, remaining);
      await waitForBulkDeleteReport(popup, { deleted: remaining, failed: 0 });

      expect(neverExpiringOnServer()).toEqual([]);
      expect(session.server.tokens('production')).toEqual(othersBefore);
      expect(session.server.tokens('sandbox')).toEqual(sandboxBefore);
      await waitForBadge(session, '');

      await popup.click(button('Dismiss'));
      await popup.waitFor(radio('Never expires (0)'));
    });

    it('shows a token string holding HTML as text in the list and in the details, never as an element', async () => {
      session.server.addToken('production', { ttl: 0, token: HTML_TOKEN });
      await popup.click(refreshButton);
      await popup.click(radio('Never expires (1)'));
      const shown = maskToken(HTML_TOKEN);
      await popup.waitFor([tokenList, text(shown)]);
      await popup.click([tokenList, button(new RegExp(`^${escapeRegExp(shown)}`))]);

      await popup.waitFor(heading('Token details'));
      await popup.waitFor(text(HTML_TOKEN));
      expect(await popup.evaluate(() => document.querySelectorAll('img, [onerror]').length, undefined)).toBe(0);
      expect(popup.dialogs).toEqual([]);
    });
  });

  describe('a second account', () => {
    it('adds the sandbox account: the badge sums both accounts and its tooltip names each', async () => {
      await options.bringToFront();
      await addAccountOk(options, 'sandbox', DEFAULT_KEYS.sandbox);
      // Production keeps the one token holding HTML; Sandbox has one of its own.
      await waitForBadge(session, '2');
      const title = (await session.badgeTitle()).split('\n');
      expect(title[0]).toBe('2 upload tokens never expire in 2 accounts');
      expect(title.slice(1).join('\n')).toMatch(/\(Production\)[\s\S]*\(Sandbox\)/);
    });

    it('opens the popup on an overview of both accounts', async () => {
      await popup.close();
      popup = await session.openExtensionPage('popup.html', { viewport: POPUP_VIEWPORT });
      await popup.waitFor({ role: 'heading', name: 'Accounts' });
      await popup.waitFor(overviewRow('Production'));
      await popup.waitFor(overviewRow('Sandbox'));
      await popup.waitFor(button('Show tokens of Sandbox'));
    });
  });

  describe('removing an account', () => {
    it('forgets its key and everything cached after confirmation; the other account stays in the badge', async () => {
      await options.bringToFront();
      await options.click(inAccount('Production', button('Remove account')));
      const dialog: Query = { role: 'alertdialog', name: 'Remove the account Production?' };
      await options.click([dialog, button('Remove account')]);
      await options.waitFor(accountRegion('Production'), { gone: true });
      await options.waitFor(accountRegion('Sandbox'));

      await waitForBadge(session, '1');
      const local = await session.storage('local');
      expect(Object.keys(local).filter((key) => key.includes(':production'))).toEqual([]);
      expect(JSON.stringify(local)).not.toContain(DEFAULT_KEYS.production);
      expect(Object.keys(await session.storage('session')).filter((key) => key.includes(':production'))).toEqual([]);
      expect(local['apiKey:sandbox']).toMatchObject({ apiKey: DEFAULT_KEYS.sandbox });
    });
  });

  describe('every request of the journey', () => {
    it('went only to api.video’s two hosts', () => {
      const hosts = session.browserRequests.map((request) => new URL(request.url).hostname);
      // Positive control: the recorder saw the extension's own traffic.
      expect(hosts).toEqual(expect.arrayContaining(['ws.api.video', 'sandbox.api.video']));
      expect(
        unexpectedRequests(session.browserRequests, session.extensionOrigin).map((r) => `${r.method} ${r.url}`),
      ).toEqual([]);
    });

    it('carried the API key only in the body of POST /auth/api-key, to its own environment’s host', () => {
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

      expect(secretLeaks(session.server.requests, [...KEYS, INVALID_KEY])).toEqual([]);
      expect(secretLeaksInBrowser(session.browserRequests, [...KEYS, INVALID_KEY])).toEqual([]);
      // Every api.video call after the exchange carries a bearer token, never HTTP Basic.
      const apiCalls = session.server.requests.filter((r) => !r.path.startsWith('/auth/'));
      expect(apiCalls.length).toBeGreaterThan(0);
      expect(apiCalls.every((r) => String(r.headers.authorization).startsWith('Bearer '))).toBe(true);
    });

    it('is one api.video accepts: valid against its OpenAPI description', () => {
      expect(session.server.requests.length).toBeGreaterThan(0);
      expect(session.server.validationErrors).toEqual([]);
    });
  });
}
