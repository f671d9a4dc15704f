// Filtering, searching and counting the token list (the rules and the orders are in
// utils/token-rules.ts). 10,000 tokens must stay smooth: a keystroke in the search box only filters.
import type { UploadToken } from '@/utils/apivideo/types';
import { expiryStatus, isLive, isNeverExpiring, TOKEN_SORTS, type TokenSort } from '@/utils/token-rules';
import { matchesSearch, type Labels } from '@/utils/labels';

/** 'new': first seen since the popup last showed the list (utils/history.ts `newSince`). */
export type TokenFilter = 'all' | 'never' | 'soon' | 'new';

export const TOKEN_FILTERS: readonly TokenFilter[] = ['all', 'never', 'soon', 'new'];

/** The list's orders: the token rules' own, and by the person's labels (utils/labels.ts). */
export type ListSort = TokenSort | 'label';
export const LIST_SORTS: readonly ListSort[] = [...TOKEN_SORTS, 'label'];

export interface TokenQuery {
  filter: TokenFilter;
  /** Case-insensitive substring of the token string or of its label; blank matches everything. */
  search: string;
  nowMs: number;
  soonHours: number;
  labels?: Labels;
  /** The tokens the 'new' filter shows. */
  newTokens?: ReadonlySet<string>;
}

export interface TokenSummary {
  total: number;
  neverExpiring: number;
  /** Expiring within the threshold (expired ones are gone, and not counted at all). */
  expiringSoon: number;
}

export function matchesFilter(
  token: UploadToken,
  filter: TokenFilter,
  nowMs: number,
  soonHours: number,
  newTokens?: ReadonlySet<string>,
): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'never':
      return isNeverExpiring(token);
    case 'soon':
      return expiryStatus(token, nowMs, soonHours) === 'soon';
    case 'new':
      return newTokens?.has(token.token) ?? false;
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
      matchesFilter(token, query.filter, query.nowMs, query.soonHours, query.newTokens) &&
      matchesSearch(token, query.labels, needle),
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
