import { useMemo, useState } from 'preact/hooks';
import type { UploadToken } from '@/utils/apivideo/types';
import { DEFAULT_TOKEN_SORT, isLive, isNeverExpiring, sortTokens } from '@/utils/token-rules';
import { sortByLabel, type Labels } from '@/utils/labels';
import { uiLanguage } from '@/utils/ui/locale';
import { filterTokens, summariseTokens, type ListSort, type TokenFilter } from '@/utils/ui/token-list';

/**
 * The list as the person asked to see it. Sorting is memoised apart from filtering, so a
 * keystroke in the search box only filters the already sorted list (10,000 tokens stay smooth).
 */
/** Filter, sort and search of one token list, and what they select. */
export type TokenQueryState = ReturnType<typeof useTokenQuery>;

const NO_LABELS: Labels = {};
const NONE: ReadonlySet<string> = new Set();

/** `labels` and `newTokens` come from useTokenNotes (issue 13): search, sort and filter use them. */
export function useTokenQuery(
  tokens: UploadToken[] | undefined,
  nowMs: number,
  soonHours: number,
  { labels = NO_LABELS, newTokens = NONE }: { labels?: Labels; newTokens?: ReadonlySet<string> } = {},
) {
  const [filter, setFilter] = useState<TokenFilter>('all');
  const [sort, setSort] = useState<ListSort>(DEFAULT_TOKEN_SORT);
  const [search, setSearch] = useState('');
  const sorted = useMemo(
    () => (sort === 'label' ? sortByLabel(tokens ?? [], labels, uiLanguage()) : sortTokens(tokens ?? [], sort)),
    [tokens, sort, labels],
  );
  const shown = useMemo(
    () => filterTokens(sorted, { filter, search, nowMs, soonHours, labels, newTokens }),
    [sorted, filter, search, nowMs, soonHours, labels, newTokens],
  );
  const newCount = useMemo(
    () => (tokens ?? []).filter((token) => newTokens.has(token.token) && isLive(token, nowMs)).length,
    [tokens, newTokens, nowMs],
  );
  const summary = useMemo(() => summariseTokens(tokens ?? [], nowMs, soonHours), [tokens, nowMs, soonHours]);
  const neverExpiring = useMemo(() => (tokens ?? []).filter(isNeverExpiring).map((token) => token.token), [tokens]);
  return { filter, setFilter, sort, setSort, search, setSearch, shown, summary, neverExpiring, newCount };
}
