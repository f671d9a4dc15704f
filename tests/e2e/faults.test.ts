// What a person sees when api.video misbehaves, made to misbehave by the local server while
// the real extension runs: rate limits, an outage, an access token expiring mid-session.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_KEYS } from '../server';
import { secretLeaks, unexpectedRequests } from './audit';
import { launchExtension, type ExtensionSession } from './fixtures';
import {
  filterRadio,
  listedTokens,
  POPUP_VIEWPORT,
  saveKey,
  tokenList,
  waitForList,
  waitForRefreshDone,
} from './steps';

const TOTAL = 30;
const NEVER = 5;

let session: ExtensionSession;
let popup: Page;

const refreshButton = () => popup.getByRole('button', { name: 'Refresh the token list', exact: true });

/** Presses the refresh button and waits until the refresh is over (the button is enabled again). */
async function refreshList() {
  await refreshButton().click();
  await waitForRefreshDone(popup);
}

const answered = (path: string) => session.server.requests.filter((r) => r.path === path).map((r) => r.status);

beforeAll(async () => {
  session = await launchExtension({ extensionDir: inject('extensionDir') });
  session.server.seed('production', { count: TOTAL, neverExpiring: NEVER, expiringSoon: 3, seed: 21 });
  const options = await session.waitForOptionsTab();
  await saveKey(options, 'production', DEFAULT_KEYS.production);
  await session.waitForBadge(String(NEVER));
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
    expect(
      unexpectedRequests(session.browserRequests, session.extensionOrigin).map((r) => `${r.method} ${r.url}`),
    ).toEqual([]);
    expect(secretLeaks(session.server.requests, [DEFAULT_KEYS.production])).toEqual([]);
  } finally {
    await session.close();
  }
});

describe('rate limiting', () => {
  it('waits out a 429 and carries on: the person sees the list, no error', async () => {
    session.server.inject({ kind: 'rate-limit', times: 1, retryAfterSeconds: 1 });
    await refreshList();
    await expect.poll(() => answered('/upload-tokens')).toEqual([429, 200]);
    expect(await popup.getByRole('alert').count()).toBe(0);
    await waitForList(popup, TOTAL);
    expect(await session.badgeText()).toBe(String(NEVER));
  });

  it('shows WAIT on the badge while api.video keeps refusing, then the count again once it recovers', async () => {
    // More refusals than the client's four attempts: the refresh gives up and says so.
    session.server.inject({ kind: 'rate-limit', times: 4, retryAfterSeconds: 1 });
    await refreshList();
    await expect.poll(() => answered('/upload-tokens')).toEqual([429, 429, 429, 429]);
    await session.waitForBadge('WAIT');
    await expect
      .poll(() => popup.getByRole('alert').textContent())
      .toContain('api.video is limiting requests right now');
    // The list already shown stays.
    await waitForList(popup, TOTAL);

    await popup.getByRole('button', { name: 'Retry', exact: true }).click();
    await waitForRefreshDone(popup);
    await session.waitForBadge(String(NEVER));
    expect(await popup.getByRole('alert').count()).toBe(0);
  });
});

describe('api.video unreachable', () => {
  it('shows OFF on the badge; the popup says so and still shows the saved list', async () => {
    session.server.setOffline(true);
    await refreshList();
    await session.waitForBadge('OFF');
    await expect
      .poll(() => popup.getByRole('alert').textContent())
      .toContain('Showing the last saved list. Could not reach api.video');
    await waitForList(popup, TOTAL);

    // A popup opened while offline paints the cached list at once, then says it could not refresh.
    const second = await session.openExtensionPage('popup.html', { viewport: POPUP_VIEWPORT });
    await waitForList(second, TOTAL);
    await expect
      .poll(() => second.getByRole('alert').textContent(), { timeout: 15_000 })
      .toContain('Could not reach api.video');
    expect(await listedTokens(second)).toHaveLength(TOTAL);
    await second.close();

    session.server.setOffline(false);
    await popup.getByRole('button', { name: 'Retry', exact: true }).click();
    await waitForRefreshDone(popup);
    await session.waitForBadge(String(NEVER));
    expect(await popup.getByRole('alert').count()).toBe(0);
  });
});

describe('access token expiring mid-session', () => {
  it('renews it behind the scenes: the person notices nothing', async () => {
    session.server.expireAccessTokens('production');
    await refreshList();
    // The expired token was refused once, then renewed (refresh token, or the key again) and the call repeated.
    expect(answered('/upload-tokens')[0]).toBe(401);
    expect(answered('/upload-tokens').at(-1)).toBe(200);
    const renewals = session.server.requests.filter((r) => r.path === '/auth/refresh' || r.path === '/auth/api-key');
    expect(renewals.length).toBeGreaterThanOrEqual(1);
    expect(renewals.every((r) => r.status === 200)).toBe(true);

    expect(await popup.getByRole('alert').count()).toBe(0);
    await waitForList(popup, TOTAL);
    await filterRadio(popup, 'Never expires').check();
    expect(await tokenList(popup).getByRole('listitem').count()).toBe(NEVER);
    expect(await session.badgeText()).toBe(String(NEVER));
  });
});
