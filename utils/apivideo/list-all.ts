// Loads every page of upload tokens: page 1 first (it tells how many pages there are), then
// the rest with a few requests in flight. The rate-limit gate underneath slows the burst down
// before api.video would answer 429. Results keep page order and are deduplicated by token,
// since pages shift when tokens are created or deleted while we read.
import { ApiVideoError, abortedError, isApiVideoError, throwIfAborted } from './errors';
import type { UploadToken, UploadTokenPage } from './types';

export interface ListProgress {
  pagesDone: number;
  pagesTotal: number;
  itemsLoaded: number;
  itemsTotal: number;
}

export type FetchPage = (page: number, signal: AbortSignal | undefined) => Promise<UploadTokenPage>;

export const LIST_ALL_PAGE_SIZE = 100;
export const DEFAULT_LIST_CONCURRENCY = 6;
/** More parallel requests buy little: the rate limit, not latency, is the bound then. */
const MAX_LIST_CONCURRENCY = 16;

export async function listAllPages(
  fetchPage: FetchPage,
  options: { concurrency?: number; onProgress?: (progress: ListProgress) => void; signal?: AbortSignal } = {},
): Promise<UploadToken[]> {
  const { signal, onProgress } = options;
  const concurrency = Math.min(MAX_LIST_CONCURRENCY, Math.max(1, Math.floor(options.concurrency ?? DEFAULT_LIST_CONCURRENCY)));
  throwIfAborted(signal);

  const first = await fetchPage(1, signal);
  const { itemsTotal } = first.pagination;
  const pagesTotal = Math.max(1, first.pagination.pagesTotal);
  const pages: UploadToken[][] = [first.data];
  const progress: ListProgress = { pagesDone: 1, pagesTotal, itemsLoaded: first.data.length, itemsTotal };
  const report = () => {
    try {
      onProgress?.({ ...progress });
    } catch {
      // A failing progress listener must not fail the listing.
    }
  };
  report();

  // One controller for the remaining pages: the first failure (or the caller's abort) stops
  // every request still in flight and keeps new ones from starting.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  let nextPage = 2;
  const worker = async () => {
    while (nextPage <= pagesTotal && !stop.signal.aborted) {
      const page = nextPage++;
      const result = await fetchPage(page, stop.signal);
      pages[page - 1] = result.data;
      progress.pagesDone++;
      progress.itemsLoaded += result.data.length;
      report();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, pagesTotal - 1) }, worker));
  } catch (error) {
    stop.abort();
    if (signal?.aborted) throw abortedError();
    throw isApiVideoError(error) ? error : new ApiVideoError('network', { cause: error });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  throwIfAborted(signal);
  return dedupeByToken(pages.flat());
}

export function dedupeByToken(tokens: UploadToken[]): UploadToken[] {
  const seen = new Set<string>();
  return tokens.filter((token) => !seen.has(token.token) && (seen.add(token.token), true));
}
