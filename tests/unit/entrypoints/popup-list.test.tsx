// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"fetch":{"disableSameOriginPolicy":true}}}
import { describe, expect, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { maskToken } from '@/utils/mask';
import { ageCachedList, it, rows, shownMaskedTokens, stat, waitForListTotal } from './popup-harness';

describe('popup: first run', () => {
  it('without a key, welcomes the person and opens the settings', async ({ startPopup }) => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const { user } = await startPopup({ withKey: false });
    expect(await screen.findByRole('heading', { name: 'Welcome' })).toBeTruthy();
    expect(screen.getByText(/first step is to add an account/)).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Upload tokens' })).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Open settings to add an account' }));
    // WXT's fake browser has no openOptionsPage: the popup falls back to opening the page itself.
    expect(open).toHaveBeenCalledWith(expect.stringMatching(/options\.html$/), '_blank', 'noopener');
  });
});

describe('popup: summary and list', () => {
  it('shows the counts, the environment and when it was checked', async ({ startPopup }) => {
    await startPopup({ seed: { count: 30, neverExpiring: 5, expiringSoon: 4 } });
    await waitForListTotal(30);
    expect(stat('Never expire')).toBe('5');
    expect(stat('Expire ≤ 24 h')).toBe('4');
    expect(stat('Total')).toBe('30');
    expect(screen.getByText('Production', { selector: '.env-badge' })).toBeTruthy();
    expect(await screen.findByText('checked just now')).toBeTruthy();
    const refresh = screen.getByRole('button', { name: 'Refresh the token list' });
    expect(refresh.getAttribute('aria-disabled')).toBe('false');
  });

  it('shows a cache under a minute old without listing it again', async ({ startPopup }) => {
    let listRequests = () => 0;
    await startPopup({ seed: { count: 3 } }, async (bg) => {
      expect((await bg.request('refreshList', { account: 'production' })).ok).toBe(true);
      bg.server.addToken('production', { ttl: 0 });
      bg.server.resetRequests();
      listRequests = () => bg.server.requests.filter((r) => r.method === 'GET' && r.path === '/upload-tokens').length;
    });
    await waitForListTotal(3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(listRequests()).toBe(0);
  });

  it('refreshes a cache older than a minute on open', async ({ startPopup }) => {
    await startPopup({ seed: { count: 3 } }, async (bg) => {
      expect((await bg.request('refreshList', { account: 'production' })).ok).toBe(true);
      await ageCachedList();
      bg.server.addToken('production', { ttl: 0 });
    });
    await waitForListTotal(4);
  });

  it('refreshes on request and picks up tokens created elsewhere', async ({ startPopup }) => {
    const { user, background } = await startPopup({ seed: { count: 3 } });
    await waitForListTotal(3);
    background.server.addToken('production', { ttl: 0 });
    await user.click(screen.getByRole('button', { name: 'Refresh the token list' }));
    await waitForListTotal(4);
    expect(stat('Never expire')).toBe('1');
  });

  it('renders each row with the masked token, dates, tags, copy and delete', async ({ startPopup }) => {
    const { background, user } = await startPopup({}, async (bg) => {
      bg.server.addToken('production', { token: 'to1tcmSFHeYY5KzyhOqVKMKb', ttl: 0 });
      bg.server.addToken('production', { token: 'to2soonSFHeYY5KzyhOqVKMK', ttl: 3 * 3600 });
    });
    await waitForListTotal(2);
    const list = screen.getByRole('list', { name: 'Upload tokens' });
    const never = within(list).getByRole('button', { name: /^to1tcm…KMKb/ });
    expect(never.textContent).toContain('Never expires');
    expect(never.textContent).toContain('Expires: never');
    expect(never.textContent).toMatch(/Created \w+/);
    const soon = within(list).getByRole('button', { name: /^to2soo…VKMK/ });
    expect(soon.textContent).toContain('Expiring soon');
    expect(soon.textContent).toMatch(/Expires .+ · in (2|3) h/);
    // The full token is never in the list, only the masked one.
    expect(list.textContent).not.toContain('to1tcmSFHeYY5KzyhOqVKMKb');

    await user.click(within(list).getByRole('button', { name: 'Copy token to1tcm…KMKb' }));
    expect(await navigator.clipboard.readText()).toBe('to1tcmSFHeYY5KzyhOqVKMKb');
    await waitFor(() => expect(screen.getByTestId('announcer').textContent).toBe('Copied'));
    expect(within(list).getByRole('button', { name: 'Delete to1tcm…KMKb' })).toBeTruthy();
    expect(background.server.tokens('production')).toHaveLength(2);
  });

  it('filters by never expires and expiring soon, with a kind word when nothing matches', async ({ startPopup }) => {
    const { user, background } = await startPopup({ seed: { count: 12, neverExpiring: 3, expiringSoon: 2 } });
    await waitForListTotal(12);
    await user.click(screen.getByRole('radio', { name: 'Never expires (3)' }));
    await waitFor(() => expect(rows()).toHaveLength(3));
    const neverTokens = background.server.tokens('production').filter((token) => token.ttl === 0);
    expect(shownMaskedTokens().sort()).toEqual(neverTokens.map((token) => maskToken(token.token)).sort());
    rows().forEach((row) => expect(row.textContent).toContain('Never expires'));

    await user.click(screen.getByRole('radio', { name: 'Expiring soon (2)' }));
    await waitFor(() => expect(rows()).toHaveLength(2));
    rows().forEach((row) => expect(row.textContent).toContain('Expiring soon'));

    await user.click(screen.getByRole('radio', { name: 'All (12)' }));
    await waitFor(() => expect(rows()).toHaveLength(10)); // 320 px of 64 px rows + overscan 5
  });

  it('says “Nothing never expires. Well done.” when no token is never-expiring', async ({ startPopup }) => {
    const { user } = await startPopup({ seed: { count: 4, neverExpiring: 0 } });
    await waitForListTotal(4);
    await user.click(screen.getByRole('radio', { name: 'Never expires (0)' }));
    expect(await screen.findByText('Nothing never expires. Well done.')).toBeTruthy();
  });

  it('says “No upload tokens yet” for an empty account', async ({ startPopup }) => {
    await startPopup();
    expect(await screen.findByText('No upload tokens yet')).toBeTruthy();
    expect(stat('Total')).toBe('0');
  });

  it('searches token text case-insensitively', async ({ startPopup }) => {
    const { user } = await startPopup({}, async (bg) => {
      bg.server.addToken('production', { token: 'toAlphaAAAAAAAAAAAAAAAAA', ttl: 3600 });
      bg.server.addToken('production', { token: 'toBetaBBBBBBBBBBBBBBBBBB', ttl: 3600 });
      bg.server.addToken('production', { token: 'toGammaALPHACCCCCCCCCCCC', ttl: 0 });
    });
    await waitForListTotal(3);
    const search = screen.getByRole('searchbox', { name: 'Search tokens' });
    await user.type(search, 'alpha');
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(shownMaskedTokens().sort()).toEqual(
      [maskToken('toAlphaAAAAAAAAAAAAAAAAA'), maskToken('toGammaALPHACCCCCCCCCCCC')].sort(),
    );

    await user.clear(search);
    await user.type(search, 'zzz');
    expect(await screen.findByText('No token matches “zzz”')).toBeTruthy();
  });

  it('sorts by creation date or lifetime, in both orders', async ({ startPopup }) => {
    const { user } = await startPopup({}, async (bg) => {
      const created = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
      bg.server.addToken('production', { token: 'toOldestXXXXXXXXXXXXXXXX', ttl: 30 * 86_400, createdAt: created(3) });
      bg.server.addToken('production', { token: 'toMiddleXXXXXXXXXXXXXXXX', ttl: 0, createdAt: created(2) });
      bg.server.addToken('production', { token: 'toNewestXXXXXXXXXXXXXXXX', ttl: 7200, createdAt: created(0) });
    });
    await waitForListTotal(3);
    const masked = (...ids: string[]) => ids.map((id) => maskToken(`to${id}XXXXXXXXXXXXXXXX`));
    expect(shownMaskedTokens()).toEqual(masked('Newest', 'Middle', 'Oldest'));

    const sort = screen.getByRole('combobox', { name: 'Sort' });
    await user.selectOptions(sort, 'Oldest first');
    await waitFor(() => expect(shownMaskedTokens()).toEqual(masked('Oldest', 'Middle', 'Newest')));
    await user.selectOptions(sort, 'Shortest lifetime first');
    await waitFor(() => expect(shownMaskedTokens()).toEqual(masked('Newest', 'Oldest', 'Middle')));
    await user.selectOptions(sort, 'Longest lifetime first');
    await waitFor(() => expect(shownMaskedTokens()).toEqual(masked('Middle', 'Oldest', 'Newest')));
  });

  it('keeps 10,000 tokens smooth: only the rows in view are in the DOM', async ({ startPopup }) => {
    await startPopup({ seed: { count: 10_000, neverExpiring: 2500 }, serverOptions: { rateLimit: false } });
    await waitForListTotal(10_000);
    expect(stat('Total')).toBe('10000');
    expect(rows().length).toBeLessThanOrEqual(16);
    expect(rows()[0]!.getAttribute('aria-setsize')).toBe('10000');

    const scroller = screen.getByRole('list', { name: 'Upload tokens' }).parentElement!;
    scroller.scrollTop = 64 * 5000;
    fireEvent.scroll(scroller);
    await waitFor(() => expect(rows().some((row) => row.getAttribute('aria-posinset') === '5001')).toBe(true));
    expect(rows().length).toBeLessThanOrEqual(16);
    expect(rows().some((row) => row.getAttribute('aria-posinset') === '1')).toBe(false);
  }, 60_000);

  it('shows “page n of N” while a long list loads behind the cached one', async ({ startPopup }) => {
    const { background } = await startPopup(
      { seed: { count: 1000 }, serverOptions: { rateLimit: false } },
      async (bg) => {
        bg.server.setLatency(60);
      },
    );
    const progress = await screen.findByRole('progressbar', { name: 'Loading the token list' }, { timeout: 5000 });
    expect(progress.getAttribute('aria-valuemax')).toBe('10');
    expect(progress.getAttribute('aria-valuetext')).toMatch(/^page \d+ of 10$/);
    expect(Number(progress.getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(0);
    await waitForListTotal(1000);
    // The list (watched in storage) may paint a moment before the listing's own answer ends the progress.
    await waitFor(() => expect(screen.queryByRole('progressbar', { name: 'Loading the token list' })).toBeNull());
    background.server.setLatency(0);
  });
});
