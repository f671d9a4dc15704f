import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { alertItem, type Account, type AccountId, type KeyInfo } from '@/utils/storage';
import { preloadedViewNow, type CachedView } from '@/utils/ui/cached-list';
import { alertCount, openOnNew, takePopupIntent, type PopupIntent } from '@/utils/ui/popup-opening';
import { useStoredItems } from '@/components/hooks/useStoredItems';

const NO_ACCOUNTS: Account[] = [];

/**
 * How many new never-expiring tokens each account's alert holds (issue 14; 0 when none or another
 * key's), watched in storage; what the preload read until then; undefined until known.
 */
export function useAlertCounts(
  accounts: Account[] | undefined,
  keys: Record<AccountId, KeyInfo | null>,
  preview: CachedView | undefined,
): Record<AccountId, number> | undefined {
  const list = accounts ?? NO_ACCOUNTS;
  const items = useMemo(() => list.map((account) => alertItem(account.id)), [list]);
  const reads = useStoredItems(items);
  if (!accounts || (!reads && !preview)) return undefined;
  return Object.fromEntries(
    accounts.map((account, index) => {
      const read = reads?.[index];
      const alert = reads
        ? read?.state === 'ok'
          ? read.value
          : null
        : (preview?.views.find((view) => view.account.id === account.id)?.alert ?? null);
      return [account.id, alertCount(alert, keys[account.id])];
    }),
  );
}

/**
 * What the popup opens on, decided once, when the accounts, their keys, their alerts and a
 * notification's intent are known: the account whose list opens filtered to its new tokens, or
 * null for the usual first screen. The intent is taken (read and removed) by the preload, or here
 * when there was none.
 */
export function useOpening(
  accounts: Account[] | undefined,
  keys: Record<AccountId, KeyInfo | null>,
  alerts: Record<AccountId, number> | undefined,
  preview: CachedView | undefined,
): { account: AccountId | null } | undefined {
  const [ownIntent, setOwnIntent] = useState<PopupIntent | null>();
  useEffect(() => {
    if (preloadedViewNow()) return; // the preload took it
    let active = true;
    void takePopupIntent().then((found) => {
      if (active) setOwnIntent(found);
    });
    return () => {
      active = false;
    };
  }, []);
  const intent = preview ? preview.intent : ownIntent;
  const decided = useRef<{ account: AccountId | null }>();
  if (!decided.current && accounts && alerts && intent !== undefined)
    decided.current = { account: openOnNew({ accounts, keys, alerts, intent, now: Date.now() }) };
  return decided.current;
}
