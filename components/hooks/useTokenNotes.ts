import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { newSince, summariseHistory, type TokenHistory } from '@/utils/history';
import type { Labels } from '@/utils/labels';
import { sendRequest } from '@/utils/messaging';
import {
  keepMarksItem,
  readHistory,
  tokenLabelsItem,
  watchHistory,
  type AccountId,
  type TokenHistoryLog,
} from '@/utils/storage';
import { useStoredItem, valueOf } from '@/components/hooks/useStoredItem';

export interface TokenNotesState {
  labels: Labels;
  /** Every token's history (first seen, created here, deleted here). */
  history: ReadonlyMap<string, TokenHistory>;
  /** When the popup showed this key's list before this opening; null the first time. */
  since: number | null | undefined;
  /** Tokens first seen since then: the "New" filter. */
  newTokens: ReadonlySet<string>;
  /** `newTokens` is known: the history is read and the background said when the list was last looked at. */
  newKnown: boolean;
  /** Tokens marked "Keep" (issue 14): the lifetime policy never deletes them. */
  kept: ReadonlySet<string>;
}

const NO_LABELS: Labels = {};
const NO_MARKS: readonly string[] = [];

/**
 * What the extension remembers about one key's tokens (issue 13), read and watched from storage
 * like the token list; the background writes it. Tells the background when the list is looked at:
 * on open (its answer is when the list was last looked at) and whenever a newer list is shown, so
 * tokens seen during this look are not "new" again next time.
 */
export function useTokenNotes(account: AccountId, keyId: string, fetchedAt: number | undefined): TokenNotesState {
  const storedLabels = valueOf(useStoredItem(tokenLabelsItem(account)));
  const labels = storedLabels?.keyId === keyId ? storedLabels.labels : NO_LABELS;
  const storedMarks = valueOf(useStoredItem(keepMarksItem(account)));
  const marks = storedMarks?.keyId === keyId ? storedMarks.tokens : NO_MARKS;
  const kept = useMemo(() => new Set(marks), [marks]);
  const [log, setLog] = useState<TokenHistoryLog | null>();
  const [since, setSince] = useState<number | null>();
  const firstLook = useRef<Promise<unknown>>();

  useEffect(() => {
    let active = true;
    let changed = false;
    const unwatch = watchHistory(account, keyId, (next) => {
      changed = true;
      setLog(next);
    });
    void readHistory(account, keyId).then((current) => {
      if (active && !changed) setLog(current);
    });
    const look = sendRequest('markLooked', { account });
    firstLook.current = look;
    void look.then((reply) => {
      if (active) setSince(reply.ok ? reply.previous : null);
    });
    return () => {
      active = false;
      unwatch();
    };
  }, [account, keyId]);

  useEffect(() => {
    if (fetchedAt === undefined) return;
    void firstLook.current?.then(() => sendRequest('markLooked', { account }));
  }, [account, fetchedAt]);

  const history = useMemo(() => summariseHistory(log?.events ?? []), [log]);
  const newTokens = useMemo(() => newSince(history, since ?? null), [history, since]);
  return { labels, history, since, newTokens, newKnown: log !== undefined && since !== undefined, kept };
}
