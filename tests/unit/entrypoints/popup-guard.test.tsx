// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"fetch":{"disableSameOriginPolicy":true}}}
// The popup's side of the guard (issue 14): Keep marks, the attention state of accounts with new
// never-expiring tokens, the notification's click opening the popup on them, and the lifetime
// policy's runs in the bulk-delete progress. The real popup, the real background, the local api.video.
import { describe, expect, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { maskToken } from '@/utils/mask';
import { REFRESH_ALARM } from '@/utils/background/schedule';
import { alertItem, bulkDeleteItem, keepMarksItem, popupIntentItem, type BulkDeleteJob } from '@/utils/storage';
import { savedKeyId, type TestBackground } from '../../helpers/background';
import { it, rows, shownMaskedTokens, waitForListTotal } from './popup-harness';

const DAY = 24 * 60 * 60 * 1000;
/** api.video's date format. */
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
const ATTENTION: unknown = [0xb0, 0x00, 0x8a, 255];
const KEEP = 'Keep — the lifetime policy never deletes it';
const SECOND = 'Acme sandbox';

/** Resolves once Date.now() has moved on: events before and after compare strictly. */
async function nextMillisecond() {
  const start = Date.now();
  while (Date.now() === start) await new Promise((resolve) => setImmediate(resolve));
}

async function waitForJob(account: string, done: (job: BulkDeleteJob) => boolean): Promise<BulkDeleteJob> {
  let found: BulkDeleteJob | null = null;
  await waitFor(
    async () => {
      found = await bulkDeleteItem(account).getValue();
      expect(found && done(found)).toBe(true);
    },
    { timeout: 15_000 },
  );
  return found!;
}

/**
 * The state a popup visit leaves (listed, then looked at), then a backend creates a never-expiring
 * token and the refresh alarm finds it: the account's alert is set. Resolves to the new token.
 */
async function newForeverFoundByAlarm(bg: TestBackground, account: 'production' | 'sandbox'): Promise<string> {
  expect((await bg.request('refreshList', { account })).ok).toBe(true);
  await nextMillisecond();
  expect((await bg.request('markLooked', { account })).ok).toBe(true);
  await nextMillisecond();
  const fresh = bg.server.addToken(account, { ttl: 0 }).token;
  await bg.background.onAlarm({ name: REFRESH_ALARM });
  expect((await alertItem(account).getValue())?.tokens).toEqual([fresh]);
  expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual(ATTENTION);
  return fresh;
}

async function withSecondAccount(bg: TestBackground) {
  bg.server.seed('sandbox', { count: 4, neverExpiring: 2 });
  const added = await bg.request('addAccount', { name: SECOND, environment: 'sandbox', apiKey: bg.keys.sandbox });
  expect(added).toEqual({ ok: true, account: 'sandbox' });
}

function overviewRow(name: string): HTMLElement {
  const table = screen.getByRole('table', { name: 'Accounts' });
  const row = within(table)
    .getAllByRole('row')
    .find((candidate) => candidate.querySelector('.overview__account')?.textContent === name);
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

async function expectAlertCleared(account: string) {
  await waitFor(async () => expect(await alertItem(account).getValue()).toBeNull());
  await waitFor(async () => expect(await fakeBrowser.action.getBadgeBackgroundColor({})).not.toEqual(ATTENTION));
}

/** The Account control's choice (happy-dom's selectedOptions misses a value set by the page). */
function pickedAccount(picker: HTMLElement): string | undefined {
  const select = picker as HTMLSelectElement;
  return select.options[select.selectedIndex]?.text;
}

function filterChecked(name: RegExp | string): boolean {
  return screen.getByRole<HTMLInputElement>('radio', { name }).checked;
}

describe('popup: Keep marks', () => {
  it('marks a token Keep in its details: the mark is stored for the saved key and its row says Keep', async ({
    startPopup,
  }) => {
    const { user, background } = await startPopup({ seed: { count: 3, neverExpiring: 1 } });
    await waitForListTotal(3);
    const [target] = background.server.tokens('production').filter((token) => token.ttl === 0);
    const masked = maskToken(target!.token);
    expect(rows().some((row) => row.querySelector('.tag--keep'))).toBe(false);

    await user.click(screen.getByRole('button', { name: new RegExp(`^${masked}`) }));
    const box = await screen.findByRole<HTMLInputElement>('checkbox', { name: KEEP });
    expect(box.checked).toBe(false);
    // The view's heading takes the focus once the view is painted (an effect): focusing the box
    // before that lost it to the heading on a loaded machine, and Space then toggled nothing.
    const heading = screen.getByRole('heading', { name: 'Token details' });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    // By keyboard: Space toggles the focused box.
    box.focus();
    await user.keyboard(' ');
    await waitFor(async () =>
      expect(await keepMarksItem('production').getValue()).toEqual({
        keyId: await savedKeyId('production'),
        tokens: [target!.token],
      }),
    );
    expect(box.checked).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Back' }));
    const row = rows().find((candidate) => candidate.querySelector('.token-row__token')?.textContent === masked);
    await waitFor(() => expect(row?.querySelector('.tag--keep')?.textContent).toBe('Keep'));
    expect(rows().filter((candidate) => candidate.querySelector('.tag--keep'))).toHaveLength(1);

    // Unmarked: the mark goes, and the tag with it.
    await user.click(screen.getByRole('button', { name: new RegExp(`^${masked}`) }));
    await user.click(await screen.findByRole('checkbox', { name: KEEP }));
    await waitFor(async () => expect(await keepMarksItem('production').getValue()).toBeNull());
    await user.click(screen.getByRole('button', { name: 'Back' }));
    await waitFor(() => expect(rows().some((candidate) => candidate.querySelector('.tag--keep'))).toBe(false));
  });

  it('a token marked Keep survives the lifetime policy, whose report says the policy deleted the others', async ({
    startPopup,
  }) => {
    const now = Date.now();
    const old: string[] = [];
    let young = '';
    const { user, background } = await startPopup({ seed: { count: 0 } }, async (bg) => {
      for (const days of [40, 50, 60])
        old.push(bg.server.addToken('production', { ttl: 0, createdAt: iso(now - days * DAY) }).token);
      young = bg.server.addToken('production', { ttl: 0, createdAt: iso(now - 2 * DAY) }).token;
      expect((await bg.request('refreshList', { account: 'production' })).ok).toBe(true);
    });
    await waitForListTotal(4);
    const [kept, ...due] = old;
    await user.click(screen.getByRole('button', { name: new RegExp(`^${maskToken(kept!)}`) }));
    await user.click(await screen.findByRole('checkbox', { name: KEEP }));
    await waitFor(async () => expect((await keepMarksItem('production').getValue())?.tokens).toEqual([kept]));
    await user.click(screen.getByRole('button', { name: 'Back' }));

    expect(await background.request('updateAccount', { account: 'production', policyDays: 30 })).toEqual({ ok: true });
    const job = await waitForJob('production', (found) => found.state === 'done');
    expect(job.via).toBe('policy');
    expect(job.deleted.sort()).toEqual([...due].sort());
    const left = background.server.tokens('production').map((token) => token.token);
    expect(left.sort()).toEqual([kept!, young].sort());

    // The report is the policy's, not a bulk delete of the person's.
    expect(await screen.findByRole('heading', { name: 'Deleted by the lifetime policy (Production)' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Bulk delete finished' })).toBeNull();
    expect(screen.getByText('Deleted: 2')).toBeTruthy();
    expect(screen.queryByText(/kept \(marked Keep meanwhile\)/)).toBeNull();
    await waitFor(() => expect(shownMaskedTokens().sort()).toEqual([maskToken(kept!), maskToken(young)].sort()));
  });

  it('shows a policy run as the policy’s while it runs, and counts a token marked Keep meanwhile', async ({
    startPopup,
  }) => {
    const now = Date.now();
    const old: string[] = [];
    const { user, background } = await startPopup({ seed: { count: 0 } }, async (bg) => {
      // More than one batch of the job (12): the youngest are not yet read for Keep marks while the first is held.
      for (let i = 0; i < 20; i++)
        old.push(bg.server.addToken('production', { ttl: 0, createdAt: iso(now - (40 + i) * DAY) }).token);
      expect((await bg.request('refreshList', { account: 'production' })).ok).toBe(true);
    });
    await waitForListTotal(20);
    const deletes = background.server.hold({ method: 'DELETE', times: 1 });
    const turnedOn = background.request('updateAccount', { account: 'production', policyDays: 30 });
    await deletes.arrived;
    expect(await turnedOn).toEqual({ ok: true });

    expect(await screen.findByRole('heading', { name: 'Deleting by the lifetime policy (Production)' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Stop this run' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Cancel the bulk delete' })).toBeNull();
    expect(screen.getByText(/turn it off in the settings to stop it/)).toBeTruthy();

    // The oldest go first: the youngest (the first row, newest first) waits for the held batch.
    const spared = old[0]!;
    await user.click(screen.getByRole('button', { name: new RegExp(`^${maskToken(spared)}`) }));
    await user.click(await screen.findByRole('checkbox', { name: KEEP }));
    await waitFor(async () => expect((await keepMarksItem('production').getValue())?.tokens).toEqual([spared]));
    deletes.release();

    const job = await waitForJob('production', (found) => found.state === 'done');
    expect(job.skipped).toEqual([spared]);
    expect(background.server.tokens('production').map((token) => token.token)).toEqual([spared]);
    expect(await screen.findByRole('heading', { name: 'Deleted by the lifetime policy (Production)' })).toBeTruthy();
    expect(screen.getByText('1 kept (marked Keep meanwhile)')).toBeTruthy();
    expect(screen.getByText('Deleted: 19')).toBeTruthy();
  });
});

describe('popup: new never-expiring tokens', () => {
  it('opens the only account on its new tokens when its alert is set, and the look ends the alert', async ({
    startPopup,
  }) => {
    let fresh = '';
    await startPopup({ seed: { count: 5, neverExpiring: 2 } }, async (bg) => {
      fresh = await newForeverFoundByAlarm(bg, 'production');
    });
    await waitFor(() => expect(filterChecked('New (1)')).toBe(true));
    await waitFor(() => expect(shownMaskedTokens()).toEqual([maskToken(fresh)]));
    expect(rows()[0]!.querySelector('.tag--new')?.textContent).toBe('New');
    await expectAlertCleared('production');
  });

  it('opens the only account on all its tokens when no alert is set', async ({ startPopup }) => {
    await startPopup({ seed: { count: 5, neverExpiring: 2 } }, async (bg) => {
      expect((await bg.request('refreshList', { account: 'production' })).ok).toBe(true);
      await bg.request('markLooked', { account: 'production' });
      bg.server.addToken('production', { ttl: 3600 }); // expires: no alert
      await bg.background.onAlarm({ name: REFRESH_ALARM });
    });
    await waitForListTotal(6);
    expect(filterChecked('All (6)')).toBe(true);
    expect(filterChecked(/^New/)).toBe(false);
  });

  it('says in the overview how many are new, and Show tokens opens them, ending the alert', async ({ startPopup }) => {
    let fresh = '';
    const { user } = await startPopup({ seed: { count: 5, neverExpiring: 2 } }, async (bg) => {
      await withSecondAccount(bg);
      fresh = await newForeverFoundByAlarm(bg, 'production');
    });
    await screen.findByRole('table', { name: 'Accounts' });
    await waitFor(() => expect(within(overviewRow('Production')).getByText('1 new')).toBeTruthy());
    expect(within(overviewRow(SECOND)).queryByText(/new/)).toBeNull();
    // Looking at the overview is not looking at the tokens: the alert stays.
    expect((await alertItem('production').getValue())?.tokens).toEqual([fresh]);

    await user.click(screen.getByRole('button', { name: 'Show tokens of Production' }));
    await waitFor(() => expect(filterChecked('New (1)')).toBe(true));
    await waitFor(() => expect(shownMaskedTokens()).toEqual([maskToken(fresh)]));
    await expectAlertCleared('production');

    // Back on the overview, the row no longer calls for attention; the other account opens as usual.
    await user.selectOptions(screen.getByRole('combobox', { name: 'Account' }), 'All accounts');
    await screen.findByRole('table', { name: 'Accounts' });
    expect(within(overviewRow('Production')).queryByText(/new/)).toBeNull();
    await user.click(screen.getByRole('button', { name: `Show tokens of ${SECOND}` }));
    await waitForListTotal(4);
    expect(filterChecked('All (4)')).toBe(true);
  });

  it('opens on the clicked notification’s account and its new tokens, and reads the intent once', async ({
    startPopup,
  }) => {
    let fresh = '';
    vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    await startPopup({ seed: { count: 5, neverExpiring: 2 } }, async (bg) => {
      await withSecondAccount(bg);
      fresh = await newForeverFoundByAlarm(bg, 'sandbox');
      await bg.background.onNotificationClicked('new-forever:sandbox');
      expect(await popupIntentItem.getValue()).toMatchObject({ account: 'sandbox', show: 'new' });
    });
    const picker = await screen.findByRole<HTMLSelectElement>('combobox', { name: 'Account' });
    await waitFor(() => expect(pickedAccount(picker)).toBe(SECOND));
    expect(screen.queryByRole('table', { name: 'Accounts' })).toBeNull();
    await waitFor(() => expect(filterChecked('New (1)')).toBe(true));
    await waitFor(() => expect(shownMaskedTokens()).toEqual([maskToken(fresh)]));
    expect(await popupIntentItem.getValue()).toBeNull();
    await expectAlertCleared('sandbox');
  });

  it('ignores, and removes, an intent naming an account that is gone', async ({ startPopup }) => {
    await startPopup({ seed: { count: 5 } }, async (bg) => {
      await withSecondAccount(bg);
      await popupIntentItem.setValue({ account: 'removed-account', show: 'new', at: Date.now() });
    });
    await screen.findByRole('table', { name: 'Accounts' });
    expect(pickedAccount(screen.getByRole('combobox', { name: 'Account' }))).toBe('All accounts');
    await waitFor(async () => expect(await popupIntentItem.getValue()).toBeNull());
  });

  it('with one account, a notification’s intent opens its new tokens and is read once', async ({ startPopup }) => {
    let fresh = '';
    vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    await startPopup({ seed: { count: 3 } }, async (bg) => {
      fresh = await newForeverFoundByAlarm(bg, 'production');
      await bg.background.onNotificationClicked('new-forever:production');
    });
    await waitFor(() => expect(filterChecked('New (1)')).toBe(true));
    await waitFor(() => expect(shownMaskedTokens()).toEqual([maskToken(fresh)]));
    expect(await popupIntentItem.getValue()).toBeNull();
  });
});
