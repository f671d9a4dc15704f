// Loads every page of upload tokens: page 1 first (it tells how many pages there are), then
// the rest with a few requests in flight. The rate-limit gate underneath slows the burst down
// before api.video would answer 429, and a failed page is retried on its own by the http
// layer. Results keep page order and are deduplicated by token, since pages shift when tokens
// are created or deleted while we read.
import { ApiVideoError, abortedError, isApiVideoError, throwIfAborted } from './errors';
import { MAX_PAGE_SIZE, type Pagination, type UploadToken, type UploadTokenPage } from './types';

export interface ListProgress {
  pagesDone: number;
  pagesTotal: number;
  itemsLoaded: number;
  itemsTotal: number;
}

export type FetchPage = (page: number, signal: AbortSignal | undefined) => Promise<UploadTokenPage>;

/** The fewest requests: the largest page api.video serves. */
export const LIST_ALL_PAGE_SIZE = MAX_PAGE_SIZE;
export const DEFAULT_LIST_CONCURRENCY = 6;
/** More parallel requests buy little: the rate limit, not latency, is the bound then. */
const MAX_LIST_CONCURRENCY = 16;
/** Pages read past what itemsTotal needs: tokens created while we read. */
const EXTRA_PAGES = 2;

/**
 * The most pages worth reading, from page 1's pagination. pagesTotal alone is not trusted:
 * an empty account answering `pagesTotal: 300` would cost 300 requests, and a huge value
 * would never end. A server using smaller pages than asked for (and saying so) still gets
 * every page read.
 */
export function pageLimit(pagination: Pagination, requestedPageSize: number): number {
  const pageSize = Math.min(requestedPageSize, Math.max(1, pagination.pageSize));
  const needed = Math.ceil(pagination.itemsTotal / pageSize) + EXTRA_PAGES;
  return Math.max(1, Math.min(pagination.pagesTotal, needed));
}

export async function listAllPages(
  fetchPage: FetchPage,
  options: {
    concurrency?: number;
    onProgress?: (progress: ListProgress) => void;
    signal?: AbortSignal;
    /** The pageSize fetchPage asks for. */
    pageSize?: number;
  } = {},
): Promise<UploadToken[]> {
  const { signal, onProgress } = options;
  const concurrency = Math.min(
    MAX_LIST_CONCURRENCY,
    Math.max(1, Math.floor(options.concurrency ?? DEFAULT_LIST_CONCURRENCY)),
  );
  throwIfAborted(signal);

  const first = await fetchPage(1, signal);
  const { itemsTotal } = first.pagination;
  // The first empty page ends the listing: nothing lies past it.
  let lastPage = first.data.length === 0 ? 1 : pageLimit(first.pagination, options.pageSize ?? LIST_ALL_PAGE_SIZE);
  const pages: UploadToken[][] = [first.data];
  const progress: ListProgress = { pagesDone: 1, pagesTotal: lastPage, itemsLoaded: first.data.length, itemsTotal };
  const report = () => {
    try {
      onProgress?.({ ...progress, pagesTotal: Math.max(progress.pagesDone, lastPage) });
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
    while (nextPage <= lastPage && !stop.signal.aborted) {
      const page = nextPage++;
      const result = await fetchPage(page, stop.signal);
      pages[page - 1] = result.data;
      if (result.data.length === 0) lastPage = Math.min(lastPage, page);
      progress.pagesDone++;
      progress.itemsLoaded += result.data.length;
      report();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, lastPage - 1) }, worker));
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

/** Round trips of a listing that read `pages` pages: page 1, then the rest DEFAULT_LIST_CONCURRENCY at a time. */
export function listingRoundTrips(pages: number): number {
  return pages <= 1 ? pages : 1 + Math.ceil((pages - 1) / DEFAULT_LIST_CONCURRENCY);
}

export function dedupeByToken(tokens: UploadToken[]): UploadToken[] {
  const seen = new Set<string>();
  return tokens.filter((token) => !seen.has(token.token) && (seen.add(token.token), true));
}
