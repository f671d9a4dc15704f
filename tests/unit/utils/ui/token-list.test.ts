import { describe, expect, it } from 'vitest';
import type { UploadToken } from '@/utils/apivideo/types';
import { sortTokens, type TokenSort } from '@/utils/token-rules';
import { filterTokens, summariseTokens, type TokenFilter } from '@/utils/ui/token-list';

const NOW = Date.parse('2025-03-01T12:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3600;

// created: minutes before NOW; ttl in seconds.
function token(id: string, createdMinutesAgo: number, ttl: number): UploadToken {
  const created = NOW - createdMinutesAgo * 60_000;
  return { token: id, ttl, createdAt: iso(created), expiresAt: ttl === 0 ? null : iso(created + ttl * 1000) };
}

const TOKENS: UploadToken[] = [
  token('toAAAneverOld', 600, 0),
  token('toBBBsoon', 30, HOUR), // expires in 30 min
  token('toCCClater', 10, 7 * 24 * HOUR),
  token('toDDDneverNew', 5, 0),
  token('toEEEday', 120, 25 * HOUR), // expires in 23 h
  token('toFFFexpired', 180, HOUR), // expired 2 h ago (a stale cache)
];

const ids = (tokens: UploadToken[]) => tokens.map((t) => t.token);

describe('sortTokens', () => {
  it.each<[TokenSort, string[]]>([
    ['created-desc', ['toDDDneverNew', 'toCCClater', 'toBBBsoon', 'toEEEday', 'toFFFexpired', 'toAAAneverOld']],
    ['created-asc', ['toAAAneverOld', 'toFFFexpired', 'toEEEday', 'toBBBsoon', 'toCCClater', 'toDDDneverNew']],
    // Never-expiring tokens live longest; equal lifetimes fall back to the token string.
    ['ttl-asc', ['toBBBsoon', 'toFFFexpired', 'toEEEday', 'toCCClater', 'toAAAneverOld', 'toDDDneverNew']],
    ['ttl-desc', ['toAAAneverOld', 'toDDDneverNew', 'toCCClater', 'toEEEday', 'toBBBsoon', 'toFFFexpired']],
  ])('%s', (sort, expected) => {
    expect(ids(sortTokens(TOKENS, sort))).toEqual(expected);
  });

  it('does not mutate its input', () => {
    const before = ids(TOKENS);
    sortTokens(TOKENS, 'ttl-asc');
    expect(ids(TOKENS)).toEqual(before);
  });
});

describe('filterTokens', () => {
  it.each<[TokenFilter, string, number, string[]]>([
    // An expired token in a cached list is gone on api.video's side: never shown.
    ['all', '', 24, ids(TOKENS).filter((id) => id !== 'toFFFexpired')],
    ['never', '', 24, ['toAAAneverOld', 'toDDDneverNew']],
    ['soon', '', 24, ['toBBBsoon', 'toEEEday']],
    ['soon', '', 1, ['toBBBsoon']],
    ['all', 'expired', 24, []],
    ['all', 'never', 24, ['toAAAneverOld', 'toDDDneverNew']],
    ['all', 'NEVER', 24, ['toAAAneverOld', 'toDDDneverNew']], // case-insensitive
    ['all', '  ccc ', 24, ['toCCClater']], // trimmed
    ['never', 'new', 24, ['toDDDneverNew']],
    ['soon', 'never', 24, []],
    ['all', 'zzz', 24, []],
  ])('%s, search %j, threshold %s h', (filter, search, soonHours, expected) => {
    expect(ids(filterTokens(TOKENS, { filter, search, nowMs: NOW, soonHours }))).toEqual(expected);
  });
});

describe('filterTokens with labels and "new" (issue 13)', () => {
  const labels = { toCCClater: 'Mobile App', toAAAneverOld: 'Backend (prod)' };
  const newTokens = new Set(['toDDDneverNew', 'toFFFexpired']);
  it.each<[TokenFilter, string, string[]]>([
    ['all', 'mobile', ['toCCClater']], // the label, case-insensitive
    ['all', 'PROD', ['toAAAneverOld']],
    ['all', 'ccc', ['toCCClater']], // the token string still matches
    ['never', 'mobile', []],
    ['new', '', ['toDDDneverNew']], // an expired token is never shown, new or not
    ['new', 'backend', []],
  ])('%s, search %j', (filter, search, expected) => {
    expect(ids(filterTokens(TOKENS, { filter, search, nowMs: NOW, soonHours: 24, labels, newTokens }))).toEqual(
      expected,
    );
  });
});

describe('filterTokens over a sorted list (what the popup does)', () => {
  it('keeps the sort order', () => {
    const sorted = sortTokens(TOKENS, 'created-desc');
    expect(ids(filterTokens(sorted, { filter: 'never', search: '', nowMs: NOW, soonHours: 24 }))).toEqual([
      'toDDDneverNew',
      'toAAAneverOld',
    ]);
  });

  it('keeps all of 10,000 live tokens, in order (speed is measured by npm run bench, not here)', () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      token(`to${i.toString(36).padStart(22, '0')}`, i % 60, i % 3 === 0 ? 0 : (i % 50) * HOUR + HOUR),
    );
    const selected = filterTokens(sortTokens(many, 'ttl-desc'), {
      filter: 'all',
      search: '',
      nowMs: NOW,
      soonHours: 24,
    });
    expect(selected).toHaveLength(10_000);
    expect(selected.slice(0, 3334).every((t) => t.ttl === 0)).toBe(true);
  });
});

describe('summariseTokens', () => {
  it.each([
    // The expired one is not counted at all: not in the total, not as "expiring soon".
    [24, { total: 5, neverExpiring: 2, expiringSoon: 2 }],
    [1, { total: 5, neverExpiring: 2, expiringSoon: 1 }],
  ])('threshold %s h', (soonHours, summary) => {
    expect(summariseTokens(TOKENS, NOW, soonHours)).toEqual(summary);
  });

  it('counts nothing in an empty list', () => {
    expect(summariseTokens([], NOW, 24)).toEqual({ total: 0, neverExpiring: 0, expiringSoon: 0 });
  });
});
