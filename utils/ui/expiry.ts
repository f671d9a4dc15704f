// When an upload token stops working, and how a person should see it.
import type { UploadToken } from '@/utils/apivideo/types';
import { SECONDS_PER_HOUR } from '@/utils/ui/duration';

export type ExpiryStatus = 'never' | 'expired' | 'soon' | 'later';

/** A ttl of 0 is api.video's "never expires" (its default, and the risk this extension surfaces). */
export function isNeverExpiring(token: UploadToken): boolean {
  return token.ttl === 0;
}

/** When the token expires (ms epoch), or null when it never does or the dates are unreadable. */
export function expiresAtMs(token: UploadToken): number | null {
  if (isNeverExpiring(token)) return null;
  if (token.expiresAt) {
    const parsed = Date.parse(token.expiresAt);
    if (!Number.isNaN(parsed)) return parsed;
  }
  // expiresAt may be absent: createdAt + ttl says the same thing.
  const created = Date.parse(token.createdAt);
  return Number.isNaN(created) ? null : created + token.ttl * 1000;
}

export function createdAtMs(token: UploadToken): number {
  const parsed = Date.parse(token.createdAt);
  return Number.isNaN(parsed) ? 0 : parsed;
}

/**
 * 'soon' when the token expires within `soonHours` from now. api.video drops expired
 * tokens from its list, but a cached list can still hold some: they are 'expired'.
 */
export function expiryStatus(token: UploadToken, nowMs: number, soonHours: number): ExpiryStatus {
  if (isNeverExpiring(token)) return 'never';
  const expires = expiresAtMs(token);
  if (expires === null) return 'later';
  if (expires <= nowMs) return 'expired';
  return expires - nowMs <= soonHours * SECONDS_PER_HOUR * 1000 ? 'soon' : 'later';
}
