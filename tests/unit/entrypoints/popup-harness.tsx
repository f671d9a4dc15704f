// Renders the real popup against the real background and local api.video server.
import { writeTokenCache } from '@/utils/storage';
import { cleanup, render, screen, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import { Announcer } from '@/components/Announcer';
import { App } from '@/entrypoints/popup/App';
import {
  cachedTokens,
  startTestBackground,
  type TestBackground,
  type TestBackgroundOptions,
} from '../../helpers/background';

let current: TestBackground | undefined;

/**
 * Unmount first, then let the background finish what it still has in flight (a bulk delete,
 * the badge count it refreshes after one), so no request reaches a closed server.
 */
export async function closePopupBackground() {
  cleanup();
  vi.restoreAllMocks();
  if (current) {
    current.server.setOffline(false);
    const settled = Promise.all([
      current.background.bulk.idle(),
      current.background.refresher.refreshCount('production'),
    ]);
    await Promise.race([settled.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2000))]);
  }
  await current?.close();
  current = undefined;
}

export async function startPopup(
  options: TestBackgroundOptions = {},
  beforeRender?: (background: TestBackground) => Promise<void>,
) {
  current = await startTestBackground(options);
  await beforeRender?.(current);
  const user = userEvent.setup();
  render(
    <Announcer>
      <App />
    </Announcer>,
  );
  return { user, background: current };
}

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
