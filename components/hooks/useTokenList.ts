import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { sendRequest, type ReplyError } from '@/utils/messaging';
import { cachedList, needsRefresh } from '@/utils/ui/cachedList';
import type { Environment, UploadToken } from '@/utils/apivideo/types';

export interface TokenListState {
  /** Undefined until something is known (no cache and the first fetch not back yet). */
  tokens?: UploadToken[];
  /** When the shown list was read from api.video (ms epoch). */
  fetchedAt?: number;
  refreshing: boolean;
  /** The last refresh failed; `tokens` still holds the cached list. */
  refreshError?: ReplyError;
  refresh: () => Promise<void>;
  addToken: (token: UploadToken) => void;
  removeTokens: (gone: ReadonlySet<string>) => void;
}

/**
 * The token list: the cached list painted at once, then a full refresh behind it unless the
 * cache is under a minute old and the background's last check went well. Local
 * changes made while a refresh runs (a create, a delete) are replayed on its result, so a
 * slow listing never brings back a token that was just deleted.
 */
export function useTokenList(environment: Environment, lastCheckFailed = false): TokenListState {
  const [tokens, setTokens] = useState<UploadToken[]>();
  const [fetchedAt, setFetchedAt] = useState<number>();
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<ReplyError>();
  const added = useRef(new Map<string, UploadToken>());
  const removed = useRef(new Set<string>());
  const generation = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    added.current.clear();
    removed.current.clear();
    setRefreshing(true);
    setRefreshError(undefined);
    const reply = await sendRequest('listTokens', { environment, refresh: true });
    if (mine !== generation.current) return;
    setRefreshing(false);
    if (!reply.ok) {
      setRefreshError(reply.error);
      return;
    }
    const fresh = reply.tokens.filter((token) => !removed.current.has(token.token));
    const known = new Set(fresh.map((token) => token.token));
    for (const [id, token] of added.current) if (!known.has(id)) fresh.push(token);
    setTokens(fresh);
    setFetchedAt(reply.fetchedAt ?? Date.now());
  }, [environment]);

  useEffect(() => {
    let active = true;
    setTokens(undefined);
    setFetchedAt(undefined);
    void (async () => {
      const cached = await cachedList(environment);
      if (!active) return;
      // Nothing cached yet: wait for the refresh rather than claim "no tokens".
      if (cached) {
        setTokens(cached.tokens);
        setFetchedAt(cached.fetchedAt);
      }
      // Decided once, on open: a later status change does not re-list.
      if (lastCheckFailed || needsRefresh(cached, Date.now())) await refresh();
    })();
    return () => {
      active = false;
      generation.current++;
    };
  }, [environment, refresh]);

  const addToken = useCallback((token: UploadToken) => {
    added.current.set(token.token, token);
    removed.current.delete(token.token);
    setTokens((current) => [token, ...(current ?? []).filter((existing) => existing.token !== token.token)]);
  }, []);

  const removeTokens = useCallback((gone: ReadonlySet<string>) => {
    for (const id of gone) {
      removed.current.add(id);
      added.current.delete(id);
    }
    setTokens((current) => {
      if (!current) return current;
      const kept = current.filter((token) => !gone.has(token.token));
      // Same array when nothing changed: no re-render for a progress tick that removed nothing.
      return kept.length === current.length ? current : kept;
    });
  }, []);

  return { tokens, fetchedAt, refreshing, refreshError, refresh, addToken, removeTokens };
}
