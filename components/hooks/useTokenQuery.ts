import { useMemo, useState } from 'preact/hooks';
import type { UploadToken } from '@/utils/apivideo/types';
import type { FirstScreen } from '@/utils/storage';
import { DEFAULT_TOKEN_SORT, isLive, isNeverExpiring, sortTokens } from '@/utils/token-rules';
import { sortByLabel, type Labels } from '@/utils/labels';
import { firstScreenView } from '@/utils/ui/first-screen';
import { uiLanguage } from '@/utils/ui/locale';
import { filterTokens, summariseTokens, type ListSort, type TokenFilter } from '@/utils/ui/token-list';

/** Filter, sort and search of one token list, and what they select. */
export type TokenQueryState = ReturnType<typeof useTokenQuery>;

const NO_LABELS: Labels = {};
const NONE: ReadonlySet<string> = new Set();

export interface TokenQueryContext {
  /** The person's labels (useTokenNotes, issue 13): search and the label sort use them. */
  labels?: Labels;
  /** Tokens first seen since the popup last showed the list: the "New" filter. */
  newTokens?: ReadonlySet<string>;
  /**
   * Whether `newTokens` is known yet (when the list was last looked at, and the history): the "New"
   * filter waits for it rather than saying that nothing is new.
   */
  newKnown?: boolean;
  /** The stored first screen, shown until the full list is in. */
  firstScreen?: FirstScreen | undefined;
  /** The filter the list opens with (default: all tokens). */
  initialFilter?: TokenFilter;
}

/**
 * The list as the person asked to see it. Sorting is memoised apart from filtering, so a
 * keystroke in the search box only filters the already sorted list (10,000 tokens stay smooth).
 * Until the full list is in, the first screen answers the default query (all tokens, newest
 * first, no search); any other query waits for the full list.
 */
export function useTokenQuery(
  tokens: UploadToken[] | undefined,
  nowMs: number,
  soonHours: number,
  { labels = NO_LABELS, newTokens = NONE, newKnown = true, firstScreen, initialFilter = 'all' }: TokenQueryContext = {},
) {
  const [filter, setFilter] = useState<TokenFilter>(initialFilter);
  const [sort, setSort] = useState<ListSort>(DEFAULT_TOKEN_SORT);
  const [search, setSearch] = useState('');
  const sorted = useMemo(
    () => (sort === 'label' ? sortByLabel(tokens ?? [], labels, uiLanguage()) : sortTokens(tokens ?? [], sort)),
    [tokens, sort, labels],
  );
  const selected = useMemo(
    () => filterTokens(sorted, { filter, search, nowMs, soonHours, labels, newTokens }),
    [sorted, filter, search, nowMs, soonHours, labels, newTokens],
  );
  const newCount = useMemo(
    () => (tokens ?? []).filter((token) => newTokens.has(token.token) && isLive(token, nowMs)).length,
    [tokens, newTokens, nowMs],
  );
  const counted = useMemo(() => summariseTokens(tokens ?? [], nowMs, soonHours), [tokens, nowMs, soonHours]);
  const neverExpiring = useMemo(() => (tokens ?? []).filter(isNeverExpiring).map((token) => token.token), [tokens]);
  const early = useMemo(
    () => (tokens === undefined && firstScreen ? firstScreenView(firstScreen, nowMs, soonHours) : undefined),
    [tokens, firstScreen, nowMs, soonHours],
  );

  /** The full list is in: every query, count and action works on it. */
  const complete = tokens !== undefined;
  /** Something to show: the full list, or the first screen. */
  const ready = complete || early !== undefined;
  /** The person asked for more than the first screen holds: shown once the full list is in. */
  const waiting =
    (!complete && early !== undefined && (filter !== 'all' || sort !== DEFAULT_TOKEN_SORT || search.trim() !== '')) ||
    (complete && filter === 'new' && !newKnown);
  const shown = complete || !early || waiting ? selected : early.rows;
  const summary = early && !complete ? early.summary : counted;
  /** How many tokens the shown rows stand for (the first screen's rows stand for the whole list). */
  const shownTotal = complete ? shown.length : waiting ? 0 : summary.total;
  return {
    filter,
    setFilter,
    sort,
    setSort,
    search,
    setSearch,
    shown,
    shownTotal,
    summary,
    neverExpiring,
    newCount,
    complete,
    ready,
    waiting,
  };
}
