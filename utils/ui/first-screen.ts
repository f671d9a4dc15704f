// What the popup paints from the first screen (utils/storage.ts) while the full list is read.
import type { UploadToken } from '@/utils/apivideo/types';
import type { FirstScreen } from '@/utils/storage';
import { countExpired, countExpiringSoon } from '@/utils/token-rules';
import { SECONDS_PER_HOUR } from '@/utils/ui/duration';
import { filterTokens, type TokenSummary } from '@/utils/ui/token-list';

export interface FirstScreenView {
  /** The first live rows in the default order, all tokens, no search. */
  rows: UploadToken[];
  /** The whole list's summary, the same `summariseTokens` gives on the full list. */
  summary: TokenSummary;
}

/**
 * The first screen as it stands at `nowMs`, or undefined when its counts cannot be exact then:
 * it keeps only the earliest expiry times, so it cannot count "expiring soon" past the last of
 * them (an account with hundreds of tokens expiring within the threshold), nor show rows it does
 * not keep. The popup then waits for the full list rather than show a wrong total.
 */
export function firstScreenView(screen: FirstScreen, nowMs: number, soonHours: number): FirstScreenView | undefined {
  const expiries = screen.earliestExpiries;
  const horizon = nowMs + soonHours * SECONDS_PER_HOUR * 1000;
  const lastKept = expiries.at(-1);
  const allKept = expiries.length === screen.expiringCount;
  if (!allKept && (lastKept === undefined || lastKept <= horizon)) return undefined;
  const rows = filterTokens(screen.rows, { filter: 'all', search: '', nowMs, soonHours });
  const total = screen.tokenCount - countExpired(expiries, nowMs);
  // Every kept row expired meanwhile: the first rows are further down, in the full list only.
  if (rows.length === 0 && total > 0) return undefined;
  return {
    rows,
    summary: {
      total,
      neverExpiring: screen.neverExpiring,
      expiringSoon: countExpiringSoon(expiries, soonHours, nowMs),
    },
  };
}

/**
 * An account's counts for the popup's overview, from its first screen alone when that can tell
 * them exactly (see `firstScreenView`), else from `allExpiries` (the key's expiry index, every
 * expiry time ascending) when given; undefined when neither can.
 */
export function accountCounts(
  screen: FirstScreen,
  nowMs: number,
  soonHours: number,
  allExpiries?: readonly number[],
): TokenSummary | undefined {
  const expiries = allExpiries ?? screen.earliestExpiries;
  const horizon = nowMs + soonHours * SECONDS_PER_HOUR * 1000;
  const lastKept = expiries.at(-1);
  // Expired tokens and those expiring soon are all among the kept times when one kept time is past the horizon.
  if (expiries.length !== screen.expiringCount && (lastKept === undefined || lastKept <= horizon)) return undefined;
  return {
    total: screen.tokenCount - countExpired(expiries, nowMs),
    neverExpiring: screen.neverExpiring,
    expiringSoon: countExpiringSoon(expiries, soonHours, nowMs),
  };
}
