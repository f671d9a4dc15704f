import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { UploadToken } from '@/utils/apivideo/types';
import {
  FIRST_SCREEN_EXPIRIES,
  FIRST_SCREEN_ROWS,
  forgetAccountKey,
  readAccountView,
  readFirstScreen,
  readTokenCache,
  writeTokenCache,
} from '@/utils/storage';
import { DEFAULT_TOKEN_SORT, sortTokens } from '@/utils/token-rules';
import { firstScreenView } from '@/utils/ui/first-screen';
import { filterTokens, summariseTokens } from '@/utils/ui/token-list';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const HOUR = 3_600_000;

/** A mixed account: never-expiring, expired, expiring soon and later, and unreadable dates. */
function account(count: number, expiringWithinADay = 5): UploadToken[] {
  return Array.from({ length: count }, (_, index) => {
    const createdAt = new Date(NOW - ((index * 7919) % count) * 60_000 - index).toISOString();
    const token = `to${String(index).padStart(22, '0')}`;
    if (index % 10 === 0) return { token, ttl: 0, createdAt };
    if (index === 3) return { token, ttl: 60, createdAt: 'not a date' };
    if (index % 10 === 1 && index < expiringWithinADay * 10) {
      // Expires between 30 minutes ago and 20 hours from now.
      const expires = NOW + ((index % 7) * 3 - 0.5) * HOUR;
      return { token, ttl: 3600, createdAt, expiresAt: new Date(expires).toISOString() };
    }
    return { token, ttl: 30 * 86_400 + index * 600, createdAt };
  });
}

const expectedRows = (tokens: UploadToken[], nowMs: number) =>
  filterTokens(sortTokens(tokens, DEFAULT_TOKEN_SORT), { filter: 'all', search: '', nowMs, soonHours: 24 });

describe('the first screen kept beside the token cache', () => {
  it.each([
    ['at the time of writing', 0, 24],
    ['an hour later', HOUR, 24],
    ['a day later, with a one-hour threshold', 24 * HOUR, 1],
    ['two days later', 48 * HOUR, 24],
  ])('is written with the cache and matches its first rows and counts %s', async (_, later, soonHours) => {
    const tokens = account(500);
    await writeTokenCache('production', { keyId: 'k1', tokens, fetchedAt: NOW });
    const first = await readFirstScreen('production', 'k1');
    const cache = await readTokenCache('production', 'k1');
    expect(first?.fetchedAt).toBe(cache?.fetchedAt);
    expect(first?.rows).toEqual(cache?.tokens.slice(0, FIRST_SCREEN_ROWS));

    const nowMs = NOW + later;
    const view = firstScreenView(first!, nowMs, soonHours);
    expect(view).toBeDefined();
    expect(view!.summary).toEqual(summariseTokens(cache!.tokens, nowMs, soonHours));
    expect(view!.rows).toEqual(expectedRows(cache!.tokens, nowMs).slice(0, view!.rows.length));
    expect(view!.rows.length).toBeGreaterThan(FIRST_SCREEN_ROWS / 2);
  });

  it('writes the cache, its expiry index and its first screen in one storage call', async () => {
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    await writeTokenCache('production', { keyId: 'k1', tokens: account(50), fetchedAt: NOW });
    expect(set).toHaveBeenCalledTimes(1);
    expect(Object.keys(set.mock.calls[0]![0]).sort()).toEqual([
      'firstScreen:production',
      'firstScreen:production$',
      'tokenCache:production',
      'tokenCache:production$',
      'tokenExpiries:production',
      'tokenExpiries:production$',
    ]);
  });

  it('stays a few kilobytes for 10,000 tokens', async () => {
    await writeTokenCache('production', { keyId: 'k1', tokens: account(10_000), fetchedAt: NOW });
    const stored = await fakeBrowser.storage.local.get(['firstScreen:production', 'tokenCache:production']);
    expect(JSON.stringify(stored['firstScreen:production']).length).toBeLessThan(8 * 1024);
    expect(JSON.stringify(stored['tokenCache:production']).length).toBeGreaterThan(500 * 1024);
  });

  it('belongs to its key: ignored for another key generation, and forgotten with the key', async () => {
    await writeTokenCache('production', { keyId: 'k1', tokens: account(30), fetchedAt: NOW });
    expect(await readFirstScreen('production', 'k2')).toBeNull();
    expect(await readFirstScreen('production', undefined)).toBeNull();
    await fakeBrowser.storage.local.set({ 'keyInfo:production': { keyId: 'k2', maskedKey: '••••1234', savedAt: 1 } });
    expect((await readAccountView('production')).firstScreen).toBeNull();

    await forgetAccountKey('production');
    expect(await fakeBrowser.storage.local.get(['firstScreen:production', 'firstScreen:production$'])).toEqual({});
  });

  it('reads a damaged first screen as none', async () => {
    await writeTokenCache('production', { keyId: 'k1', tokens: account(30), fetchedAt: NOW });
    await fakeBrowser.storage.local.set({ 'firstScreen:production': { keyId: 'k1', rows: 'garbage' } });
    expect(await readFirstScreen('production', 'k1')).toBeNull();
    expect(await readTokenCache('production', 'k1')).not.toBeNull();
  });
});

describe('firstScreenView', () => {
  it(`counts exactly while its ${FIRST_SCREEN_EXPIRIES} earliest expiries reach past the threshold, and gives up after`, async () => {
    // 300 tokens expiring one a minute from now on, and 100 newer never-expiring ones.
    const tokens: UploadToken[] = Array.from({ length: 400 }, (_, index) => ({
      token: `to${String(index).padStart(22, '0')}`,
      ttl: index < 300 ? 3600 : 0,
      createdAt: new Date(NOW - (400 - index) * 1000).toISOString(),
      ...(index < 300 ? { expiresAt: new Date(NOW + (index + 1) * 60_000).toISOString() } : {}),
    }));
    await writeTokenCache('production', { keyId: 'k1', tokens, fetchedAt: NOW });
    const first = (await readFirstScreen('production', 'k1'))!;
    expect(first.earliestExpiries).toHaveLength(FIRST_SCREEN_EXPIRIES);

    // An hour ahead: 60 expiring soon, all within the kept 200.
    expect(firstScreenView(first, NOW, 1)?.summary).toEqual(summariseTokens(tokens, NOW, 1));
    // 150 minutes after writing, 150 expired and the next hour's 60 are still within the kept 200.
    expect(firstScreenView(first, NOW + 150 * 60_000, 0.5)?.summary).toEqual(
      summariseTokens(tokens, NOW + 150 * 60_000, 0.5),
    );
    // A 24-hour threshold reaches past the 200th expiry: no guess, the full list decides.
    expect(firstScreenView(first, NOW, 24)).toBeUndefined();
  });

  it('shows nothing when every kept row has expired but other tokens live on', async () => {
    const tokens: UploadToken[] = Array.from({ length: FIRST_SCREEN_ROWS + 5 }, (_, index) => ({
      token: `to${String(index).padStart(22, '0')}`,
      // The newest ones are the short-lived ones.
      ttl: index < FIRST_SCREEN_ROWS ? 60 : 0,
      createdAt: new Date(NOW - index * 1000).toISOString(),
    }));
    await writeTokenCache('production', { keyId: 'k1', tokens, fetchedAt: NOW });
    const first = (await readFirstScreen('production', 'k1'))!;
    expect(firstScreenView(first, NOW, 24)?.rows).toHaveLength(FIRST_SCREEN_ROWS);
    expect(firstScreenView(first, NOW + 2 * HOUR, 24)).toBeUndefined();
  });
});
