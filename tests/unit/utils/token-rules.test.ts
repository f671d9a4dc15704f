import { describe, expect, it } from 'vitest';
import type { UploadToken } from '@/utils/apivideo/types';
import { expiresAtMs, expiryStatus, isNeverExpiring, sortTokens, type TokenSort } from '@/utils/token-rules';

const NOW = Date.parse('2025-03-01T12:00:00Z');
const hours = (n: number) => n * 3600 * 1000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', '+00:00');

function token(ttl: number, createdAtMs: number, expiresAt?: string | null): UploadToken {
  return {
    token: 'to1tcmSFHeYY5KzyhOqVKMKb',
    ttl,
    createdAt: iso(createdAtMs),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  };
}

describe('expiresAtMs', () => {
  it.each([
    ['ttl 0 never expires, expiresAt absent', token(0, NOW), null],
    ['ttl 0 never expires, expiresAt null', token(0, NOW, null), null],
    ['expiresAt wins when present', token(3600, NOW, iso(NOW + hours(5))), NOW + hours(5)],
    ['createdAt + ttl when expiresAt is absent', token(3600, NOW), NOW + hours(1)],
    ['createdAt + ttl when expiresAt is null', token(7200, NOW, null), NOW + hours(2)],
    ['createdAt + ttl when expiresAt is garbage', token(3600, NOW, 'soon'), NOW + hours(1)],
  ])('%s', (_, input, expected) => {
    expect(expiresAtMs(input)).toBe(expected);
  });

  it('reads api.video ATOM dates with an offset', () => {
    expect(expiresAtMs(token(3600, 0, '2020-12-02T11:13:19+01:00'))).toBe(Date.parse('2020-12-02T10:13:19Z'));
  });
});

describe('expiryStatus (threshold 24 h)', () => {
  it.each([
    ['never', token(0, NOW - hours(1000))],
    ['expired', token(3600, NOW - hours(2))],
    ['expired', token(3600, NOW - hours(1))], // expires exactly now
    ['soon', token(3600, NOW)],
    ['soon', token(24 * 3600, NOW)], // exactly at the threshold
    ['later', token(24 * 3600 + 1, NOW)],
    ['later', token(7 * 24 * 3600, NOW)],
  ])('%s', (status, input) => {
    expect(expiryStatus(input, NOW, 24)).toBe(status);
  });
});

describe('isNeverExpiring', () => {
  it.each([
    [0, true],
    [1, false],
    [3600, false],
  ])('ttl %s → %s', (ttl, expected) => {
    expect(isNeverExpiring(token(ttl, NOW))).toBe(expected);
  });
});

describe('sortTokens: ties', () => {
  const named = (name: string, ttl: number): UploadToken => ({ ...token(ttl, NOW), token: name });
  const a = named('toAAAAAAAAAAAAAAAAAAAAAA', 3600);
  const b = named('toBBBBBBBBBBBBBBBBBBBBBB', 3600);
  const c = named('toCCCCCCCCCCCCCCCCCCCCCC', 3600);

  it.each<TokenSort>(['created-desc', 'created-asc', 'ttl-asc', 'ttl-desc'])(
    '%s: equal keys fall back to the token string, whatever the order they came in',
    (sort) => {
      for (const input of [
        [c, a, b],
        [b, c, a],
        [a, b, c],
        [c, b, a],
      ]) {
        expect(sortTokens(input, sort).map((item) => item.token)).toEqual([a.token, b.token, c.token]);
      }
    },
  );
});
