// What a person does on the extension's pages, by role and label, written once over the
// browser-neutral driver (./driver.ts): the journeys and fault scenarios run them in both
// browsers, the Chromium-only files and the demo through chromiumUiPage(). Plain Node, no
// vitest (scripts/demo.ts uses it). The English wording is the contract: a changed label fails loudly.
import type { Environment, UploadToken } from '@/utils/apivideo/types';
import type { NamePattern, Query, UiPage } from './driver';

export const ENVIRONMENT_LABELS: Record<Environment, string> = { production: 'Production', sandbox: 'Sandbox' };

/** The popup opened as a page is about the size of the real popup. */
export const POPUP_VIEWPORT = { width: 400, height: 600 };

export const button = (name: NamePattern): Query => ({ role: 'button', name });
export const heading = (name: NamePattern): Query => ({ role: 'heading', name });
export const radio = (name: NamePattern): Query => ({ role: 'radio', name });
export const text = (value: string): Query => ({ text: value });
export const alert: Query = { role: 'alert' };

/** The options page's region of one account (named after it), and a part of it. */
export const accountRegion = (name: string): Query => ({ role: 'region', name });
export const inAccount = (name: string, part: Query): Query => [accountRegion(name), part];
/** The popup overview's row header of one account (its name, then its environment). */
export const overviewRow = (name: string): Query => ({
  role: 'rowheader',
  name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`),
});
/** The options page's "Add account" form, and a part of it. */
export const addAccountForm: Query = { role: 'region', name: 'Add account' };
export const inAddForm = (part: Query): Query => [addAccountForm, part];

/** The popup's token list, and its refresh button. */
export const tokenList: Query = { role: 'list', name: 'Upload tokens' };
export const refreshButton = button('Refresh the token list');

/** The filter radio whose label starts with `name` ("All", "Never expires", "Expiring soon"). */
export const filterRadio = (name: 'All' | 'Never expires' | 'Expiring soon'): Query =>
  radio(new RegExp(`^${name} \\(\\d+\\)$`));

/** The popup's summary line under a filter or a search. */
export const showing = (shown: number, total: number): Query => text(`Showing ${shown} of ${total} tokens`);

/** The confirmation of "Delete all N never-expiring tokens". */
export const bulkDeleteDialog = (count: number): Query => ({
  role: 'alertdialog',
  name: `Delete ${count} never-expiring tokens?`,
});

/**
 * Fills "Add account" (name, API key, environment) and presses "Save"; resolves once the
 * background has answered (the button reads "Checking with api.video…" and is disabled until
 * then). The account's name defaults to its environment's ("Production", "Sandbox").
 */
export async function addAccount(
  options: UiPage,
  environment: Environment,
  apiKey: string,
  name: string = ENVIRONMENT_LABELS[environment],
): Promise<void> {
  await options.fill(inAddForm({ label: 'Account name' }), name);
  await options.fill(inAddForm({ label: 'API key' }), apiKey);
  await options.click(inAddForm(radio(ENVIRONMENT_LABELS[environment])));
  await options.click(inAddForm(button('Save')));
  await options.waitFor(inAddForm(button('Save')), { enabled: true, timeoutMs: 20_000 });
}

/** Adds an account and waits until the page says it was added (throws with the page's error otherwise). */
export async function addAccountOk(
  options: UiPage,
  environment: Environment,
  apiKey: string,
  name: string = ENVIRONMENT_LABELS[environment],
): Promise<void> {
  await addAccount(options, environment, apiKey, name);
  if ((await options.count(inAddForm(alert))) > 0)
    throw new Error(`adding ${name} failed: ${await options.text(inAddForm(alert))}`);
  await options.waitFor(inAddForm(text(`Account ${name} added: api.video accepted its key.`)));
  await options.waitFor(accountRegion(name));
}

/** Waits until the popup's list is painted with `total` tokens (the "All (N)" filter says how many). */
export async function waitForList(popup: UiPage, total: number): Promise<void> {
  await popup.waitFor(radio(`All (${total})`));
}

/**
 * Waits until a refresh started by a click is over. The refresh button says it is busy with
 * aria-disabled (not `disabled`, which would drop keyboard focus). A very fast refresh may be
 * over before the busy state is seen.
 */
export async function waitForRefreshDone(popup: UiPage): Promise<void> {
  await popup.waitFor(refreshButton, { disabled: true, timeoutMs: 3_000 }).catch(() => undefined);
  await popup.waitFor(refreshButton, { enabled: true, timeoutMs: 20_000 });
}

/**
 * Presses "Delete all N never-expiring tokens", types N where asked and confirms. Throws if the
 * confirm button could be pressed before N was typed (the dialog's whole point).
 */
export async function startBulkDelete(popup: UiPage, count: number): Promise<void> {
  await popup.click(button(`Delete all ${count} never-expiring tokens`));
  const dialog = bulkDeleteDialog(count);
  const confirm: Query = [dialog, button(`Delete ${count} tokens`)];
  if (!(await popup.isDisabled(confirm)))
    throw new Error(`"Delete ${count} tokens" was enabled before typing ${count}`);
  await popup.fill([dialog, { label: `Type ${count} to confirm` }], String(count));
  await popup.waitFor(confirm, { enabled: true });
  await popup.click(confirm);
}

/** Waits for the bulk delete's final report and checks its Deleted and Failed counts. */
export async function waitForBulkDeleteReport(
  popup: UiPage,
  report: { deleted: number; failed: number },
  timeoutMs = 20_000,
): Promise<void> {
  await popup.waitFor(heading('Bulk delete finished'), { timeoutMs });
  await popup.waitFor(text(`Deleted: ${report.deleted}`));
  await popup.waitFor(text(`Failed: ${report.failed}`));
}

/** Presses the refresh button and waits until the refresh is over. */
export async function refreshList(popup: UiPage): Promise<void> {
  await popup.click(refreshButton);
  await waitForRefreshDone(popup);
}

/**
 * Runs in the page, on the token list: the masked token of every row, top to bottom. The list
 * is windowed (only rows near the viewport are in the DOM), so this scrolls through it as a
 * person would, then back up.
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

/** The masked token of every row of the popup's list, top to bottom. */
export function listedTokens(popup: UiPage): Promise<string[]> {
  return popup.evaluateOn(tokenList, readListedTokens, undefined);
}

/** Tokens in the order the popup shows them by default (newest first, ties by token). */
export function newestFirst(tokens: readonly UploadToken[]): UploadToken[] {
  return [...tokens].sort(
    (a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.token < b.token ? -1 : a.token > b.token ? 1 : 0),
  );
}
