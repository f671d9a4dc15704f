// Filtering, searching and counting the token list (the rules and the orders are in
// utils/token-rules.ts). 10,000 tokens must stay smooth: a keystroke in the search box only filters.
import type { UploadToken } from '@/utils/apivideo/types';
import { expiryStatus, isLive, isNeverExpiring } from '@/utils/token-rules';

export type TokenFilter = 'all' | 'never' | 'soon';

export const TOKEN_FILTERS: readonly TokenFilter[] = ['all', 'never', 'soon'];

export interface TokenQuery {
  filter: TokenFilter;
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

/**
 * The live tokens matching the filter and the search, in the order given: the popup sorts once
 * and filters the sorted list on each keystroke, so typing in the search box never re-sorts.
 */
export function filterTokens(tokens: readonly UploadToken[], query: TokenQuery): UploadToken[] {
  const needle = query.search.trim().toLowerCase();
  return tokens.filter(
    (token) =>
      isLive(token, query.nowMs) &&
      matchesFilter(token, query.filter, query.nowMs, query.soonHours) &&
      (needle === '' || token.token.toLowerCase().includes(needle)),
  );
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
