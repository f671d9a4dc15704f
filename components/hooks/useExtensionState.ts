import { useMemo } from 'preact/hooks';
import {
  accountsItem,
  DEFAULT_SETTINGS,
  keyInfoItem,
  settingsItem,
  type Account,
  type AccountId,
  type KeyInfo,
  type Settings,
} from '@/utils/storage';
import { useStoredItem, valueOf } from '@/components/hooks/useStoredItem';
import { useStoredItems } from '@/components/hooks/useStoredItems';

export interface ExtensionState {
  settings: Settings;
  /** The stored settings could not be read: the defaults are in use until they are saved again. */
  settingsRecovered: boolean;
  /** Every account, in the order the person added them. */
  accounts: Account[];
  /** The saved key of each account, masked; null when none. */
  keys: Record<AccountId, KeyInfo | null>;
}

const NO_ACCOUNTS: Account[] = [];

/** Settings, accounts and their saved keys (masked), watched in storage; undefined until read. */
export function useExtensionState(): ExtensionState | undefined {
  const settings = useStoredItem(settingsItem);
  const stored = valueOf(useStoredItem(accountsItem));
  const accounts = stored === undefined ? undefined : (stored?.accounts ?? NO_ACCOUNTS);
  const keyItems = useMemo(() => (accounts ?? NO_ACCOUNTS).map((account) => keyInfoItem(account.id)), [accounts]);
  const keyReads = useStoredItems(keyItems);
  if (!settings || !accounts || !keyReads) return undefined;
  return {
    settings: settings.state === 'ok' ? settings.value : DEFAULT_SETTINGS,
    settingsRecovered: settings.state === 'invalid',
    accounts,
    keys: Object.fromEntries(accounts.map((account, index) => [account.id, valueOf(keyReads[index]) ?? null])),
  };
}
