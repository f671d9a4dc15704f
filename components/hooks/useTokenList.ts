import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { sendRequest, type ReplyError } from '@/utils/messaging';
import { readTokenCache, watchTokenCache, type AccountId, type FirstScreen, type TokenCache } from '@/utils/storage';
import { firstScreen as readFirstScreen, needsRefresh, preloadedFirstScreenNow } from '@/utils/ui/cached-list';
import type { UploadToken } from '@/utils/apivideo/types';

export interface TokenListState {
  /** Undefined until the full list is known (no cache and the first listing not back yet). */
  tokens?: UploadToken[];
  /** The cached list's first screen, until the full list is in (then undefined). */
  firstScreen?: FirstScreen;
  /** When the shown list was read from api.video (ms epoch). */
  fetchedAt?: number;
  refreshing: boolean;
  /** The last refresh failed; `tokens` still holds the cached list. */
  refreshError?: ReplyError;
  refresh: () => Promise<void>;
  /** Shows a token created here at once (the cache brings it too, a moment later). */
  addToken: (token: UploadToken) => void;
  /** Hides tokens deleted here at once (the cache drops them too, a moment later). */
  removeTokens: (gone: ReadonlySet<string>) => void;
}

/**
 * The token list of one saved key, as the background keeps it in storage: the cached list's first
 * screen painted at once, the full cached list read after that paint, then followed as the
 * background rewrites it. A listing is asked for on open unless the cache is under a minute old
 * and the background's last check went well.
 */
export function useTokenList(account: AccountId, keyId: string, lastCheckFailed = false): TokenListState {
  const [first, setFirst] = useState(() => preloadedFirstScreenNow(account, keyId));
  const [cache, setCache] = useState<TokenCache | null>();
  const [added, setAdded] = useState<UploadToken[]>([]);
  const [removed, setRemoved] = useState<ReadonlySet<string>>(new Set());
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<ReplyError>();
  const generation = useRef(0);
  // A change seen before the full read answers is newer than that answer.
  const cacheChanged = useRef(false);

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    setRefreshing(true);
    setRefreshError(undefined);
    const reply = await sendRequest('refreshList', { account });
    if (mine !== generation.current) return;
    setRefreshing(false);
    if (!reply.ok) setRefreshError(reply.error);
  }, [account]);

  useEffect(() => {
    let active = true;
    const unwatch = watchTokenCache(account, keyId, (next) => {
      cacheChanged.current = true;
      setCache(next);
    });
    // Already there when the preload answered before the first render (the popup's own path).
    if (first === undefined)
      void readFirstScreen(account, keyId).then((found) => {
        if (active) setFirst(found);
      });
    return () => {
      active = false;
      // A counter, not a node: bumping its current value is what makes a refresh still in flight stale.
      // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
      generation.current++;
      unwatch();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `first` is only asked whether the preload already had it
  }, [account, keyId]);

  // Effects run after the browser has painted: the full list is read once the first screen is on
  // screen, so its 1.3 MB (10,000 tokens) never delays the first rows.
  const firstScreenRead = first !== undefined;
  useEffect(() => {
    if (!firstScreenRead) return;
    let active = true;
    void (async () => {
      const cached = await readTokenCache(account, keyId);
      if (!active) return;
      if (!cacheChanged.current) setCache(cached);
      // Decided once, on open: a later status change does not re-list.
      if (lastCheckFailed || needsRefresh(cached, Date.now())) await refresh();
    })();
    return () => {
      active = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- lastCheckFailed is read once, on open (see above)
  }, [firstScreenRead, account, keyId, refresh]);

  const addToken = useCallback((token: UploadToken) => setAdded((current) => [token, ...current]), []);
  const removeTokens = useCallback(
    (gone: ReadonlySet<string>) =>
      setRemoved((current) => ([...gone].every((id) => current.has(id)) ? current : new Set([...current, ...gone]))),
    [],
  );

  const tokens = cache ? withLocalChanges(cache.tokens, added, removed) : undefined;
  // Until the full list is in, the first rows show this page's changes too (their counts are
  // the stored ones: the background rewrites the cache with the change a moment later).
  const firstScreen = useMemo(
    () => (cache === undefined && first ? { ...first, rows: withLocalChanges(first.rows, added, removed) } : undefined),
    [cache, first, added, removed],
  );
  return {
    tokens,
    firstScreen,
    fetchedAt: cache?.fetchedAt ?? first?.fetchedAt,
    refreshing,
    refreshError,
    refresh,
    addToken,
    removeTokens,
  };
}

/** The cached list with what this page did meanwhile, until the cache says the same. */
function withLocalChanges(tokens: UploadToken[], added: UploadToken[], removed: ReadonlySet<string>): UploadToken[] {
  if (added.length === 0 && removed.size === 0) return tokens;
  const known = new Set(tokens.map((token) => token.token));
  const fresh = added.filter((token) => !known.has(token.token) && !removed.has(token.token));
  const kept = removed.size === 0 ? tokens : tokens.filter((token) => !removed.has(token.token));
  return fresh.length === 0 && kept.length === tokens.length ? tokens : [...fresh, ...kept];
}
