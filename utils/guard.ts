// The one home of the guard's rules (issue 14): which tokens the lifetime policy deletes, and
// which newly seen tokens call for attention. Pure, so the preview the person approves and the
// run that follows cannot disagree: both call `policyCandidates` on the same list.
import * as v from 'valibot';
import type { UploadToken } from '@/utils/apivideo/types';
import { isNeverExpiring } from '@/utils/token-rules';

/** The policy's bounds, in days: at least a day old, at most ten years. */
export const POLICY_DAYS = { min: 1, max: 3650 } as const;
export const policyDaysSchema = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(POLICY_DAYS.min),
  v.maxValue(POLICY_DAYS.max),
);

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The tokens the policy deletes now: they never expire, were created more than `maxAgeDays`
 * ago (by api.video's `createdAt`), and carry no "Keep" mark. A token whose creation date cannot
 * be read is never a candidate. Oldest first.
 */
export function policyCandidates(
  tokens: readonly UploadToken[],
  kept: ReadonlySet<string>,
  maxAgeDays: number,
  now: number,
): UploadToken[] {
  const cutoff = now - maxAgeDays * DAY_MS;
  return tokens
    .filter((token) => {
      if (!isNeverExpiring(token) || kept.has(token.token)) return false;
      const created = Date.parse(token.createdAt);
      return !Number.isNaN(created) && created < cutoff;
    })
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
}

/** Of the tokens a listing saw for the first time, those that never expire: what the alert is about. */
export function newNeverExpiring(seen: ReadonlySet<string>, tokens: readonly UploadToken[]): string[] {
  return tokens.filter((token) => seen.has(token.token) && isNeverExpiring(token)).map((token) => token.token);
}
