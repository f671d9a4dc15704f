import { describe, expect, it } from 'vitest';
import type { UploadToken } from '@/utils/apivideo/types';
import { countExpiringSoon } from '@/utils/token-rules';
import { readExpiryIndex, writeTokenCache } from '@/utils/storage';
import { summariseTokens } from '@/utils/ui/token-list';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const HOUR = 3_600_000;

describe('countExpiringSoon', () => {
  const expiries = [NOW - HOUR, NOW, NOW + 1, NOW + 2 * HOUR, NOW + 24 * HOUR, NOW + 24 * HOUR + 1, NOW + 100 * HOUR];
  it.each([
    [24, 3], // NOW+1, +2 h, +24 h exactly; not the past, not NOW itself, not past the horizon
    [1, 1],
    [0.5, 1],
    [200, 5],
  ])('within %f h: %i', (hours, expected) => {
    expect(countExpiringSoon(expiries, hours, NOW)).toBe(expected);
  });

  it('is 0 for an empty index', () => expect(countExpiringSoon([], 24, NOW)).toBe(0));
});

describe('the expiry index written with the cache', () => {
  it('holds the sorted expiry times of the tokens that expire, and none of those that never do', async () => {
    await writeTokenCache('production', {
      keyId: 'k1',
      fetchedAt: NOW,
      tokens: [
        { token: 'to3', ttl: 7200, createdAt: '2026-11-28T11:00:00+00:00', expiresAt: '2026-11-28T13:00:00+00:00' },
        { token: 'to1', ttl: 0, createdAt: '2026-11-28T10:00:00+00:00' },
        { token: 'to2', ttl: 60, createdAt: '2026-11-28T11:59:30+00:00', expiresAt: '2026-11-28T12:00:30+00:00' },
        { token: 'to4', ttl: 0, createdAt: '2026-11-28T10:00:00+00:00', expiresAt: null },
      ],
    });
    expect(await readExpiryIndex('production', 'k1')).toEqual([NOW + 30_000, NOW + HOUR]);
    expect(await readExpiryIndex('production', 'another key')).toBeNull();
    expect(await readExpiryIndex('sandbox', 'k1')).toBeNull();
  });
});

describe("the badge's tooltip and the popup", () => {
  const at = (ms: number) => new Date(ms).toISOString();
  const tokens: UploadToken[] = [
    { token: 'toNever', ttl: 0, createdAt: at(NOW - HOUR) },
    { token: 'toExpiresNow', ttl: 3600, createdAt: at(NOW - HOUR), expiresAt: at(NOW) },
    { token: 'toJustAfter', ttl: 3600, createdAt: at(NOW - HOUR + 1), expiresAt: at(NOW + 1) },
    // No expiresAt: createdAt + ttl says when.
    { token: 'toFallbackSoon', ttl: 7200, createdAt: at(NOW - HOUR) },
    // expiresAt null: createdAt + ttl, exactly at the 24 h horizon (counted).
    { token: 'toFallbackLater', ttl: 90_000, createdAt: at(NOW - HOUR), expiresAt: null },
    { token: 'toAtHorizon', ttl: 86_400, createdAt: at(NOW), expiresAt: at(NOW + 24 * HOUR) },
    { token: 'toPastHorizon', ttl: 86_401, createdAt: at(NOW), expiresAt: at(NOW + 24 * HOUR + 1000) },
  ];

  it.each([1, 2, 24, 25])('count the same tokens as expiring within %i h', async (hours) => {
    await writeTokenCache('production', { keyId: 'k1', fetchedAt: NOW, tokens });
    const index = (await readExpiryIndex('production', 'k1')) ?? [];
    const popup = summariseTokens(tokens, NOW, hours).expiringSoon;
    expect(countExpiringSoon(index, hours, NOW)).toBe(popup);
    expect(popup).toBe({ 1: 2, 2: 2, 24: 4, 25: 5 }[hours]);
  });
});
