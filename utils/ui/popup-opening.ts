// What the popup opens on (issue 14): an account's list filtered to its new never-expiring tokens
// when the person clicked a notification about them a moment ago, or when the only account has
// new ones the badge is calling attention to; otherwise what it always opened on.
import { popupIntentItem, type AccountId, type KeyInfo, type NewTokensAlert } from '@/utils/storage';

/** A notification clicked longer ago than this no longer decides what the popup opens on. */
export const INTENT_MAX_AGE_MS = 10 * 60_000;

/** What a notification click left for the popup: show that account's new tokens. */
export interface PopupIntent {
  account: AccountId;
  at: number;
}

/**
 * Reads the intent a notification click left, and removes it: it is read once, so the popup opened
 * again later opens as usual. Null when there is none (or it cannot be read, or removed).
 */
export async function takePopupIntent(): Promise<PopupIntent | null> {
  try {
    const intent = await popupIntentItem.getValue();
    // Removed whatever it holds: an unreadable or stale intent is not kept for later either.
    await popupIntentItem.removeValue();
    return intent ? { account: intent.account, at: intent.at } : null;
  } catch {
    return null;
  }
}

/** New never-expiring tokens of a key the alert holds: 0 when none, or when it is another key's. */
export function alertCount(alert: NewTokensAlert | null | undefined, keyInfo: KeyInfo | null | undefined): number {
  return alert && keyInfo && alert.keyId === keyInfo.keyId ? alert.tokens.length : 0;
}

/**
 * The account whose list the popup opens on, filtered to the new tokens; null to open as usual.
 * The intent wins when it is younger than INTENT_MAX_AGE_MS and names an account that still has a
 * key; otherwise, with a single account, its alert does.
 */
export function openOnNew({
  accounts,
  keys,
  alerts,
  intent,
  now,
}: {
  accounts: readonly { id: AccountId }[];
  keys: Readonly<Record<AccountId, KeyInfo | null>>;
  alerts: Readonly<Record<AccountId, number>>;
  intent: PopupIntent | null;
  now: number;
}): AccountId | null {
  if (intent) {
    const age = now - intent.at;
    // A clock set back a little since the click still counts it as recent.
    const recent = age < INTENT_MAX_AGE_MS && age > -INTENT_MAX_AGE_MS;
    if (recent && accounts.some((account) => account.id === intent.account) && keys[intent.account])
      return intent.account;
  }
  const [only] = accounts;
  if (accounts.length === 1 && only && keys[only.id] && (alerts[only.id] ?? 0) > 0) return only.id;
  return null;
}
