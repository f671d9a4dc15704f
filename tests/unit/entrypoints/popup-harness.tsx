// Renders the real popup against the real background and local api.video server.
import { readAccounts, writeTokenCache } from '@/utils/storage';
import { cleanup, render, screen, within } from '@testing-library/preact';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { vi } from 'vitest';
import { Announcer } from '@/components/Announcer';
import { App } from '@/entrypoints/popup/App';
import {
  cachedTokens,
  test as backgroundTest,
  type TestBackground,
  type TestBackgroundOptions,
} from '../../helpers/background';

export interface PopupFixtures {
  /**
   * Starts a background (startBackground), runs `beforeRender` on it, then renders the real popup.
   * After the test it unmounts the popup and lets the background finish what it still has in
   * flight (a bulk delete, the badge count it refreshes after one), so no request reaches a
   * closed server.
   */
  startPopup: (
    options?: TestBackgroundOptions,
    beforeRender?: (background: TestBackground) => Promise<void>,
  ) => Promise<{ user: UserEvent; background: TestBackground }>;
}

export const it = backgroundTest.extend<PopupFixtures>({
  startPopup: async ({ startBackground }, use) => {
    let current: TestBackground | undefined;
    await use(async (options = {}, beforeRender) => {
      const background = await startBackground(options);
      current = background;
      await beforeRender?.(background);
      const user = userEvent.setup();
      render(
        <Announcer>
          <App />
        </Announcer>,
      );
      return { user, background };
    });
    cleanup();
    vi.restoreAllMocks();
    if (current) {
      current.server.setOffline(false);
      const { bulk, refresher } = current.background;
      const settled = Promise.all([
        bulk.idle(),
        // Every account's count, which a finished bulk delete refreshes (joined if already running).
        readAccounts().then((accounts) => Promise.all(accounts.map((account) => refresher.refreshCount(account.id)))),
      ]);
      await Promise.race([settled.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2000))]);
    }
  },
});

/** The rendered rows (only the windowed ones are in the DOM). */
export function rows(): HTMLElement[] {
  const list = screen.queryByRole('list', { name: 'Upload tokens' });
  return list ? within(list).queryAllByRole('listitem') : [];
}

/** Waits until the list shows `count` tokens in total (aria-setsize) or is empty. */
export async function waitForListTotal(count: number) {
  await screen.findByText(new RegExp(`Showing \\d+ of ${count} tokens`), undefined, { timeout: 30_000 });
}

export function stat(label: string): string {
  const term = screen.getByText(label, { selector: 'dt' });
  return term.nextElementSibling?.textContent ?? '';
}

/** The row main buttons' masked tokens, in display order. */
export function shownMaskedTokens(): string[] {
  return rows().map((row) => row.querySelector('.token-row__token')?.textContent ?? '');
}

/** Ages the cached list past the popup's auto-refresh threshold, as if it were read a while ago. */
export async function ageCachedList(environment: 'production' | 'sandbox' = 'production', byMs = 5 * 60_000) {
  const cache = await cachedTokens(environment);
  if (cache) await writeTokenCache(environment, { ...cache, fetchedAt: cache.fetchedAt - byMs });
}
