import { describe, expect, it } from 'vitest';
import type { UploadToken } from '@/utils/apivideo/types';
import { matchesSearch, normaliseLabel, sortByLabel, withLabel } from '@/utils/labels';

const token = (id: string, createdAt = '2026-01-01T00:00:00+00:00'): UploadToken => ({ token: id, ttl: 0, createdAt });

describe('utils/labels', () => {
  it.each([
    ['  Mobile\tapp \n ', 'Mobile app'],
    ['日本語のラベル', '日本語のラベル'],
    ['é'.repeat(100), 'é'.repeat(100)],
    ['e'.repeat(101), undefined],
    ['', ''],
  ])('normalises %j to %j', (input, expected) => {
    expect(normaliseLabel(input)).toBe(expected);
  });

  it('search matches the token string or the label, ignoring case', () => {
    const labels = { toA: 'Mobile App' };
    expect(matchesSearch(token('toA'), labels, 'mobile')).toBe(true);
    expect(matchesSearch(token('toB'), labels, 'mobile')).toBe(false);
    expect(matchesSearch(token('toB'), labels, 'tob')).toBe(true);
  });

  it('sorts labelled tokens by label in the language’s order, then the others newest first', () => {
    const tokens = [
      token('t1', '2026-01-01T00:00:00Z'),
      token('t2', '2026-02-01T00:00:00Z'),
      token('t3'),
      token('t4'),
      token('t5'),
    ];
    const labels = { t3: 'zèbre', t4: 'Émile', t5: 'item 10', t1: 'item 9' };
    expect(sortByLabel(tokens, labels, 'fr').map((t) => t.token)).toEqual(['t4', 't1', 't5', 't3', 't2']);
  });

  it('an empty label removes it', () => {
    expect(withLabel({ a: 'x', b: 'y' }, 'a', '')).toEqual({ b: 'y' });
    expect(withLabel({}, 'a', 'x')).toEqual({ a: 'x' });
  });
});
