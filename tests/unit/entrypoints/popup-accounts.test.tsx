// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"fetch":{"disableSameOriginPolicy":true}}}
import { describe, expect } from 'vitest';
import { screen, waitFor, within } from '@testing-library/preact';
import type { UserEvent } from '@testing-library/user-event';
import { maskToken } from '@/utils/mask';
import { accountsItem, apiKeyItem, keyInfoItem, readAccounts } from '@/utils/storage';
import type { TestBackground } from '../../helpers/background';
import { OTHER_KEYS, type HeldResponses } from '@/tests/server';
import { cachedTokens } from '../../helpers/background';
import { it, rows, waitForListTotal } from './popup-harness';

const SECOND = 'Acme sandbox';

const neverExpiring = (tokens: { ttl: number }[]) => tokens.filter((token) => token.ttl === 0);

/** Seeds production (the test background's account "Production") and adds a sandbox account "Acme sandbox". */
async function withSecondAccount(bg: TestBackground) {
  bg.server.seed('sandbox', { count: 7, neverExpiring: 4, expiringSoon: 1 });
  const added = await bg.request('addAccount', { name: SECOND, environment: 'sandbox', apiKey: bg.keys.sandbox });
  expect(added).toEqual({ ok: true, account: 'sandbox' });
}

const PRODUCTION_SEED = { count: 12, neverExpiring: 3, expiringSoon: 2 };

function overview() {
  return screen.queryByRole('table', { name: 'Accounts' });
}

/** The overview's row of an account (its row header holds the account's name). */
function accountRow(name: string): HTMLElement {
  const table = overview();
  if (!table) throw new Error('no overview');
  const row = within(table)
    .getAllByRole('row')
    .find((candidate) => candidate.querySelector('th[scope="row"] .overview__account')?.textContent === name);
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

/** The row's cells as shown: never expire, expiring soon, total (or the error in their place). */
function rowCells(name: string): string[] {
  return within(accountRow(name))
    .getAllByRole('cell')
    .slice(0, -1)
    .map((cell) => cell.textContent ?? '');
}

async function waitForCounts(name: string, counts: [number, number, number]) {
  await waitFor(() => expect(rowCells(name)).toEqual(counts.map(String)), { timeout: 15_000 });
}

async function confirmBulkDelete(user: UserEvent, count: number, account: string) {
  const dialog = await screen.findByRole('alertdialog', {
    name: `Delete ${count} never-expiring tokens of ${account}?`,
  });
  await user.type(within(dialog).getByLabelText(`Type ${count} to confirm`), String(count));
  await user.click(within(dialog).getByRole('button', { name: `Delete ${count} tokens` }));
}

describe('popup: accounts', () => {
  it('opens on the only account’s list, with no overview and no Account control', async ({ startPopup }) => {
    await startPopup({ seed: { count: 5, neverExpiring: 2 } });
    await waitForListTotal(5);
    expect(rows()).toHaveLength(5);
    expect(overview()).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Accounts' })).toBeNull();
    expect(screen.queryByRole('combobox', { name: 'Account' })).toBeNull();
  });

  it('opens on an overview of every account with its own counts', async ({ startPopup }) => {
    await startPopup({ seed: PRODUCTION_SEED }, withSecondAccount);
    expect(await screen.findByRole('heading', { name: 'Accounts' })).toBeTruthy();
    const table = overview()!;
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((header) => header.textContent);
    expect(headers.slice(0, 4)).toEqual(['Account', 'Never expire', 'Expiring soon (≤\u00a024\u00a0h)', 'Total']);
    await waitForCounts('Production', [3, 2, 12]);
    await waitForCounts(SECOND, [4, 1, 7]);
    // Each row names its account and environment, and leads to its list and its bulk delete.
    expect(within(accountRow(SECOND)).getByRole('rowheader').textContent).toBe(`${SECOND} Sandbox`);
    expect(screen.getByRole('button', { name: `Show tokens of ${SECOND}` })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Delete never-expiring tokens of Production (3)' })).toBeTruthy();
    expect(screen.getByRole('button', { name: `Delete never-expiring tokens of ${SECOND} (4)` })).toBeTruthy();
    // No token list until an account is chosen.
    expect(screen.queryByRole('list', { name: 'Upload tokens' })).toBeNull();
  });

  it('shows a failing account’s error in its row and keeps the other account’s counts', async ({ startPopup }) => {
    await startPopup({ seed: PRODUCTION_SEED }, async () => {
      // A sandbox account whose key was rotated away in the api.video dashboard since it was saved.
      const accounts = await readAccounts();
      await accountsItem.setValue({
        accounts: [
          ...accounts,
          { id: 'sandbox', name: SECOND, environment: 'sandbox', watched: true, addedAt: Date.now() },
        ],
      });
      await apiKeyItem('sandbox').setValue({ apiKey: 'sandbox_key_rotated_away_00000000000000', keyId: 'k-rotated' });
      await keyInfoItem('sandbox').setValue({ keyId: 'k-rotated', maskedKey: '••••••••0000', savedAt: 0 });
    });
    await waitForCounts('Production', [3, 2, 12]);
    await waitFor(() => expect(rowCells(SECOND)).toEqual([expect.stringMatching(/rejected this API key/)]), {
      timeout: 15_000,
    });
    // Its list stays one step away (it says the same there), and nothing to delete is offered.
    expect(screen.getByRole('button', { name: `Show tokens of ${SECOND}` })).toBeTruthy();
    expect(
      screen.getByRole<HTMLButtonElement>('button', { name: `Delete never-expiring tokens of ${SECOND} (0)` }).disabled,
    ).toBe(true);
  });

  it('switches to an account’s list with the Account control, and back to the overview', async ({ startPopup }) => {
    const { user } = await startPopup({ seed: PRODUCTION_SEED }, withSecondAccount);
    const picker = await screen.findByRole<HTMLSelectElement>('combobox', { name: 'Account' });
    expect([...picker.options].map((option) => option.text)).toEqual(['All accounts', 'Production', SECOND]);
    expect(picker.selectedOptions[0]!.text).toBe('All accounts');
    await waitForCounts(SECOND, [4, 1, 7]);

    await user.selectOptions(picker, SECOND);
    await waitForListTotal(7);
    expect(overview()).toBeNull();
    // The rows are sandbox's tokens.
    const sandboxTokens = new Set((await cachedTokens('sandbox'))!.tokens.map((token) => maskToken(token.token)));
    expect(rows().length).toBeGreaterThan(0);
    for (const row of rows())
      expect(sandboxTokens.has(row.querySelector('.token-row__token')?.textContent ?? '')).toBe(true);
    expect(document.activeElement).toBe(picker);

    await user.selectOptions(picker, 'Production');
    await waitForListTotal(12);

    await user.selectOptions(picker, 'All accounts');
    expect(await screen.findByRole('heading', { name: 'Accounts' })).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Upload tokens' })).toBeNull();
    await waitForCounts('Production', [3, 2, 12]);
  });

  it('shows the remaining account’s list when the other one is removed', async ({ startPopup }) => {
    const { user, background } = await startPopup({ seed: PRODUCTION_SEED }, withSecondAccount);
    const picker = await screen.findByRole<HTMLSelectElement>('combobox', { name: 'Account' });
    await user.selectOptions(picker, SECOND);
    await waitForListTotal(7);
    expect(await background.request('removeAccount', { account: 'sandbox' })).toEqual({ ok: true });
    await waitForListTotal(12);
    expect(screen.queryByRole('combobox', { name: 'Account' })).toBeNull();
    expect(overview()).toBeNull();
  });

  it('keeps the list open, search and all, when another account is added meanwhile', async ({ startPopup }) => {
    const { user, background } = await startPopup({ seed: PRODUCTION_SEED }, withSecondAccount);
    const picker = await screen.findByRole<HTMLSelectElement>('combobox', { name: 'Account' });
    await user.selectOptions(picker, 'Production');
    await waitForListTotal(12);
    const search = screen.getByRole<HTMLInputElement>('searchbox', { name: 'Search tokens' });
    await user.type(search, 'zzz-nothing');
    const added = await background.request('addAccount', {
      name: 'Customer B',
      environment: 'production',
      apiKey: OTHER_KEYS.production,
    });
    expect(added.ok).toBe(true);
    await waitFor(() => expect(picker.options).toHaveLength(4));
    expect(picker.selectedOptions[0]!.text).toBe('Production');
    expect(screen.getByRole('searchbox', { name: 'Search tokens' })).toBe(search);
    expect(search.value).toBe('zzz-nothing');
  });

  it('opens an account’s list from its row, the focus on the control that names it', async ({ startPopup }) => {
    const { user } = await startPopup({ seed: PRODUCTION_SEED }, withSecondAccount);
    await waitForCounts('Production', [3, 2, 12]);
    await user.click(screen.getByRole('button', { name: 'Show tokens of Production' }));
    await waitForListTotal(12);
    const picker = screen.getByRole<HTMLSelectElement>('combobox', { name: 'Account' });
    expect(picker.selectedOptions[0]!.text).toBe('Production');
    await waitFor(() => expect(document.activeElement).toBe(picker));
  });

  it('deletes one account’s never-expiring tokens from the overview, and only those', async ({ startPopup }) => {
    const { user, background } = await startPopup({ seed: PRODUCTION_SEED }, withSecondAccount);
    await waitForCounts(SECOND, [4, 1, 7]);
    await waitForCounts('Production', [3, 2, 12]);
    const productionBefore = background.server.tokens('production').map((token) => token.token);

    await user.click(screen.getByRole('button', { name: `Delete never-expiring tokens of ${SECOND} (4)` }));
    await confirmBulkDelete(user, 4, SECOND);
    expect(await screen.findByRole('progressbar', { name: `Deleting never-expiring tokens (${SECOND})` })).toBeTruthy();
    await screen.findByRole('heading', { name: 'Bulk delete finished' }, { timeout: 15_000 });
    expect(screen.getByText('Deleted: 4')).toBeTruthy();

    expect(background.server.tokens('sandbox')).toHaveLength(3);
    expect(neverExpiring(background.server.tokens('sandbox'))).toHaveLength(0);
    expect(background.server.tokens('production').map((token) => token.token)).toEqual(productionBefore);
    await waitForCounts(SECOND, [0, 1, 3]);
    expect(rowCells('Production')).toEqual(['3', '2', '12']);

    // Dismissing the report gives the focus to the account's row.
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() =>
      expect(document.activeElement).toBe(screen.getByRole('button', { name: `Show tokens of ${SECOND}` })),
    );
  });

  it('lists an account that has no cached list yet before asking to delete its never-expiring tokens', async ({
    startPopup,
  }) => {
    let listing!: HeldResponses;
    const { user, background } = await startPopup({ seed: PRODUCTION_SEED }, async (bg) => {
      await withSecondAccount(bg);
      // The badge's count is in (adding the account counted it); the first listing is held.
      listing = bg.server.hold({ method: 'GET', pathPrefix: '/upload-tokens', environment: 'sandbox' });
    });
    await listing.arrived;
    await waitFor(() => expect(rowCells(SECOND)).toEqual(['4', '–', '–']));
    await user.click(screen.getByRole('button', { name: `Delete never-expiring tokens of ${SECOND} (4)` }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    listing.release();
    await confirmBulkDelete(user, 4, SECOND);
    await screen.findByRole('heading', { name: 'Bulk delete finished' }, { timeout: 15_000 });
    expect(neverExpiring(background.server.tokens('sandbox'))).toHaveLength(0);
    expect(background.server.tokens('sandbox')).toHaveLength(3);
    await waitForCounts(SECOND, [0, 1, 3]);
  });

  it('creates and deletes tokens in the account chosen, not in another account of the same environment', async ({
    startPopup,
  }) => {
    const { user, background } = await startPopup({ seed: PRODUCTION_SEED }, async (bg) => {
      bg.server.account('production', OTHER_KEYS.production).seed({ count: 2 });
      const added = await bg.request('addAccount', {
        name: 'Customer B',
        environment: 'production',
        apiKey: OTHER_KEYS.production,
      });
      expect(added).toEqual({ ok: true, account: expect.stringMatching(/^production-[a-z0-9]+$/) });
    });
    const customer = background.server.account('production', OTHER_KEYS.production);
    const productionBefore = background.server.tokens('production').map((token) => token.token);
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Account' }), 'Customer B');
    await waitForListTotal(2);

    await user.click(screen.getByRole('button', { name: 'New token' }));
    await screen.findByRole('heading', { name: 'New Production upload token' });
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    await screen.findByRole('heading', { name: 'Your new upload token' });
    expect(customer.tokens()).toHaveLength(3);
    const created = screen.getByTestId('new-token').textContent;
    expect(customer.tokens().map((token) => token.token)).toContain(created);
    await user.click(screen.getByRole('button', { name: 'Done' }));
    await waitForListTotal(3);

    const masked = maskToken(created);
    await user.click(screen.getByRole('button', { name: `Delete ${masked}` }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Delete this upload token?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitForListTotal(2);
    expect(customer.tokens().map((token) => token.token)).not.toContain(created);
    expect(background.server.tokens('production').map((token) => token.token)).toEqual(productionBefore);
  });

  it('runs a bulk delete in one account while the other account’s list is refreshed: both end right', async ({
    startPopup,
  }) => {
    const { user, background } = await startPopup({ seed: PRODUCTION_SEED }, withSecondAccount);
    const { server } = background;
    await waitForCounts(SECOND, [4, 1, 7]);
    await waitForCounts('Production', [3, 2, 12]);

    // Production's next listing is held while sandbox's bulk delete runs and ends.
    const listing = server.hold({ method: 'GET', pathPrefix: '/upload-tokens', environment: 'production' });
    server.addToken('production', { ttl: 0 });
    const refreshed = background.request('refreshList', { account: 'production' });
    await listing.arrived;

    await user.click(screen.getByRole('button', { name: `Delete never-expiring tokens of ${SECOND} (4)` }));
    await confirmBulkDelete(user, 4, SECOND);
    await screen.findByRole('heading', { name: 'Bulk delete finished' }, { timeout: 15_000 });
    expect(screen.getByText('Deleted: 4')).toBeTruthy();
    // While production's listing is still held, its row shows what it had.
    expect(listing.held).toBe(1);
    expect(rowCells('Production')).toEqual(['3', '2', '12']);

    listing.release();
    expect(await refreshed).toEqual({ ok: true });
    await waitForCounts('Production', [4, 2, 13]);
    await waitForCounts(SECOND, [0, 1, 3]);
    expect(neverExpiring(server.tokens('sandbox'))).toHaveLength(0);
    expect(server.tokens('sandbox')).toHaveLength(3);
    expect(neverExpiring(server.tokens('production'))).toHaveLength(4);
    expect(neverExpiring((await cachedTokens('production'))!.tokens)).toHaveLength(4);
    expect((await cachedTokens('sandbox'))!.tokens).toHaveLength(3);
  });
});
