// Deterministic token fixtures: the same seed and clock give the same tokens, so
// screenshots, benchmarks and assertions stay stable between runs.
import type { UploadToken } from '@/utils/apivideo/types';
import { MAX_TTL_SECONDS } from './defaults';
import { newTokenString, seededRandom } from './random';
import { type TokenStore, wholeSeconds } from './token-store';

export interface SeedOptions {
  count: number;
  neverExpiring?: number;
  expiringSoon?: number;
  seed?: number;
}

type Category = 'never' | 'soon' | 'later';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

export function seedTokens(store: TokenStore, nowMs: number, opts: SeedOptions): UploadToken[] {
  const neverExpiring = opts.neverExpiring ?? 0;
  const expiringSoon = opts.expiringSoon ?? 0;
  if (neverExpiring + expiringSoon > opts.count) {
    throw new RangeError(
      `seed: neverExpiring (${neverExpiring}) + expiringSoon (${expiringSoon}) > count (${opts.count})`,
    );
  }
  const random = seededRandom(opts.seed ?? 1);
  const between = (min: number, max: number) => min + random.next() * (max - min);
  // Log-uniform: as many minutes-long ttls as years-long ones, like real accounts.
  const logBetween = (min: number, max: number) => Math.round(Math.exp(between(Math.log(min), Math.log(max))));

  const categories: Category[] = [
    ...Array<Category>(neverExpiring).fill('never'),
    ...Array<Category>(expiringSoon).fill('soon'),
    ...Array<Category>(opts.count - neverExpiring - expiringSoon).fill('later'),
  ];
  shuffle(categories, random.int);

  const nowSeconds = wholeSeconds(nowMs) / 1000;
  return categories.map((category) => {
    let ttl: number;
    let ageSeconds: number;
    if (category === 'never') {
      ttl = 0;
      ageSeconds = Math.round(between(MINUTE, 3 * YEAR));
    } else if (category === 'soon') {
      // Expires within the next 24 h: from minutes-long ttls to month-long ones near their end.
      ttl = logBetween(10 * MINUTE, 30 * DAY);
      const remaining = Math.round(between(MINUTE, Math.min(ttl, 23 * HOUR)));
      ageSeconds = ttl - remaining;
    } else {
      // Still active after the next 24 h, so the expiringSoon count stays exact.
      ttl = Math.min(logBetween(2 * DAY, 5 * YEAR), MAX_TTL_SECONDS);
      ageSeconds = Math.round(between(0, Math.min(ttl - DAY - HOUR, 2 * YEAR)));
    }
    let token = newTokenString(random.int);
    while (store.has(token)) token = newTokenString(random.int);
    return store.insert({ token, ttl, createdAtMs: (nowSeconds - ageSeconds) * 1000 });
  });
}

function shuffle<T>(items: T[], randomInt: (max: number) => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}
