// What a person sees when api.video misbehaves, made to misbehave by the local server while
// the real extension runs: rate limits, an outage, an access token expiring mid-session.
// Written once and run in each browser (faults.test.ts: Chromium; firefox/faults.test.ts: Firefox).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_KEYS } from '../server';
import { auditRequests } from './audit';
import { waitForBadge, type BrowserSession, type UiPage } from './driver';
import {
  alert,
  button,
  filterRadio,
  listedTokens,
  POPUP_VIEWPORT,
  refreshList,
  addAccountOk,
  showing,
  tokenList,
  waitForList,
  waitForRefreshDone,
} from './steps';

const TOTAL = 30;
const NEVER = 5;

/** The popup's alert, or '' while it shows none. */
async function alertText(page: UiPage): Promise<string> {
  return (await page.count(alert)) === 0 ? '' : page.text(alert);
}

export function defineFaults(launch: () => Promise<BrowserSession>): void {
  let session: BrowserSession;
  let popup: UiPage;

  const answered = (path: string) => session.server.requests.filter((r) => r.path === path).map((r) => r.status);

  /** Presses the popup's Retry, waits for the refresh, and the badge back on the count, with no alert left. */
  async function retryUntilRecovered() {
    await popup.click(button('Retry'));
    await waitForRefreshDone(popup);
    await waitForBadge(session, String(NEVER));
    expect(await popup.count(alert)).toBe(0);
  }

  beforeAll(async () => {
    session = await launch();
    session.server.seed('production', { count: TOTAL, neverExpiring: NEVER, expiringSoon: 3, seed: 21 });
    const options = await session.waitForOptionsTab();
    await addAccountOk(options, 'production', DEFAULT_KEYS.production);
    await waitForBadge(session, String(NEVER));
    popup = await session.openExtensionPage('popup.html', { viewport: POPUP_VIEWPORT });
    await waitForList(popup, TOTAL);
  });

  beforeEach(() => {
    session.server.clearFaults();
    session.server.resetRequests();
  });

  afterAll(async () => {
    if (!session) return;
    try {
      expect(auditRequests(session, [DEFAULT_KEYS.production])).toEqual({ unexpected: [], leaks: [] });
    } finally {
      await session.close();
    }
  });

  describe('rate limiting', () => {
    it('waits out a 429 and carries on: the person sees the list, no error', async () => {
      session.server.inject({ kind: 'rate-limit', times: 1, retryAfterSeconds: 1 });
      await refreshList(popup);
      // A woken event page and a 1 s Retry-After: more than the poll's default second on a loaded machine.
      await expect.poll(() => answered('/upload-tokens'), { timeout: 15_000 }).toEqual([429, 200]);
      expect(await popup.count(alert)).toBe(0);
      await waitForList(popup, TOTAL);
      expect(await session.badgeText()).toBe(String(NEVER));
    });

    it('shows WAIT on the badge while api.video keeps refusing, then the count again once it recovers', async () => {
      // More refusals than the client's four attempts: the refresh gives up and says so.
      session.server.inject({ kind: 'rate-limit', times: 4, retryAfterSeconds: 1 });
      await refreshList(popup);
      await expect.poll(() => answered('/upload-tokens'), { timeout: 15_000 }).toEqual([429, 429, 429, 429]);
      await waitForBadge(session, 'WAIT');
      await expect.poll(() => alertText(popup)).toContain('api.video is limiting requests right now');
      // The list already shown stays.
      await waitForList(popup, TOTAL);

      await retryUntilRecovered();
    });
  });

  describe('api.video unreachable', () => {
    it('shows OFF on the badge; the popup says so and still shows the saved list', async () => {
      session.server.setOffline(true);
      await refreshList(popup);
      await waitForBadge(session, 'OFF');
      await expect.poll(() => alertText(popup)).toContain('Showing the last saved list. Could not reach api.video');
      await waitForList(popup, TOTAL);

      // A popup opened while offline paints the cached list at once, then says it could not refresh.
      const second = await session.openExtensionPage('popup.html', { viewport: POPUP_VIEWPORT });
      await waitForList(second, TOTAL);
      await expect.poll(() => alertText(second), { timeout: 15_000 }).toContain('Could not reach api.video');
      expect(await listedTokens(second)).toHaveLength(TOTAL);
      await second.close();

      session.server.setOffline(false);
      await retryUntilRecovered();
    });
  });

  describe('access token expiring mid-session', () => {
    it('renews it behind the scenes: the person notices nothing', async () => {
      session.server.expireAccessTokens('production');
      await refreshList(popup);
      // The expired token was refused once, then renewed (refresh token, or the key again) and the call repeated.
      expect(answered('/upload-tokens')[0]).toBe(401);
      expect(answered('/upload-tokens').at(-1)).toBe(200);
      const renewals = session.server.requests.filter((r) => r.path === '/auth/refresh' || r.path === '/auth/api-key');
      expect(renewals.length).toBeGreaterThanOrEqual(1);
      expect(renewals.every((r) => r.status === 200)).toBe(true);

      expect(await popup.count(alert)).toBe(0);
      await waitForList(popup, TOTAL);
      await popup.click(filterRadio('Never expires'));
      await popup.waitFor(showing(NEVER, TOTAL));
      expect(await popup.count([tokenList, { role: 'listitem' }])).toBe(NEVER);
      expect(await session.badgeText()).toBe(String(NEVER));
    });
  });
}
