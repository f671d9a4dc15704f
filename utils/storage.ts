// Every storage item of the extension, declared once, typed and versioned.
// Area by sensitivity: the API key in `local` (never `sync`), the short-lived
// access/refresh tokens in `session` (memory only, survives the worker being killed),
// non-secret caches and settings in `local`.
import { storage, type StorageItemKey } from 'wxt/utils/storage';
import type { Environment, UploadToken } from '@/utils/apivideo/types';
import type { AuthTokens } from '@/utils/apivideo/client';
import { DEFAULT_TOKEN_SORT, sortTokens } from '@/utils/ui/tokenList';

export interface Settings {
  activeEnvironment: Environment;
  /** Badge refresh interval, minutes (≥ 1). */
  refreshIntervalMinutes: number;
  /** A token expiring within this many hours counts as "expiring soon". */
  expiringSoonHours: number;
}

export const DEFAULT_SETTINGS: Settings = {
  activeEnvironment: 'production',
  refreshIntervalMinutes: 15,
  expiringSoonHours: 24,
};

export const MIN_REFRESH_INTERVAL_MINUTES = 1;
export const MAX_REFRESH_INTERVAL_MINUTES = 24 * 60;
export const MAX_EXPIRING_SOON_HOURS = 24 * 365;

/** What the last badge refresh learned about one environment. */
export interface EnvironmentSnapshot {
  /** Last successful count. */
  neverExpiring?: number;
  total?: number;
  /** When the last successful count was taken (ms epoch). */
  checkedAt?: number;
  /** The last failure, cleared by the next success. */
  lastError?: { kind: string; message: string; at: number; retryAfterSeconds?: number };
}

/** The last full token list read from api.video, so the popup paints at once. */
export interface TokenCache {
  tokens: UploadToken[];
  fetchedAt: number;
}

/**
 * How the cache is stored: the list as one JSON string. Chrome's storage reads 10,000 token
 * objects in 90–270 ms, a single string of the same list in a fraction of that, and the
 * popup's first paint waits on this read (see `npm run bench`).
 */
interface StoredTokenCache {
  tokensJson: string;
  fetchedAt: number;
}

export type BulkDeleteState = 'running' | 'cancelling' | 'cancelled' | 'done';

/** A bulk delete, persisted after every step so it survives the worker being killed. */
export interface BulkDeleteJob {
  id: string;
  environment: Environment;
  total: number;
  /** Not yet attempted. */
  pending: string[];
  /** Sent but not yet confirmed when the worker last wrote the job. */
  inFlight: string[];
  deleted: string[];
  alreadyGone: string[];
  failed: { token: string; kind: string; message: string }[];
  state: BulkDeleteState;
  startedAt: number;
  updatedAt: number;
  finishedAt?: number;
}

export interface ListProgress {
  environment: Environment;
  pagesDone: number;
  pagesTotal: number;
  itemsLoaded: number;
  itemsTotal: number;
  startedAt: number;
}

type PerEnvironment<T> = Readonly<Record<Environment, T>>;

/** The part of WXT's storage item this project uses. */
export interface StoredItem<T> {
  getValue(): Promise<T | null>;
  setValue(value: T): Promise<void>;
  removeValue(): Promise<void>;
  watch(callback: (value: T | null) => void): () => void;
}

/**
 * A typed, versioned item read only when asked. WXT's `defineItem` reads every item's value as
 * soon as it is defined, in every page that imports this file: each popup would load the API
 * key (a secret pages must never hold) and the 1.3 MB token cache of both environments before
 * painting. The version goes in WXT's metadata (`<key>$`), as `defineItem` keeps it, so a later
 * shape change can still be migrated.
 */
function lazyItem<T>(key: StorageItemKey, version: number): StoredItem<T> {
  return {
    getValue: () => storage.getItem<T>(key),
    async setValue(value) {
      await Promise.all([storage.setItem(key, value), storage.setMeta(key, { v: version })]);
    },
    async removeValue() {
      await storage.removeItem(key, { removeMeta: true });
    },
    watch: (callback) => storage.watch<T>(key, (value) => callback(value)),
  };
}

function perEnvironment<T>(make: (environment: Environment) => T): PerEnvironment<T> {
  return { production: make('production'), sandbox: make('sandbox') };
}

export const apiKeyItems = perEnvironment((environment) => lazyItem<string>(`local:apiKey:${environment}`, 1));

export const authTokenItems = perEnvironment((environment) =>
  lazyItem<AuthTokens>(`session:authTokens:${environment}`, 1),
);

export const snapshotItems = perEnvironment((environment) =>
  storage.defineItem<EnvironmentSnapshot>(`local:snapshot:${environment}`, {
    version: 1,
    fallback: {},
  }),
);

const tokenCacheItems = perEnvironment((environment) =>
  lazyItem<StoredTokenCache>(`local:tokenCache:${environment}`, 1),
);

/**
 * Expiry times (ms epoch, ascending) of the cached tokens that expire, kept beside the cache so
 * a status (asked by every page on open) counts "expiring soon" without reading every token.
 */
const expiryIndexItems = perEnvironment((environment) => lazyItem<string>(`local:tokenExpiries:${environment}`, 1));

export async function readExpiryIndex(environment: Environment): Promise<number[] | null> {
  const stored = await expiryIndexItems[environment].getValue();
  if (stored === null) return null;
  try {
    const expiries: unknown = JSON.parse(stored);
    return Array.isArray(expiries) ? (expiries as number[]) : null;
  } catch {
    return null;
  }
}

function expiryIndex(tokens: readonly UploadToken[]): number[] {
  const expiries: number[] = [];
  for (const token of tokens) {
    if (token.ttl === 0 || !token.expiresAt) continue;
    const at = Date.parse(token.expiresAt);
    if (Number.isFinite(at)) expiries.push(at);
  }
  return expiries.sort((a, b) => a - b);
}

/** The cached list of an environment, or null. Pages may read it directly: it holds no key. */
export async function readTokenCache(environment: Environment): Promise<TokenCache | null> {
  const stored = await tokenCacheItems[environment].getValue();
  if (!stored) return null;
  try {
    const tokens: unknown = JSON.parse(stored.tokensJson);
    return Array.isArray(tokens) ? { tokens: tokens as UploadToken[], fetchedAt: stored.fetchedAt } : null;
  } catch {
    return null; // A damaged cache is no cache: the next refresh rewrites it.
  }
}

/**
 * Stored in the popup's default order, by the popup's own sort: sorting an already sorted list
 * is linear, so the first paint does not pay for a full sort of 10,000 tokens.
 */
export async function writeTokenCache(environment: Environment, cache: TokenCache): Promise<void> {
  await Promise.all([
    tokenCacheItems[environment].setValue({ tokensJson: JSON.stringify(sortTokens(cache.tokens, DEFAULT_TOKEN_SORT)), fetchedAt: cache.fetchedAt }),
    expiryIndexItems[environment].setValue(JSON.stringify(expiryIndex(cache.tokens))),
  ]);
}

/** Changes the cached list in place, when there is one (after a create or delete). */
export async function updateTokenCache(environment: Environment, change: (tokens: UploadToken[]) => UploadToken[]): Promise<void> {
  const cache = await readTokenCache(environment);
  if (cache) await writeTokenCache(environment, { ...cache, tokens: change(cache.tokens) });
}

export function watchTokenCache(environment: Environment, onChange: () => void): () => void {
  return tokenCacheItems[environment].watch(onChange);
}

export const listProgressItem = storage.defineItem<ListProgress>('session:listProgress', {
  version: 1,
});

export const settingsItem = storage.defineItem<Settings>('local:settings', {
  version: 1,
  fallback: DEFAULT_SETTINGS,
});

export const bulkDeleteItem = storage.defineItem<BulkDeleteJob>('local:bulkDelete', {
  version: 1,
});

/** Forget everything about one environment: key, session tokens, cached data. */
export async function forgetEnvironment(environment: Environment): Promise<void> {
  await Promise.all([
    apiKeyItems[environment].removeValue(),
    authTokenItems[environment].removeValue(),
    snapshotItems[environment].removeValue(),
    tokenCacheItems[environment].removeValue(),
    expiryIndexItems[environment].removeValue(),
  ]);
}
