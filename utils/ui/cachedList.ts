// The popup's first paint: the cached token list read straight from extension storage (it holds
// no key), started before the first render so it runs alongside the background's status reply
// instead of after it. Waking the service worker and passing 10,000 tokens through a message
// would cost more than the read itself (see `npm run bench`, popup first row).
import type { Environment } from '@/utils/apivideo/types';
import { readTokenCache, settingsItem, type TokenCache } from '@/utils/storage';

/**
 * A cache younger than this is shown without refreshing it on open: a full listing of 10,000
 * tokens is 100 requests, all of sandbox's per-minute read budget. The refresh button and the
 * "checked … ago" line stay there for the person who wants it now.
 */
export const AUTO_REFRESH_AFTER_MS = 60_000;

let preloaded: Promise<{ environment: Environment; cache: TokenCache | null }> | undefined;

/** Starts reading the active environment's cache; call once, before rendering. */
export function preloadCachedList(): void {
  preloaded = settingsItem
    .getValue()
    .then(async ({ activeEnvironment }) => ({ environment: activeEnvironment, cache: await readTokenCache(activeEnvironment) }));
}

/** The cached list of an environment, from the preload when it was for that environment. */
export async function cachedList(environment: Environment): Promise<TokenCache | null> {
  const early = preloaded;
  preloaded = undefined;
  if (early) {
    const result = await early.catch(() => undefined);
    if (result?.environment === environment) return result.cache;
  }
  return readTokenCache(environment);
}

export function needsRefresh(cache: TokenCache | null, now: number): boolean {
  return !cache || now - cache.fetchedAt >= AUTO_REFRESH_AFTER_MS || cache.fetchedAt > now;
}
