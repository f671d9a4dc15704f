// The popup's first paint: the cached token list read straight from extension storage (it holds
// no key), started before the first render, so the list can be painted before the background's
// status even arrives. Waking the service worker and passing 10,000 tokens through a message
// costs more than the read itself (see `npm run bench`, popup first row).
import type { Environment } from '@/utils/apivideo/types';
import { DEFAULT_SETTINGS, readTokenCache, settingsItem, snapshotItems, type Settings, type TokenCache } from '@/utils/storage';

/**
 * A cache younger than this is shown without refreshing it on open: a full listing of 10,000
 * tokens is 100 requests, all of sandbox's per-minute read budget. The refresh button and the
 * "checked … ago" line stay there for the person who wants it now.
 */
export const AUTO_REFRESH_AFTER_MS = 60_000;

export interface CachedView {
  settings: Settings;
  environment: Environment;
  cache: TokenCache | null;
  /** The background's last check of this environment failed (it is shown, and refreshed on open). */
  lastCheckFailed: boolean;
}

let preloaded: Promise<CachedView> | undefined;

async function readView(): Promise<CachedView> {
  // The settings and the default environment's cache are read at once, not one after the
  // other: most people watch production, and a wrong guess costs one more read, not a wrong list.
  const guess = DEFAULT_SETTINGS.activeEnvironment;
  const early = Promise.all([readTokenCache(guess), snapshotItems[guess].getValue()]);
  early.catch(() => undefined); // unused (and never awaited) when the guess is wrong
  const settings = await settingsItem.getValue();
  const environment = settings.activeEnvironment;
  const [cache, snapshot] =
    environment === guess ? await early : await Promise.all([readTokenCache(environment), snapshotItems[environment].getValue()]);
  return { settings, environment, cache, lastCheckFailed: snapshot.lastError !== undefined };
}

/** Starts reading the active environment's cache; call once, before rendering. */
export function preloadCachedList(): void {
  preloaded = readView();
}

/** What the preload found, when there was a preload and it worked. */
export async function preloadedView(): Promise<CachedView | undefined> {
  return preloaded?.catch(() => undefined);
}

/** The cached list of an environment, from the preload when it was for that environment. */
export async function cachedList(environment: Environment): Promise<TokenCache | null> {
  const early = await preloadedView();
  if (early?.environment === environment) return early.cache;
  return readTokenCache(environment);
}

export function needsRefresh(cache: TokenCache | null, now: number): boolean {
  return !cache || now - cache.fetchedAt >= AUTO_REFRESH_AFTER_MS || cache.fetchedAt > now;
}
