// Several api.video projects in one badge (issue 12), as a person sets them up: accounts added on
// the options page, the badge's sum and its tooltip, a revoked key failing one account without
// hiding the others' counts, the popup's overview, a key refused the second time, and an account
// removed leaving nothing of it in the browser's storage. Written once and run in each browser
// (accounts.test.ts: Chromium; firefox/accounts.test.ts: Firefox). Each step builds on the last.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_KEYS, OTHER_KEYS } from '../server';
import { secretLeaks } from './audit';
import { waitForBadge, type BrowserSession, type Query, type UiPage } from './driver';
import {
  accountRegion,
  addAccount,
  addAccountOk,
  button,
  inAccount,
  inAddForm,
  overviewRow,
  POPUP_VIEWPORT,
  text,
} from './steps';

const PRODUCTION = { name: 'Acme production', key: DEFAULT_KEYS.production, never: 4, count: 10 };
const STAGING = { name: 'Acme staging', key: OTHER_KEYS.production, never: 2, count: 6 };
const SANDBOX = { name: 'Acme sandbox', key: DEFAULT_KEYS.sandbox, never: 3, count: 5 };

interface StoredAccount {
  id: string;
  name: string;
}

export function defineAccounts(launch: () => Promise<BrowserSession>): void {
  let session: BrowserSession;
  let options: UiPage;

  const titleLines = async () => (await session.badgeTitle()).split('\n');
  const storedAccounts = async () =>
    ((await session.storage('local'))['accounts'] as { accounts: StoredAccount[] } | undefined)?.accounts ?? [];

  beforeAll(async () => {
    session = await launch();
    session.server.seed('production', { count: PRODUCTION.count, neverExpiring: PRODUCTION.never, seed: 51 });
    session.server
      .account('production', STAGING.key)
      .seed({ count: STAGING.count, neverExpiring: STAGING.never, seed: 52 });
    session.server.seed('sandbox', { count: SANDBOX.count, neverExpiring: SANDBOX.never, seed: 53 });
  });

  afterAll(async () => {
    if (!session) return;
    try {
      expect(secretLeaks(session.server.requests, [PRODUCTION.key, STAGING.key, SANDBOX.key])).toEqual([]);
      expect(session.server.validationErrors).toEqual([]);
    } finally {
      await session.close();
    }
  });

  describe('adding accounts', () => {
    it('adds two projects of the same environment: the badge sums them, its tooltip names each', async () => {
      options = await session.waitForOptionsTab();
      await addAccountOk(options, 'production', PRODUCTION.key, PRODUCTION.name);
      // The first account moves the form below it: the keyboard focus stays in the form.
      expect(
        await options.evaluate(
          () => document.activeElement?.closest('section')?.querySelector('h2')?.textContent,
          undefined,
        ),
      ).toBe('Add account');
      await waitForBadge(session, String(PRODUCTION.never), 20_000);
      await addAccountOk(options, 'production', STAGING.key, STAGING.name);
      await waitForBadge(session, String(PRODUCTION.never + STAGING.never), 20_000);

      const lines = await titleLines();
      expect(lines[0]).toBe(`${PRODUCTION.never + STAGING.never} upload tokens never expire in 2 accounts`);
      expect(lines[1]).toMatch(new RegExp(`^${PRODUCTION.never} upload tokens never expire \\(${PRODUCTION.name}\\)`));
      expect(lines[2]).toMatch(new RegExp(`^${STAGING.never} upload tokens never expire \\(${STAGING.name}\\)`));
      for (const account of [PRODUCTION, STAGING])
        await options.waitFor(inAccount(account.name, text(`${'•'.repeat(8)}${account.key.slice(-4)}`)));
    });

    it('refuses a key another account already has, naming that account, and stores nothing', async () => {
      await addAccount(options, 'production', PRODUCTION.key, 'Copy of production');
      expect(await options.text(inAddForm({ role: 'alert' }))).toBe(
        `This API key is already saved as the account “${PRODUCTION.name}”. A key can belong to one account only.`,
      );
      expect(await options.count(accountRegion('Copy of production'))).toBe(0);
      expect((await storedAccounts()).map((account) => account.name)).toEqual([PRODUCTION.name, STAGING.name]);
    });

    it('adds a sandbox account to the sum', async () => {
      await addAccountOk(options, 'sandbox', SANDBOX.key, SANDBOX.name);
      await waitForBadge(session, String(PRODUCTION.never + STAGING.never + SANDBOX.never), 20_000);
      expect((await titleLines())[0]).toBe(
        `${PRODUCTION.never + STAGING.never + SANDBOX.never} upload tokens never expire in 3 accounts`,
      );
    });
  });

  describe('one account failing', () => {
    it('a revoked key: the badge names the failing account in its tooltip and keeps every count', async () => {
      session.server.account('production', STAGING.key).revokeKey();
      await options.click(inAccount(STAGING.name, button(`Check now: ${STAGING.name}`)));
      await options.waitFor(inAccount(STAGING.name, { role: 'alert' }), { timeoutMs: 20_000 });
      expect(await options.text(inAccount(STAGING.name, { role: 'alert' }))).toContain(
        'api.video rejected this API key',
      );

      const deadline = Date.now() + 10_000;
      let lines = await titleLines();
      while (!lines.some((line) => line.includes(`The API key of ${STAGING.name} was rejected by api.video`))) {
        if (Date.now() > deadline)
          throw new Error(`the tooltip does not name the failing account: ${lines.join(' | ')}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        lines = await titleLines();
      }
      // The others' counts stay in the tooltip and in the badge (the failing one's last count too).
      expect(
        lines.some((line) => line.startsWith(`${PRODUCTION.never} upload tokens never expire (${PRODUCTION.name})`)),
      ).toBe(true);
      expect(
        lines.some((line) => line.startsWith(`${SANDBOX.never} upload tokens never expire (${SANDBOX.name})`)),
      ).toBe(true);
      expect(await session.badgeText()).toBe(String(PRODUCTION.never + STAGING.never + SANDBOX.never));
    });
  });

  describe('the popup', () => {
    it('opens on an overview with one row per account and its counts', async () => {
      const popup = await session.openExtensionPage('popup.html', { viewport: POPUP_VIEWPORT });
      await popup.waitFor({ role: 'heading', name: 'Accounts' });
      for (const account of [PRODUCTION, STAGING, SANDBOX]) {
        await popup.waitFor(overviewRow(account.name));
        await popup.waitFor(button(`Show tokens of ${account.name}`));
      }
      await popup.waitFor(button(`Delete never-expiring tokens of ${PRODUCTION.name} (${PRODUCTION.never})`));
      await popup.waitFor(button(`Delete never-expiring tokens of ${SANDBOX.name} (${SANDBOX.never})`));
      await popup.close();
    });
  });

  describe('watching in the badge', () => {
    it('leaves an account out of the badge while it is not watched, and counts it again once it is', async () => {
      const watch: Query = inAccount(SANDBOX.name, { role: 'checkbox', name: 'Watch in the badge' });
      await options.click(watch);
      await waitForBadge(session, String(PRODUCTION.never + STAGING.never));
      expect(await session.badgeTitle()).not.toContain(SANDBOX.name);
      await options.click(watch);
      await waitForBadge(session, String(PRODUCTION.never + STAGING.never + SANDBOX.never));
      expect(await session.badgeTitle()).toContain(SANDBOX.name);
    });
  });

  describe('removing an account', () => {
    it('forgets everything of it after confirmation; the other accounts stay, in the badge too', async () => {
      const staging = (await storedAccounts()).find((account) => account.name === STAGING.name)!;
      const local = await session.storage('local');
      const keyId = (local[`keyInfo:${staging.id}`] as { keyId: string }).keyId;
      expect(Object.keys(local).filter((key) => key.includes(staging.id)).length).toBeGreaterThan(2);

      await options.click(inAccount(STAGING.name, button('Remove account')));
      const dialog: Query = { role: 'alertdialog', name: `Remove the account ${STAGING.name}?` };
      await options.waitFor([
        dialog,
        text('Its key, cached tokens, labels and history are forgotten in this browser; its tokens stay on api.video.'),
      ]);
      await options.click([dialog, button('Remove account')]);
      await options.waitFor(accountRegion(STAGING.name), { gone: true });
      await waitForBadge(session, String(PRODUCTION.never + SANDBOX.never));
      expect((await titleLines())[0]).toBe(
        `${PRODUCTION.never + SANDBOX.never} upload tokens never expire in 2 accounts`,
      );

      const areas = { ...(await session.storage('local')), ...(await session.storage('session')) };
      for (const [key, value] of Object.entries(areas)) {
        expect(key).not.toContain(staging.id);
        expect(JSON.stringify(value)).not.toContain(keyId);
        expect(JSON.stringify(value)).not.toContain(STAGING.key);
      }
      expect(Object.keys(areas)).toEqual(expect.arrayContaining(['apiKey:production', 'apiKey:sandbox']));
      expect((await storedAccounts()).map((account) => account.name)).toEqual([PRODUCTION.name, SANDBOX.name]);
      // Its tokens stay on api.video.
      expect(session.server.account('production', STAGING.key).tokens()).toHaveLength(STAGING.count);
    });
  });
}
