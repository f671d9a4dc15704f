import { useMemo, useState } from 'preact/hooks';
import type { UploadToken } from '@/utils/apivideo/types';
import { DEFAULT_TOKEN_SORT, isNeverExpiring, sortTokens, type TokenSort } from '@/utils/token-rules';
import { filterTokens, summariseTokens, type TokenFilter } from '@/utils/ui/token-list';

/**
 * The list as the person asked to see it. Sorting is memoised apart from filtering, so a
 * keystroke in the search box only filters the already sorted list (10,000 tokens stay smooth).
 */
/** Filter, sort and search of one token list, and what they select. */
export type TokenQueryState = ReturnType<typeof useTokenQuery>;

export function useTokenQuery(tokens: UploadToken[] | undefined, nowMs: number, soonHours: number) {
  const [filter, setFilter] = useState<TokenFilter>('all');
  const [sort, setSort] = useState<TokenSort>(DEFAULT_TOKEN_SORT);
  const [search, setSearch] = useState('');
  const sorted = useMemo(() => sortTokens(tokens ?? [], sort), [tokens, sort]);
  const shown = useMemo(
    () => filterTokens(sorted, { filter, search, nowMs, soonHours }),
    [sorted, filter, search, nowMs, soonHours],
  );
  const summary = useMemo(() => summariseTokens(tokens ?? [], nowMs, soonHours), [tokens, nowMs, soonHours]);
  const neverExpiring = useMemo(() => (tokens ?? []).filter(isNeverExpiring).map((token) => token.token), [tokens]);
  return { filter, setFilter, sort, setSort, search, setSearch, shown, summary, neverExpiring };
}
