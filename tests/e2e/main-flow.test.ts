// The whole life of the extension as a person lives it, in one browser: install, key, badge,
// list, filter, create and copy, delete, bulk delete, forget. Each step builds on the last.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { maskToken } from '@/utils/mask';
import type { UploadToken } from '@/utils/apivideo/types';
import { DEFAULT_KEYS } from '../server';
import { secretLeaks, unexpectedRequests } from './audit';
import { launchExtension, type ExtensionSession } from './fixtures';
import {
  filterRadio,
  keyFieldset,
  listedTokens,
  newestFirst,
  POPUP_VIEWPORT,
  rowFor,
  saveKey,
  waitForList,
} from './steps';

const TOTAL = 40;
const NEVER = 6;
const INVALID_KEY = 'prod_key_this-one-was-never-issued-0000';

let session: ExtensionSession;
let options: Page;
let popup: Page;
let sandboxBefore: UploadToken[];

const neverExpiringOnServer = () => session.server.tokens('production').filter((token) => token.ttl === 0);

beforeAll(async () => {
  session = await launchExtension({ extensionDir: inject('extensionDir') });
  session.server.seed('production', { count: TOTAL, neverExpiring: NEVER, expiringSoon: 4, seed: 11 });
  session.server.seed('sandbox', { count: 3, neverExpiring: 1, seed: 12 });
  sandboxBefore = session.server.tokens('sandbox');
});

afterAll(async () => {
  if (!session) return;
  try {
    expect(
      unexpectedRequests(session.browserRequests, session.extensionOrigin).map((r) => `${r.method} ${r.url}`),
    ).toEqual([]);
    expect(secretLeaks(session.server.requests, [DEFAULT_KEYS.production, INVALID_KEY])).toEqual([]);
    expect(session.server.validationErrors).toEqual([]);
  } finally {
    await session.close();
  }
});

describe('first run', () => {
  it('opens the options page in a new tab on install, and the badge asks for setup', async () => {
    options = await session.waitForOptionsTab();
    await options.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await expect.poll(() => session.badgeText()).toBe('?');
  });

  it('refuses an invalid key with a clear error and stores nothing', async () => {
    await saveKey(options, 'production', INVALID_KEY);
    const fieldset = keyFieldset(options, 'production');
    await expect.poll(() => fieldset.getByRole('alert').textContent()).toContain('api.video rejected this API key');
    expect(await fieldset.getByText('No key saved yet.').isVisible()).toBe(true);

    const local = await session.storage('local');
    expect(Object.keys(local)).not.toContain('apiKey:production');
    expect(JSON.stringify(local)).not.toContain(INVALID_KEY);
    expect(JSON.stringify(await session.storage('session'))).not.toContain(INVALID_KEY);
    expect(await session.badgeText()).toBe('?');
  });

  it('saves a valid key, keeps it out of the page and out of sync, and the badge shows the true never-expiring count', async () => {
    await saveKey(options, 'production', DEFAULT_KEYS.production);
    const fieldset = keyFieldset(options, 'production');
    await fieldset.getByText('Saved: api.video accepted the key for Production.').waitFor();
    await fieldset.getByText(`Saved key: ${'•'.repeat(8)}${DEFAULT_KEYS.production.slice(-4)}`).waitFor();
    expect(await fieldset.getByLabel('API key', { exact: true }).inputValue()).toBe('');

    await session.waitForBadge(String(neverExpiringOnServer().length));
    expect(neverExpiringOnServer()).toHaveLength(NEVER);

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
    expect(await filterRadio(popup, 'Never expires').getAttribute('value')).toBe('never');
    await popup.getByRole('radio', { name: `Never expires (${NEVER})`, exact: true }).waitFor();
    expect(await listedTokens(popup)).toEqual(
      newestFirst(session.server.tokens('production')).map((t) => maskToken(t.token)),
    );
  });

  it('filters to the tokens that never expire', async () => {
    await filterRadio(popup, 'Never expires').check();
    await popup.getByText(`Showing ${NEVER} of ${TOTAL} tokens`).waitFor({ state: 'attached' });
    expect(await listedTokens(popup)).toEqual(newestFirst(neverExpiringOnServer()).map((t) => maskToken(t.token)));
  });

  it('creates a 1-hour token and copies it', async () => {
    await session.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const before = new Set(session.server.tokens('production').map((t) => t.token));

    await popup.getByRole('button', { name: 'New token', exact: true }).click();
    await popup.getByRole('heading', { name: 'New Production upload token' }).waitFor();
    await popup.getByRole('radio', { name: '1 hour', exact: true }).check();
    await popup.getByRole('button', { name: 'Create token', exact: true }).click();
    await popup.getByRole('heading', { name: 'Your new upload token' }).waitFor();

    const created = session.server.tokens('production').filter((t) => !before.has(t.token));
    expect(created).toHaveLength(1);
    const [token] = created as [UploadToken];
    expect(token.ttl).toBe(3600);
    expect(await popup.getByText(token.token, { exact: true }).isVisible()).toBe(true);

    await popup.getByRole('button', { name: 'Copy the new token', exact: true }).click();
    await popup
      .getByRole('button', { name: 'Copy the new token', exact: true })
      .filter({ hasText: 'Copied' })
      .waitFor();
    expect(await popup.evaluate(() => navigator.clipboard.readText())).toBe(token.token);

    await popup.getByRole('button', { name: 'Done', exact: true }).click();
    await waitForList(popup, TOTAL + 1);
    // A token that expires changes nothing on the badge.
    expect(await session.badgeText()).toBe(String(NEVER));
  });

  it('deletes one never-expiring token after confirmation, and the badge drops by one', async () => {
    const [victim] = newestFirst(neverExpiringOnServer()) as [UploadToken];
    const masked = maskToken(victim.token);
    await filterRadio(popup, 'Never expires').check();
    await rowFor(popup, masked)
      .getByRole('button', { name: `Delete ${masked}`, exact: true })
      .click();

    const dialog = popup.getByRole('alertdialog', { name: 'Delete this upload token?' });
    await dialog.getByText(masked, { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await popup.getByText(`Token ${masked} deleted.`).waitFor({ state: 'attached' });

    expect(session.server.tokens('production').map((t) => t.token)).not.toContain(victim.token);
    await session.waitForBadge(String(NEVER - 1));
    expect(await rowFor(popup, masked).count()).toBe(0);
  });

  it('bulk-deletes every never-expiring token after typing their number, and nothing else', async () => {
    const remaining = NEVER - 1;
    const othersBefore = session.server.tokens('production').filter((t) => t.ttl !== 0);

    await popup.getByRole('button', { name: `Delete all ${remaining} never-expiring tokens`, exact: true }).click();
    const dialog = popup.getByRole('alertdialog', { name: `Delete ${remaining} never-expiring tokens?` });
    const confirm = dialog.getByRole('button', { name: `Delete ${remaining} tokens`, exact: true });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel(`Type ${remaining} to confirm`).fill(String(remaining));
    await confirm.click();

    await popup.getByRole('heading', { name: 'Bulk delete finished' }).waitFor({ timeout: 20_000 });
    await popup.getByText(`Deleted: ${remaining}`, { exact: true }).waitFor();
    await popup.getByText('Failed: 0', { exact: true }).waitFor();

    expect(neverExpiringOnServer()).toEqual([]);
    expect(session.server.tokens('production')).toEqual(othersBefore);
    expect(session.server.tokens('sandbox')).toEqual(sandboxBefore);
    await session.waitForBadge('');

    await popup.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await popup.getByRole('radio', { name: 'Never expires (0)', exact: true }).waitFor();
  });
});

describe('forgetting the key', () => {
  it('removes the key and everything cached after confirmation; the badge asks for setup again', async () => {
    await options.bringToFront();
    const fieldset = keyFieldset(options, 'production');
    await fieldset.getByRole('button', { name: 'Forget key', exact: true }).click();
    const dialog = options.getByRole('alertdialog', { name: 'Forget the Production API key?' });
    await dialog.getByRole('button', { name: 'Forget key', exact: true }).click();
    await fieldset.getByText('Key forgotten.').waitFor();
    await fieldset.getByText('No key saved yet.').waitFor();

    await session.waitForBadge('?');
    const local = await session.storage('local');
    expect(Object.keys(local).filter((key) => key.endsWith(':production'))).toEqual([]);
    expect(JSON.stringify(local)).not.toContain(DEFAULT_KEYS.production);
    expect(Object.keys(await session.storage('session'))).not.toContain('authTokens:production');
  });
});
