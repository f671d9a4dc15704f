import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { sendRequest, type ReplyError } from '@/utils/messaging';
import { watchTokenCache, type TokenCache } from '@/utils/storage';
import { cachedList, needsRefresh } from '@/utils/ui/cached-list';
import type { Environment, UploadToken } from '@/utils/apivideo/types';

export interface TokenListState {
  /** Undefined until something is known (no cache and the first listing not back yet). */
  tokens?: UploadToken[];
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
 * The token list of one saved key, as the background keeps it in storage: the cached list painted
 * at once, then followed as the background rewrites it. A listing is asked for on open unless the
 * cache is under a minute old and the background's last check went well.
 */
export function useTokenList(environment: Environment, keyId: string, lastCheckFailed = false): TokenListState {
  const [cache, setCache] = useState<TokenCache | null>();
  const [added, setAdded] = useState<UploadToken[]>([]);
  const [removed, setRemoved] = useState<ReadonlySet<string>>(new Set());
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<ReplyError>();
  const generation = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    setRefreshing(true);
    setRefreshError(undefined);
    const reply = await sendRequest('refreshList', { environment });
    if (mine !== generation.current) return;
    setRefreshing(false);
    if (!reply.ok) setRefreshError(reply.error);
  }, [environment]);

  useEffect(() => {
    let active = true;
    let changed = false;
    const unwatch = watchTokenCache(environment, keyId, (next) => {
      changed = true;
      setCache(next);
    });
    void (async () => {
      const cached = await cachedList(environment, keyId);
      if (!active) return;
      if (!changed) setCache(cached);
      // Decided once, on open: a later status change does not re-list.
      if (lastCheckFailed || needsRefresh(cached, Date.now())) await refresh();
    })();
    return () => {
      active = false;
      // A counter, not a node: bumping its current value is what makes a refresh still in flight stale.
      // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
      generation.current++;
      unwatch();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- lastCheckFailed is read once, on open (see above)
  }, [environment, keyId, refresh]);

  const addToken = useCallback((token: UploadToken) => setAdded((current) => [token, ...current]), []);
  const removeTokens = useCallback(
    (gone: ReadonlySet<string>) =>
      setRemoved((current) => ([...gone].every((id) => current.has(id)) ? current : new Set([...current, ...gone]))),
    [],
  );

  const tokens = cache ? withLocalChanges(cache.tokens, added, removed) : undefined;
  return { tokens, fetchedAt: cache?.fetchedAt, refreshing, refreshError, refresh, addToken, removeTokens };
}

/** The cached list with what this page did meanwhile, until the cache says the same. */
function withLocalChanges(tokens: UploadToken[], added: UploadToken[], removed: ReadonlySet<string>): UploadToken[] {
  if (added.length === 0 && removed.size === 0) return tokens;
  const known = new Set(tokens.map((token) => token.token));
  const fresh = added.filter((token) => !known.has(token.token) && !removed.has(token.token));
  const kept = removed.size === 0 ? tokens : tokens.filter((token) => !removed.has(token.token));
  return fresh.length === 0 && kept.length === tokens.length ? tokens : [...fresh, ...kept];
}
