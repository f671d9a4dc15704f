// The one api.video client, used only by the background service worker.
// Typed upload-token calls over http.ts (timeouts, retries, error mapping), auth.ts (bearer
// tokens from the API key) and rate-limit.ts (pacing). Each client instance holds its own
// state; nothing lives at module level, since the service worker can be killed at any time.
import { createAuthenticator, createMemoryAuthStore, type AuthStore } from './auth';
import { countNeverExpiringTokens, type NeverExpiringCount } from './count';
import { refreshListing, type RefreshedListing } from './delta';
import { ApiVideoError, isApiVideoError } from './errors';
import { abortableSleep, createHttp, DEFAULT_RETRY_POLICY, type RequestSpec, type RetryPolicy } from './http';
import { LIST_ALL_PAGE_SIZE, listAllPages, type ListProgress } from './list-all';
import { createRateLimitGate, type RateLimitShare, type Sleep } from './rate-limit';
import { parseUploadToken, parseUploadTokenPage } from './shapes';
import {
  API_HOSTS,
  CLOCK_SKEW_MS,
  MAX_PAGE_SIZE,
  MAX_TTL_SECONDS,
  type Environment,
  type SortBy,
  type SortOrder,
  type UploadToken,
  type UploadTokenPage,
} from './types';
import { createdAtMs } from '@/utils/token-rules';

export { createMemoryAuthStore, type AuthStore, type AuthTokens } from './auth';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './http';
export type { ListProgress } from './list-all';
export type { NeverExpiringCount } from './count';
export type { DeltaFallback, RefreshedListing } from './delta';

export interface ApiVideoClientOptions {
  environment: Environment;
  apiKey: string;
  /** Default API_HOSTS[environment]; tests pass a local server's URL. */
  baseUrl?: string;
  /** Default: in memory. The background passes one backed by storage.session. */
  authStore?: AuthStore;
  /** Per request attempt; default 15 000. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  now?: () => number;
  sleep?: Sleep;
  /**
   * The share of each rate-limit window this client may spend (0–1), asked before every request so
   * a changed setting applies to work already running. Default: the whole window.
   */
  rateLimitShare?: RateLimitShare;
  /** Called for every HTTP request sent (retries included), with a route template, never a key or token. */
  onRequest?: (info: { method: string; path: string }) => void;
}

export interface ListQuery {
  sortBy?: SortBy;
  sortOrder?: SortOrder;
  currentPage?: number;
  pageSize?: number;
  signal?: AbortSignal;
}

export interface ApiVideoClient {
  readonly environment: Environment;
  authenticate(options?: { signal?: AbortSignal }): Promise<void>;
  listUploadTokens(query?: ListQuery): Promise<UploadTokenPage>;
  listAllUploadTokens(options?: {
    sortBy?: SortBy;
    sortOrder?: SortOrder;
    concurrency?: number;
    onProgress?: (progress: ListProgress) => void;
    signal?: AbortSignal;
  }): Promise<UploadToken[]>;
  /**
   * Every token, from a cached listing of the same account: the tokens created since, read
   * newest first, and the ones deleted elsewhere located by position, in a request or two when
   * little changed; a full listing when the delta cannot be sure (see delta.ts).
   */
  refreshUploadTokens(options: {
    cached: readonly UploadToken[];
    onProgress?: (progress: ListProgress) => void;
    signal?: AbortSignal;
  }): Promise<RefreshedListing>;
  getUploadToken(token: string, options?: { signal?: AbortSignal }): Promise<UploadToken>;
  createUploadToken(options: { ttl: number; signal?: AbortSignal }): Promise<UploadToken>;
  /**
   * After a create failed with outcomeUnknown: the tokens with this ttl created at or after
   * `since` (ms since epoch, taken before the create), newest first, from the newest 100.
   */
  findRecentlyCreated(options: { ttl: number; since: number; signal?: AbortSignal }): Promise<UploadToken[]>;
  deleteUploadToken(token: string, options?: { signal?: AbortSignal }): Promise<'deleted' | 'already-gone'>;
  countNeverExpiring(options?: { signal?: AbortSignal }): Promise<NeverExpiringCount>;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
const SORT_BY: ReadonlySet<unknown> = new Set<SortBy>(['createdAt', 'ttl']);
const SORT_ORDER: ReadonlySet<unknown> = new Set<SortOrder>(['asc', 'desc']);

function invalid(what: string): ApiVideoError {
  return new ApiVideoError('bad-request', { message: `Invalid ${what}; nothing was sent to api.video.` });
}

/**
 * A token id as one URL path segment. encodeURIComponent keeps `/`, `?` and `#` inside the
 * segment (`../videos` becomes `..%2Fvideos`); `.` and `..` cannot be a segment at all (URL
 * parsers resolve them, even percent-encoded), and no real token looks like that. A lone
 * UTF-16 surrogate has no UTF-8 form: encodeURIComponent throws URIError, and no token has one.
 */
function tokenSegment(token: string): string {
  if (typeof token !== 'string' || token === '' || token === '.' || token === '..') throw invalid('upload token');
  try {
    return encodeURIComponent(token);
  } catch {
    throw invalid('upload token');
  }
}

function checkTtl(ttl: number): void {
  if (!(Number.isInteger(ttl) && ttl >= 0 && ttl <= MAX_TTL_SECONDS)) throw invalid('ttl');
}

function checkListQuery(query: ListQuery): void {
  const { sortBy, sortOrder, currentPage, pageSize } = query;
  if (sortBy !== undefined && !SORT_BY.has(sortBy)) throw invalid('sortBy');
  if (sortOrder !== undefined && !SORT_ORDER.has(sortOrder)) throw invalid('sortOrder');
  if (currentPage !== undefined && !(Number.isSafeInteger(currentPage) && currentPage >= 1))
    throw invalid('page number');
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= MAX_PAGE_SIZE))
    throw invalid('page size');
}

export function createApiVideoClient(options: ApiVideoClientOptions): ApiVideoClient {
  const { environment, apiKey } = options;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const gate = createRateLimitGate({
    now,
    sleep,
    maxWaitMs: retry.maxRateLimitWaitMs,
    ...(options.rateLimitShare ? { share: options.rateLimitShare } : {}),
  });
  const http = createHttp({
    baseUrl: options.baseUrl ?? API_HOSTS[environment],
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry,
    sleep,
    gate,
    onRequest: options.onRequest,
  });
  const auth = createAuthenticator({ http, apiKey, store: options.authStore ?? createMemoryAuthStore(), now });

  /** A request with a bearer token; a 401 gets one re-authentication and one retry, never more. */
  async function authed<T>(spec: Omit<RequestSpec<T>, 'accessToken' | 'rateLimited'>): Promise<T> {
    const accessToken = await auth.accessToken(spec.signal);
    try {
      return (await http.request({ ...spec, accessToken, rateLimited: true })).data;
    } catch (error) {
      if (!(isApiVideoError(error) && error.status === 401)) throw error;
      const fresh = await auth.reauthenticate(accessToken, spec.signal);
      // An attempt before the 401 may have landed (a delete whose answer was lost): the retry must know.
      const earlier = error.outcomeUnknown ? { earlierOutcomeUnknown: true } : {};
      return (await http.request({ ...spec, ...earlier, accessToken: fresh, rateLimited: true })).data;
    }
  }

  function listUploadTokens(query: ListQuery = {}): Promise<UploadTokenPage> {
    checkListQuery(query);
    const { sortBy, sortOrder, currentPage, pageSize, signal } = query;
    return authed({
      method: 'GET',
      route: '/upload-tokens',
      path: '/upload-tokens',
      query: { sortBy, sortOrder, currentPage, pageSize },
      idempotent: true,
      signal,
      parse: parseUploadTokenPage,
    });
  }

  const client: ApiVideoClient = {
    environment,

    async authenticate({ signal } = {}) {
      await auth.exchangeKey(signal);
    },

    listUploadTokens: async (query) => listUploadTokens(query),

    async listAllUploadTokens({ sortBy = 'createdAt', sortOrder = 'asc', concurrency, onProgress, signal } = {}) {
      // Oldest first by default: tokens created meanwhile land on the last page instead of
      // shifting every page under us.
      return listAllPages(
        (currentPage, pageSignal) =>
          listUploadTokens({ sortBy, sortOrder, currentPage, pageSize: LIST_ALL_PAGE_SIZE, signal: pageSignal }),
        { concurrency, onProgress, signal },
      );
    },

    async refreshUploadTokens({ cached, onProgress, signal }) {
      return refreshListing(cached, {
        fetchNewest: ({ currentPage, pageSize }, readSignal) =>
          listUploadTokens({ sortBy: 'createdAt', sortOrder: 'desc', currentPage, pageSize, signal: readSignal }),
        fetchToken: async (token, readSignal) => {
          try {
            return await client.getUploadToken(token, { signal: readSignal });
          } catch (error) {
            if (isApiVideoError(error) && error.kind === 'not-found') return null;
            throw error;
          }
        },
        listAll: (progress) => client.listAllUploadTokens({ onProgress: progress, signal }),
        now,
        signal,
        onProgress,
      });
    },

    async getUploadToken(token, { signal } = {}) {
      return authed({
        method: 'GET',
        route: '/upload-tokens/{uploadToken}',
        path: `/upload-tokens/${tokenSegment(token)}`,
        idempotent: true,
        signal,
        parse: parseUploadToken,
      });
    },

    async createUploadToken({ ttl, signal }) {
      checkTtl(ttl);
      return authed({
        method: 'POST',
        route: '/upload-tokens',
        path: '/upload-tokens',
        body: { ttl },
        // Never repeated: if an answer is lost, a retry could mint a second token. The
        // caller gets an error with outcomeUnknown and can look with findRecentlyCreated.
        idempotent: false,
        changesState: true,
        signal,
        parse: parseUploadToken,
      });
    },

    async findRecentlyCreated({ ttl, since, signal }) {
      checkTtl(ttl);
      if (!Number.isFinite(since)) throw invalid('creation time');
      const { data } = await listUploadTokens({
        sortBy: 'createdAt',
        sortOrder: 'desc',
        currentPage: 1,
        pageSize: LIST_ALL_PAGE_SIZE,
        signal,
      });
      const from = since - CLOCK_SKEW_MS;
      return data.filter((token) => token.ttl === ttl && createdAtMs(token) >= from);
    },

    async deleteUploadToken(token, { signal } = {}) {
      try {
        await authed({
          method: 'DELETE',
          route: '/upload-tokens/{uploadToken}',
          path: `/upload-tokens/${tokenSegment(token)}`,
          // Repeating a delete is safe: if the first one landed, the repeat answers 404.
          idempotent: true,
          changesState: true,
          signal,
          parse: () => undefined, // 204, no body to check
        });
        return 'deleted';
      } catch (error) {
        // A 404 after an attempt whose answer we never got: that attempt most likely deleted it.
        if (isApiVideoError(error) && error.kind === 'not-found')
          return error.outcomeUnknown ? 'deleted' : 'already-gone';
        throw error;
      }
    },

    async countNeverExpiring({ signal } = {}) {
      return countNeverExpiringTokens({
        fetchSorted: ({ currentPage, pageSize }, readSignal) =>
          listUploadTokens({ sortBy: 'ttl', sortOrder: 'asc', currentPage, pageSize, signal: readSignal }),
        listAll: (onProgress) => client.listAllUploadTokens({ onProgress, signal }),
        pageSize: LIST_ALL_PAGE_SIZE,
        signal,
      });
    },
  };
  return client;
}
