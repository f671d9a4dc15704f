// What the badge shows, derived from storage only (no network), so it is right on a fresh worker
// and instant. Only state bound to each account's saved key counts: a replaced key's leftovers
// never show.
import type { BadgeView } from '@/utils/messaging';
import { alertItem, keyInfoItem, readAccounts, readExpiryIndex, readSettings, readSnapshot } from '@/utils/storage';
import { countExpiringSoon } from '@/utils/token-rules';
import { computeBadge, type AccountBadgeInput } from './badge';

export async function currentBadge(now: number): Promise<BadgeView> {
  const [{ settings }, accounts] = await Promise.all([readSettings(), readAccounts()]);
  const watched = accounts.filter((account) => account.watched);
  const inputs = await Promise.all(
    watched.map(async (account): Promise<AccountBadgeInput> => {
      const keyInfo = await keyInfoItem(account.id).getValue();
      const [snapshot, expiries, alert] = await Promise.all([
        readSnapshot(account.id, keyInfo?.keyId),
        readExpiryIndex(account.id, keyInfo?.keyId),
        alertItem(account.id).getValue(),
      ]);
      return {
        name: account.name,
        configured: keyInfo !== null,
        snapshot: snapshot ?? {},
        expiringSoon: expiries ? countExpiringSoon(expiries, settings.expiringSoonHours, now) : undefined,
        newNeverExpiring: alert !== null && alert.keyId === keyInfo?.keyId ? alert.tokens.length : 0,
      };
    }),
  );
  return computeBadge({
    accounts: inputs,
    noneWatched: accounts.length > 0 && watched.length === 0,
    settings,
    now,
  });
}
