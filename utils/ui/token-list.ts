// Filtering, searching, sorting and counting the token list. 10,000 tokens must stay smooth:
// sort keys are computed once per token, and a keystroke in the search box only filters.
import type { UploadToken } from '@/utils/apivideo/types';
import { createdAtMs, expiryStatus, isLive, isNeverExpiring } from '@/utils/ui/expiry';

export type TokenFilter = 'all' | 'never' | 'soon';
export type TokenSort = 'created-desc' | 'created-asc' | 'ttl-asc' | 'ttl-desc';

export const TOKEN_FILTERS: readonly TokenFilter[] = ['all', 'never', 'soon'];
export const TOKEN_SORTS: readonly TokenSort[] = ['created-desc', 'created-asc', 'ttl-asc', 'ttl-desc'];
/** Newest first: what the popup shows until the person picks another order. */
export const DEFAULT_TOKEN_SORT: TokenSort = 'created-desc';

export interface TokenQuery {
  filter: TokenFilter;
  sort: TokenSort;
  /** Case-insensitive substring of the token string; blank matches everything. */
  search: string;
  nowMs: number;
  soonHours: number;
}

export interface TokenSummary {
  total: number;
  neverExpiring: number;
  /** Expiring within the threshold (expired ones are gone, and not counted at all). */
  expiringSoon: number;
}

export function matchesFilter(token: UploadToken, filter: TokenFilter, nowMs: number, soonHours: number): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'never':
      return isNeverExpiring(token);
    case 'soon':
      return expiryStatus(token, nowMs, soonHours) === 'soon';
  }
}

/** A never-expiring token has the longest lifetime of all, not the shortest (its ttl is 0). */
function sortKey(token: UploadToken, sort: TokenSort): number {
  if (sort === 'created-desc' || sort === 'created-asc') return createdAtMs(token);
  return isNeverExpiring(token) ? Number.POSITIVE_INFINITY : token.ttl;
}

/** Sorted copy of `tokens`. Keys are computed once per token, not once per comparison. */
export function sortTokens(tokens: readonly UploadToken[], sort: TokenSort): UploadToken[] {
  const direction = sort === 'created-desc' || sort === 'ttl-desc' ? -1 : 1;
  const keyed = tokens.map((token) => ({ token, key: sortKey(token, sort) }));
  keyed.sort((a, b) => {
    if (a.key !== b.key) return (a.key < b.key ? -1 : 1) * direction;
    // Ties fall back to the token string so the order never jumps between renders.
    return a.token.token < b.token.token ? -1 : a.token.token > b.token.token ? 1 : 0;
  });
  return keyed.map((entry) => entry.token);
}

/** The live tokens matching the filter and the search, in the order given. */
export function filterTokens(tokens: readonly UploadToken[], query: Omit<TokenQuery, 'sort'>): UploadToken[] {
  const needle = query.search.trim().toLowerCase();
  return tokens.filter(
    (token) =>
      isLive(token, query.nowMs) &&
      matchesFilter(token, query.filter, query.nowMs, query.soonHours) &&
      (needle === '' || token.token.toLowerCase().includes(needle)),
  );
}

/**
 * The tokens to show, in order. The popup sorts once and filters the sorted list on each
 * keystroke (filtering keeps the order), so typing in the search box never re-sorts.
 */
export function selectTokens(tokens: readonly UploadToken[], query: TokenQuery): UploadToken[] {
  return filterTokens(sortTokens(tokens, query.sort), query);
}

export function summariseTokens(tokens: readonly UploadToken[], nowMs: number, soonHours: number): TokenSummary {
  let total = 0;
  let neverExpiring = 0;
  let expiringSoon = 0;
  for (const token of tokens) {
    if (!isLive(token, nowMs)) continue;
    total += 1;
    if (matchesFilter(token, 'never', nowMs, soonHours)) neverExpiring += 1;
    else if (matchesFilter(token, 'soon', nowMs, soonHours)) expiringSoon += 1;
  }
  return { total, neverExpiring, expiringSoon };
}
