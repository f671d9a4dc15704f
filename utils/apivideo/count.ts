// Counts tokens that never expire (ttl 0) without reading every page: sorted by ttl
// ascending, the ttl-0 tokens come first, so reading stops at the first page holding a ttl > 0.
// That is about ceil((k + 1) / 100) requests for k such tokens instead of ceil(N / 100).
// The order is checked on every page read; a server that ignores sorting (or pages that
// repeat tokens) makes it fall back to a full scan, so the count stays right. Like the full
// listing, it reads no further than page 1's itemsTotal needs (pageLimit), whatever
// pagesTotal says.
import { LIST_ALL_PAGE_SIZE, pageLimit, type ListProgress } from './list-all';
import type { UploadToken, UploadTokenPage } from './types';

export interface NeverExpiringCount {
  neverExpiring: number;
  total: number;
  requests: number;
  method: 'sorted' | 'full-scan';
}

export async function countNeverExpiringTokens(deps: {
  /** GET /upload-tokens?sortBy=ttl&sortOrder=asc&pageSize=100&currentPage=page */
  fetchSortedPage: (page: number) => Promise<UploadTokenPage>;
  listAll: (onProgress: (progress: ListProgress) => void) => Promise<UploadToken[]>;
  /** The pageSize fetchSortedPage asks for. */
  pageSize?: number;
}): Promise<NeverExpiringCount> {
  let requests = 0;
  let total = 0;
  let limit = 1;
  let previousTtl = -Infinity;
  const neverExpiring = new Set<string>();
  const seen = new Set<string>();

  for (let page = 1; ; page++) {
    const { data, pagination } = await deps.fetchSortedPage(page);
    requests++;
    if (page === 1) {
      total = pagination.itemsTotal;
      limit = pageLimit(pagination, deps.pageSize ?? LIST_ALL_PAGE_SIZE);
    }
    let trustworthy = true;
    for (const token of data) {
      if (token.ttl < previousTtl || seen.has(token.token)) trustworthy = false;
      previousTtl = token.ttl;
      seen.add(token.token);
      if (token.ttl === 0) neverExpiring.add(token.token);
    }
    if (!trustworthy) return fullScan(deps, requests);
    const lastPage = data.length === 0 || page >= Math.min(limit, pagination.pagesTotal);
    if (lastPage || data.some((token) => token.ttl > 0)) {
      return { neverExpiring: neverExpiring.size, total, requests, method: 'sorted' };
    }
  }
}

async function fullScan(
  deps: { listAll: (onProgress: (progress: ListProgress) => void) => Promise<UploadToken[]> },
  requestsSoFar: number,
): Promise<NeverExpiringCount> {
  let last: ListProgress | undefined;
  const tokens = await deps.listAll((progress) => {
    last = progress;
  });
  return {
    neverExpiring: tokens.filter((token) => token.ttl === 0).length,
    total: last?.itemsTotal ?? tokens.length,
    requests: requestsSoFar + (last?.pagesDone ?? 0),
    method: 'full-scan',
  };
}
