// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"fetch":{"disableSameOriginPolicy":true}}}
// The popup paints the first screen kept beside the token cache, then reads the full cache.
import { describe, expect, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { maskToken } from '@/utils/mask';
import { DEFAULT_TOKEN_SORT, sortTokens } from '@/utils/token-rules';
import type { TestBackground } from '../../helpers/background';
import { it, rows, shownMaskedTokens, stat, waitForListTotal } from './popup-harness';

/**
 * Holds every read of the full token cache (the fake browser's own `get`, answered only once
 * released) and records which storage keys were asked for before that.
 */
function holdFullCacheReads() {
  const get = fakeBrowser.storage.local.get.bind(fakeBrowser.storage.local);
  const asked: string[] = [];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  vi.spyOn(fakeBrowser.storage.local, 'get').mockImplementation(async (keys?: unknown) => {
    const names = keys === null || keys === undefined ? ['(all)'] : ([] as string[]).concat(keys as string);
    asked.push(...names);
    if (names.some((name) => name.startsWith('tokenCache:'))) await released;
    return get(keys as string[]);
  });
  return { asked, release };
}

/** The server's tokens, newest first, masked as rows show them. */
function newestMasked(background: TestBackground, count: number): string[] {
  return sortTokens(background.server.tokens('production'), DEFAULT_TOKEN_SORT)
    .slice(0, count)
    .map((token) => maskToken(token.token));
}

async function listedBeforeOpening(bg: TestBackground) {
  expect((await bg.request('refreshList', { account: 'production' })).ok).toBe(true);
}

describe('popup: first screen', () => {
  it('paints the first rows and true counts before the full cache is read', async ({ startPopup }) => {
    let hold!: ReturnType<typeof holdFullCacheReads>;
    const { background } = await startPopup({ seed: { count: 60, neverExpiring: 7, expiringSoon: 3 } }, async (bg) => {
      await listedBeforeOpening(bg);
      hold = holdFullCacheReads();
    });
    await waitFor(() => expect(rows()).toHaveLength(10));
    expect(hold.asked).toContain('firstScreen:production');
    expect(shownMaskedTokens()).toEqual(newestMasked(background, 10));
    // The full cache is asked for once the first rows are painted, and they stay while it is held.
    await waitFor(() => expect(hold.asked).toContain('tokenCache:production'));
    expect(hold.asked.indexOf('firstScreen:production')).toBeLessThan(hold.asked.indexOf('tokenCache:production'));
    expect(shownMaskedTokens()).toEqual(newestMasked(background, 10));
    // Screen readers hear the whole list's size, not the first screen's.
    expect(rows()[0]!.getAttribute('aria-setsize')).toBe('60');
    expect(screen.getByRole('list', { name: 'Upload tokens' }).getAttribute('aria-busy')).toBe('true');
    expect(screen.getByText('Showing 60 of 60 tokens')).toBeTruthy();
    expect(stat('Never expire')).toBe('7');
    expect(stat('Expire ≤ 24 h')).toBe('3');
    expect(stat('Total')).toBe('60');
    expect(screen.getByRole('radio', { name: 'All (60)' })).toBeTruthy();

    hold.release();
    await waitFor(() =>
      expect(screen.getByRole('list', { name: 'Upload tokens' }).getAttribute('aria-busy')).not.toBe('true'),
    );
    expect(screen.getByRole('button', { name: 'Delete all 7 never-expiring tokens' })).toBeTruthy();
    expect(shownMaskedTokens()).toEqual(newestMasked(background, 10));
    expect(stat('Total')).toBe('60');
  });

  it('lets a filter or search typed meanwhile wait for the full list, then applies it', async ({ startPopup }) => {
    let hold!: ReturnType<typeof holdFullCacheReads>;
    const { user } = await startPopup({ seed: { count: 40, neverExpiring: 4 } }, async (bg) => {
      await listedBeforeOpening(bg);
      hold = holdFullCacheReads();
    });
    await waitFor(() => expect(rows()).toHaveLength(10));
    await user.click(screen.getByRole('radio', { name: 'Never expires (4)' }));
    // Not "nothing matches" from the first 20 rows: it says it is loading.
    await waitFor(() => expect(rows()).toHaveLength(0));
    expect(screen.getAllByText('Loading your upload tokens…').length).toBeGreaterThan(0);
    expect(screen.queryByText(/Showing \d+ of/)).toBeNull();

    hold.release();
    await waitFor(() => expect(rows()).toHaveLength(4));
    rows().forEach((row) => expect(row.textContent).toContain('Never expires'));
    expect(screen.getByText('Showing 4 of 40 tokens')).toBeTruthy();
  });

  it('opens the bulk delete asked for meanwhile once the full list says which tokens', async ({ startPopup }) => {
    let hold!: ReturnType<typeof holdFullCacheReads>;
    const { user } = await startPopup({ seed: { count: 40, neverExpiring: 25 } }, async (bg) => {
      await listedBeforeOpening(bg);
      hold = holdFullCacheReads();
    });
    await user.click(await screen.findByRole('button', { name: 'Delete all 25 never-expiring tokens' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    hold.release();
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain('25');
    await waitFor(() =>
      expect(document.activeElement).toBe(within(dialog).getByRole('textbox', { name: 'Type 25 to confirm' })),
    );
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
  });

  it('ignores a first screen left by another key', async ({ startPopup }) => {
    let hold!: ReturnType<typeof holdFullCacheReads>;
    const { background } = await startPopup({ seed: { count: 12 } }, async (bg) => {
      await listedBeforeOpening(bg);
      const stored = await fakeBrowser.storage.local.get('firstScreen:production');
      const first = stored['firstScreen:production'] as { rows: { token: string }[] };
      await fakeBrowser.storage.local.set({
        'firstScreen:production': {
          ...first,
          keyId: 'a-replaced-key',
          rows: [{ ...first.rows[0], token: 'toOtherKeyXXXXXXXXXXXXXX' }],
          tokenCount: 999,
        },
      });
      hold = holdFullCacheReads();
    });
    expect(await screen.findByText('Loading your upload tokens…')).toBeTruthy();
    expect(rows()).toHaveLength(0);
    expect(stat('Total')).toBe('–');
    hold.release();
    await waitForListTotal(12);
    expect(shownMaskedTokens()).toEqual(newestMasked(background, 10));
    expect(document.body.textContent).not.toContain(maskToken('toOtherKeyXXXXXXXXXXXXXX'));
  });

  it('falls back to the full cache when the first screen is damaged', async ({ startPopup }) => {
    const { background } = await startPopup({ seed: { count: 12, neverExpiring: 2 } }, async (bg) => {
      await listedBeforeOpening(bg);
      await fakeBrowser.storage.local.set({ 'firstScreen:production': { rows: 'garbage' } });
    });
    await waitForListTotal(12);
    expect(shownMaskedTokens()).toEqual(newestMasked(background, 10));
    expect(stat('Never expire')).toBe('2');
  });
});
