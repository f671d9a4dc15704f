// What the badge shows, derived from storage only (no network), so it is right on a fresh worker
// and instant. Only state bound to the saved key counts: a replaced key's leftovers never show.
import type { BadgeView } from '@/utils/messaging';
import { keyInfoItems, readExpiryIndex, readSettings, readSnapshot } from '@/utils/storage';
import { countExpiringSoon } from '@/utils/token-rules';
import { computeBadge } from './badge';

export async function currentBadge(now: number): Promise<BadgeView> {
  const { settings } = await readSettings();
  const environment = settings.activeEnvironment;
  const keyInfo = await keyInfoItems[environment].getValue();
  const [snapshot, expiries] = await Promise.all([
    readSnapshot(environment, keyInfo?.keyId),
    readExpiryIndex(environment, keyInfo?.keyId),
  ]);
  return computeBadge({
    environment,
    configured: keyInfo !== null,
    snapshot: snapshot ?? {},
    expiringSoon: expiries ? countExpiringSoon(expiries, settings.expiringSoonHours, now) : undefined,
    settings,
    now,
  });
}
