// The one home of the rules about an upload token's lifetime: never expires, when it expires
// (expiresAt, or createdAt + ttl), expiring soon, still live, and the list's orders. Storage, the
// badge and its tooltip, and the popup all read them from here.
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
 * 'soon' when the token expires within `soonHours` from now: now < expiry ≤ now + soonHours, the
 * one rule of "expiring soon" (the badge's tooltip counts it with `countExpiringSoon`). api.video
 * drops expired tokens from its list, but a cached list can still hold some: they are 'expired',
 * and no longer shown or counted anywhere.
 */
export function expiryStatus(token: UploadToken, nowMs: number, soonHours: number): ExpiryStatus {
  if (isNeverExpiring(token)) return 'never';
  const expires = expiresAtMs(token);
  if (expires === null) return 'later';
  if (expires <= nowMs) return 'expired';
  return expires - nowMs <= soonHours * SECONDS_PER_HOUR * 1000 ? 'soon' : 'later';
}

/** The token still exists on api.video's side (as far as its dates tell). */
export function isLive(token: UploadToken, nowMs: number): boolean {
  const expires = expiresAtMs(token);
  return expires === null || expires > nowMs;
}

/**
 * How many of the ascending expiry times fall in (now, now + hours]: the same rule as
 * `expiryStatus(…) === 'soon'`, over the index kept beside the cache instead of every token.
 */
export function countExpiringSoon(expiries: readonly number[], hours: number, nowMs: number): number {
  return firstAbove(expiries, nowMs + hours * SECONDS_PER_HOUR * 1000) - firstAbove(expiries, nowMs);
}

/** How many of the ascending expiry times are past at `nowMs`: the tokens `isLive` no longer counts. */
export function countExpired(expiries: readonly number[], nowMs: number): number {
  return firstAbove(expiries, nowMs);
}

export type TokenSort = 'created-desc' | 'created-asc' | 'ttl-asc' | 'ttl-desc';
export const TOKEN_SORTS: readonly TokenSort[] = ['created-desc', 'created-asc', 'ttl-asc', 'ttl-desc'];
/** Newest first: what the popup shows until the person picks another order. */
export const DEFAULT_TOKEN_SORT: TokenSort = 'created-desc';

/** A never-expiring token has the longest lifetime of all, not the shortest (its ttl is 0). */
function sortKey(token: UploadToken, sort: TokenSort): number {
  if (sort === 'created-desc' || sort === 'created-asc') return createdAtMs(token);
  return isNeverExpiring(token) ? Number.POSITIVE_INFINITY : token.ttl;
}

/** Sorted copy of `tokens`. Keys are computed once per token, not once per comparison. */
export function sortTokens(tokens: readonly UploadToken[], sort: TokenSort): UploadToken[] {
  const direction = sort === 'created-desc' || sort === 'ttl-desc' ? -1 : 1;
  const keyed = tokens.map((token) => ({ token, key: sortKey(token, sort) }));
  keyed.sort((a, b) => {
    if (a.key !== b.key) return (a.key < b.key ? -1 : 1) * direction;
    // Ties fall back to the token string so the order never jumps between renders.
    return a.token.token < b.token.token ? -1 : a.token.token > b.token.token ? 1 : 0;
  });
  return keyed.map((entry) => entry.token);
}

/** Index of the first value greater than `limit` in an ascending array. */
function firstAbove(values: readonly number[], limit: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! <= limit) low = middle + 1;
    else high = middle;
  }
  return low;
}
