import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { BADGE_COLORS, badgeCountText, computeBadge, paintBadge, type BadgeInput } from '@/utils/background/badge';
import { DEFAULT_SETTINGS } from '@/utils/storage';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const formatTime = (ms: number) => new Date(ms).toISOString().slice(11, 16);

function input(overrides: Partial<BadgeInput> = {}): BadgeInput {
  return {
    environment: 'production',
    configured: true,
    snapshot: { neverExpiring: 7, checkedAt: NOW - 60_000 },
    expiringSoon: 2,
    settings: DEFAULT_SETTINGS,
    now: NOW,
    formatTime,
    ...overrides,
  };
}

describe('badgeCountText', () => {
  it.each([
    [0, '0'],
    [1, '1'],
    [999, '999'],
    [1000, '999+'],
    [123456, '999+'],
  ])('%i → %s', (count, text) => expect(badgeCountText(count)).toBe(text));
});

describe('computeBadge', () => {
  it('shows the never-expiring count in red, with the full tooltip', () => {
    expect(computeBadge(input())).toEqual({
      kind: 'ok',
      text: '7',
      color: BADGE_COLORS.danger,
      title: '7 upload tokens never expire (production) · 2 expire within 24 h · checked 11:59',
    });
  });

  it('is empty (and green) when nothing never expires', () => {
    const badge = computeBadge(input({ snapshot: { neverExpiring: 0, checkedAt: NOW } }));
    expect(badge).toMatchObject({ kind: 'clear', text: '', color: BADGE_COLORS.clear });
    expect(badge.title).toContain('0 upload tokens never expire');
  });

  it('uses the singular for one token and leaves out the soon part without a cached list', () => {
    const badge = computeBadge(input({ snapshot: { neverExpiring: 1, checkedAt: NOW }, expiringSoon: undefined }));
    expect(badge.title).toBe('1 upload token never expires (production) · checked 12:00');
  });

  it.each([
    ['not configured', { configured: false }, 'setup', '?', BADGE_COLORS.setup, /add your API key/],
    [
      'an invalid key',
      { snapshot: { neverExpiring: 3, checkedAt: NOW, lastError: { kind: 'invalid-key', message: 'x' } } },
      'invalid-key',
      'KEY',
      BADGE_COLORS.invalidKey,
      /production API key was rejected/,
    ],
    [
      'a key that stopped working',
      { snapshot: { lastError: { kind: 'unauthorized', message: 'x' } } },
      'invalid-key',
      'KEY',
      BADGE_COLORS.invalidKey,
      /rejected/,
    ],
    [
      'offline',
      { snapshot: { neverExpiring: 3, checkedAt: NOW - 1000, lastError: { kind: 'network', message: 'x' } } },
      'offline',
      'OFF',
      BADGE_COLORS.offline,
      /Could not reach api.video \(production\)[\s\S]*3 upload tokens never expire/,
    ],
    [
      'timing out',
      { snapshot: { lastError: { kind: 'timeout', message: 'x' } } },
      'offline',
      'OFF',
      BADGE_COLORS.offline,
      /Could not reach/,
    ],
    [
      'rate limited',
      { snapshot: { lastError: { kind: 'rate-limited', message: 'x' } } },
      'rate-limited',
      'WAIT',
      BADGE_COLORS.rateLimited,
      /rate limiting/,
    ],
    [
      'a server error',
      { snapshot: { lastError: { kind: 'server', message: 'api.video had a server error.' } } },
      'error',
      '!',
      BADGE_COLORS.error,
      /failed \(production\): api.video had a server error/,
    ],
    [
      'stale (older than two intervals)',
      { snapshot: { neverExpiring: 5, checkedAt: NOW - 31 * 60_000 } },
      'stale',
      '5',
      BADGE_COLORS.stale,
      /Out of date: last successful check at 11:29/,
    ],
    ['configured but never counted', { snapshot: {} }, 'stale', '…', BADGE_COLORS.stale, /never expire/],
  ] as const)('%s', (_, overrides, kind, text, color, title) => {
    const badge = computeBadge(input(overrides));
    expect(badge.kind).toBe(kind);
    expect(badge.text).toBe(text);
    expect(badge.color).toBe(color);
    expect(badge.title).toMatch(title);
  });

  it('is not stale within two intervals', () => {
    expect(computeBadge(input({ snapshot: { neverExpiring: 5, checkedAt: NOW - 29 * 60_000 } })).kind).toBe('ok');
  });

  it('names the sandbox environment', () => {
    expect(computeBadge(input({ environment: 'sandbox' })).title).toContain('(sandbox)');
  });

  it('caps the text at 999+', () => {
    expect(computeBadge(input({ snapshot: { neverExpiring: 4321, checkedAt: NOW } })).text).toBe('999+');
  });
});

describe('paintBadge', () => {
  it('writes text, colour and tooltip to the toolbar', async () => {
    await paintBadge({ kind: 'ok', text: '12', color: '#c5221f', title: '12 upload tokens never expire' });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('12');
    expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual([0xc5, 0x22, 0x1f, 255]);
    expect(await fakeBrowser.action.getTitle({})).toBe('12 upload tokens never expire');
  });
});
