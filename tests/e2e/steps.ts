// What a person does on the extension's pages, by role and label, shared by the test files
// and the demo. The English wording is the contract here: a changed label fails loudly.
import type { Locator, Page } from 'playwright-core';
import type { Environment, UploadToken } from '@/utils/apivideo/types';

export const ENVIRONMENT_LABELS: Record<Environment, string> = { production: 'Production', sandbox: 'Sandbox' };

/** The popup opened as a page is about the size of the real popup. */
export const POPUP_VIEWPORT = { width: 400, height: 600 };

/** The options page's fieldset for one environment. */
export function keyFieldset(options: Page, environment: Environment): Locator {
  return options.getByRole('group', { name: ENVIRONMENT_LABELS[environment], exact: true });
}

/**
 * Types a key into "API key" and presses "Save"; resolves once the background has answered
 * (the button reads "Checking with api.video…" and is disabled until then).
 */
export async function saveKey(options: Page, environment: Environment, apiKey: string): Promise<void> {
  const fieldset = keyFieldset(options, environment);
  await fieldset.getByLabel('API key', { exact: true }).fill(apiKey);
  await fieldset.getByRole('button', { name: 'Save', exact: true }).click();
  await fieldset.getByRole('button', { name: 'Save', exact: true }).and(options.locator(':enabled')).waitFor();
}

/** The popup's token list. */
export function tokenList(popup: Page): Locator {
  return popup.getByRole('list', { name: 'Upload tokens', exact: true });
}

/** The filter radio whose label starts with `name` ("All", "Never expires", "Expiring soon"). */
export function filterRadio(popup: Page, name: 'All' | 'Never expires' | 'Expiring soon'): Locator {
  return popup.getByRole('radio', { name: new RegExp(`^${name} \\(\\d+\\)$`) });
}

/** Waits until the popup's list is painted with `total` tokens (the "All (N)" filter says how many). */
export async function waitForList(popup: Page, total: number): Promise<void> {
  await popup.getByRole('radio', { name: `All (${total})`, exact: true }).waitFor();
}

/**
 * Runs in the page, on the token list: the masked token of every row, top to bottom. The list
 * is windowed (only rows near the viewport are in the DOM), so this scrolls through it as a
 * person would, then back up. Shared with the browser-neutral journeys (journeys.ts).
 */
export async function readListedTokens(list: Element): Promise<string[]> {
  const scroller = list.parentElement!;
  const frames = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const seen = new Map<number, string>();
  scroller.scrollTop = 0;
  await frames();
  for (let guard = 0; guard < 10_000; guard++) {
    for (const row of list.querySelectorAll('li[aria-posinset]')) {
      seen.set(Number(row.getAttribute('aria-posinset')), row.querySelector('.token-row__token')?.textContent ?? '');
    }
    if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) break;
    scroller.scrollTop += Math.max(1, scroller.clientHeight - 64);
    await frames();
    await frames();
  }
  scroller.scrollTop = 0;
  await frames();
  return [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, masked]) => masked);
}

export async function listedTokens(popup: Page): Promise<string[]> {
  return tokenList(popup).evaluate(readListedTokens);
}

/** Tokens in the order the popup shows them by default (newest first, ties by token). */
export function newestFirst(tokens: readonly UploadToken[]): UploadToken[] {
  return [...tokens].sort(
    (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.token < b.token ? -1 : a.token > b.token ? 1 : 0),
  );
}

/**
 * Waits until a refresh started by a click is over. The refresh button says it is busy with
 * aria-disabled (not `disabled`, which would drop keyboard focus), so `:enabled` always matches
 * it: look at the attribute. A very fast refresh may be over before the busy state is seen.
 */
export async function waitForRefreshDone(popup: Page): Promise<void> {
  const button = popup.getByRole('button', { name: 'Refresh the token list', exact: true });
  await button
    .and(popup.locator('[aria-disabled="true"]'))
    .waitFor({ timeout: 3_000 })
    .catch(() => undefined);
  await button.and(popup.locator('[aria-disabled="false"]')).waitFor({ timeout: 20_000 });
}
