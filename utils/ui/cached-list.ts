// The popup's first paint: the first screen of the cached token list read straight from extension
// storage (it holds no key), started before the first render, so the first rows can be painted
// before anything else arrives; the full list is read after that paint. Waking the service worker
// and passing 10,000 tokens through a message costs more than the read itself (see `npm run bench`,
// popup first row).
import type { Environment } from '@/utils/apivideo/types';
import {
  DEFAULT_SETTINGS,
  readEnvironmentView,
  readFirstScreen,
  readSettings,
  type FirstScreen,
  type KeyInfo,
  type Settings,
  type TokenCache,
} from '@/utils/storage';

/**
 * A cache younger than this is shown without refreshing it on open: a full listing of 10,000
 * tokens is 100 requests, all of sandbox's per-minute read budget. The refresh button and the
 * "checked … ago" line stay there for the person who wants it now.
 */
export const AUTO_REFRESH_AFTER_MS = 60_000;

export interface CachedView {
  settings: Settings;
  environment: Environment;
  keyInfo: KeyInfo;
  firstScreen: FirstScreen | null;
  /** The background's last check of this key failed (it is shown, and refreshed on open). */
  lastCheckFailed: boolean;
}

let preloaded: Promise<CachedView | undefined> | undefined;

async function readView(): Promise<CachedView | undefined> {
  // The settings and the default environment's view are read at once, not one after the other:
  // most people watch production, and a wrong guess costs one more read, not a wrong list.
  const guess = DEFAULT_SETTINGS.activeEnvironment;
  const early = readEnvironmentView(guess);
  early.catch(() => undefined); // unused (and never awaited) when the guess is wrong
  const { settings } = await readSettings();
  const environment = settings.activeEnvironment;
  const view = environment === guess ? await early : await readEnvironmentView(environment);
  if (!view.keyInfo) return undefined;
  return {
    settings,
    environment,
    keyInfo: view.keyInfo,
    firstScreen: view.firstScreen,
    lastCheckFailed: view.snapshot?.lastError !== undefined,
  };
}

/** What the preload found, once it has answered. */
let settled: CachedView | undefined;

/**
 * Starts reading the active environment's first screen; call once, before rendering. The popup
 * renders when it answers (a few kilobytes): its first render then holds the first rows, rather
 * than a "Loading…" frame and two more renders before them.
 */
export function preloadCachedList(): Promise<void> {
  preloaded = readView();
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

/** The preloaded first screen of a key, if the preload has answered and was for that key. */
export function preloadedFirstScreenNow(environment: Environment, keyId: string): FirstScreen | null | undefined {
  const early = settled;
  return early?.environment === environment && early.keyInfo.keyId === keyId ? early.firstScreen : undefined;
}

/** The first screen of a key's cached list, from the preload when it was for that key. */
export async function firstScreen(environment: Environment, keyId: string): Promise<FirstScreen | null> {
  const early = await preloadedView();
  if (early?.environment === environment && early.keyInfo.keyId === keyId) return early.firstScreen;
  return readFirstScreen(environment, keyId);
}

export function needsRefresh(cache: TokenCache | null, now: number): boolean {
  return !cache || now - cache.fetchedAt >= AUTO_REFRESH_AFTER_MS || cache.fetchedAt > now;
}
