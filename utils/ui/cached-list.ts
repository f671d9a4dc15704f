// The popup's first paint: the first screen of the cached token list read straight from extension
// storage (it holds no key), started before the first render, so the first rows can be painted
// before anything else arrives; the full list is read after that paint. Waking the service worker
// and passing 10,000 tokens through a message costs more than the read itself (see `npm run bench`,
// popup first row).
import { takePopupIntent, type PopupIntent } from '@/utils/ui/popup-opening';
import {
  alertItem,
  readAccounts,
  readAccountView,
  readFirstScreen,
  readSettings,
  type Account,
  type AccountId,
  type AccountSnapshot,
  type FirstScreen,
  type KeyInfo,
  type NewTokensAlert,
  type Settings,
  type TokenCache,
} from '@/utils/storage';

/**
 * A cache younger than this is shown without refreshing it on open: a full listing of 10,000
 * tokens is 100 requests, all of sandbox's per-minute read budget. The refresh button and the
 * "checked … ago" line stay there for the person who wants it now.
 */
export const AUTO_REFRESH_AFTER_MS = 60_000;

/** What the popup paints first for one account with a saved key. */
export interface CachedAccountView {
  account: Account;
  keyInfo: KeyInfo;
  firstScreen: FirstScreen | null;
  /** The badge's last count of this key (null when none yet). */
  snapshot: AccountSnapshot | null;
  /** The background's last check of this key failed (it is shown, and refreshed on open). */
  lastCheckFailed: boolean;
  /** New never-expiring tokens the badge calls attention to (issue 14), null when none or another key's. */
  alert: NewTokensAlert | null;
}

export interface CachedView {
  settings: Settings;
  accounts: Account[];
  /**
   * The accounts' views, those with a saved key: the only account's when there is one (its list
   * opens at once), every account's when there are several (the overview counts them all).
   */
  views: CachedAccountView[];
  /** What a notification click asked the popup to show, taken (read and removed) by the preload. */
  intent: PopupIntent | null;
}

let preloaded: Promise<CachedView | undefined> | undefined;

/** The id the first production account gets: most people have it, so it is read at once. */
const GUESS: AccountId = 'production';

async function readView(onSeveral?: () => void): Promise<CachedView | undefined> {
  // The settings, the accounts and the likeliest account's view are read at once, not one after
  // the other: a wrong guess costs one more read, not a wrong list.
  const early = readAccountView(GUESS);
  early.catch(() => undefined); // unused (and never awaited) when the guess is wrong
  const earlyAlert = alertItem(GUESS).getValue();
  earlyAlert.catch(() => undefined);
  const [{ settings }, accounts, intent] = await Promise.all([readSettings(), readAccounts(), takePopupIntent()]);
  if (accounts.length === 0) return undefined;
  if (accounts.length > 1) onSeveral?.();
  const views = await Promise.all(
    accounts.map(async (account) => {
      const [view, alert] = await Promise.all([
        account.id === GUESS ? early : readAccountView(account.id),
        account.id === GUESS ? earlyAlert : alertItem(account.id).getValue(),
      ]);
      return view.keyInfo
        ? {
            account,
            keyInfo: view.keyInfo,
            firstScreen: view.firstScreen,
            snapshot: view.snapshot,
            lastCheckFailed: view.snapshot?.lastError !== undefined,
            alert: alert?.keyId === view.keyInfo.keyId ? alert : null,
          }
        : undefined;
    }),
  );
  return { settings, accounts, views: views.filter((view) => view !== undefined), intent };
}

/** What the preload found, once it has answered. */
let settled: CachedView | undefined;

/**
 * Starts reading the accounts and their first screens; call once, before rendering. `onSeveral`
 * runs as soon as the accounts are known to be several (the popup then fetches its overview
 * while their first screens are read). The popup
 * renders when it answers (a few kilobytes an account): its first render then holds the first
 * rows (or the overview's counts), rather than a "Loading…" frame and two more renders before them.
 */
export function preloadCachedList(options: { onSeveral?: () => void } = {}): Promise<void> {
  preloaded = readView(options.onSeveral);
  return preloaded.then(
    (view) => {
      settled = view;
    },
    () => undefined,
  );
}

/** What the preload found, when there was a preload and it worked. */
export async function preloadedView(): Promise<CachedView | undefined> {
  return preloaded?.catch(() => undefined);
}

/** What the preload found, if it has already answered (for a first render that needs no wait). */
export function preloadedViewNow(): CachedView | undefined {
  return settled;
}

/** The preloaded view of an account's key, when the preload read that key. */
export function preloadedAccountView(
  view: CachedView | undefined,
  account: AccountId,
  keyId: string,
): CachedAccountView | undefined {
  return view?.views.find((found) => found.account.id === account && found.keyInfo.keyId === keyId);
}

/** The preloaded first screen of a key, if the preload has answered and was for that key. */
export function preloadedFirstScreenNow(account: AccountId, keyId: string): FirstScreen | null | undefined {
  return preloadedAccountView(settled, account, keyId)?.firstScreen;
}

/** The first screen of a key's cached list, from the preload when it was for that key. */
export async function firstScreen(account: AccountId, keyId: string): Promise<FirstScreen | null> {
  const early = preloadedAccountView(await preloadedView(), account, keyId);
  if (early) return early.firstScreen;
  return readFirstScreen(account, keyId);
}

export function needsRefresh(cache: TokenCache | null, now: number): boolean {
  return !cache || isStale(cache.fetchedAt, now);
}

/** A list read at `fetchedAt` is listed again on open (over a minute old, or from a clock set back). */
export function isStale(fetchedAt: number, now: number): boolean {
  return now - fetchedAt >= AUTO_REFRESH_AFTER_MS || fetchedAt > now;
}
