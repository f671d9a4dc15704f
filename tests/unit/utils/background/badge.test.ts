import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  BADGE_COLORS,
  badgeCountText,
  computeBadge,
  paintBadge,
  type AccountBadgeInput,
  type BadgeInput,
} from '@/utils/background/badge';
import { DEFAULT_SETTINGS } from '@/utils/storage';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const formatTime = (ms: number) => new Date(ms).toISOString().slice(11, 16);

function account(overrides: Partial<AccountBadgeInput> = {}): AccountBadgeInput {
  return {
    name: 'production',
    configured: true,
    snapshot: { neverExpiring: 7, checkedAt: NOW - 60_000 },
    expiringSoon: 2,
    ...overrides,
  };
}

/** One watched account, as every install had before accounts. */
function input(overrides: Partial<AccountBadgeInput> = {}): BadgeInput {
  return several([account(overrides)]);
}

function several(accounts: AccountBadgeInput[]): BadgeInput {
  return { accounts, settings: DEFAULT_SETTINGS, now: NOW, formatTime };
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
    [
      'an account without a key',
      { configured: false },
      'setup',
      '?',
      BADGE_COLORS.setup,
      /No API key is saved for production/,
    ],
    [
      'an invalid key',
      { snapshot: { neverExpiring: 3, checkedAt: NOW, lastError: { kind: 'invalid-key', message: 'x' } } },
      'invalid-key',
      'KEY',
      BADGE_COLORS.invalidKey,
      /API key of production was rejected/,
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

  it('names the account', () => {
    expect(computeBadge(input({ name: 'Acme staging' })).title).toContain('(Acme staging)');
  });

  it('asks for a key when there is no account at all', () => {
    expect(computeBadge(several([]))).toMatchObject({
      kind: 'setup',
      text: '?',
      title: expect.stringMatching(/add your API key/),
    });
  });

  it('is empty, and says why, when no account is watched', () => {
    expect(computeBadge({ ...several([]), noneWatched: true })).toMatchObject({
      kind: 'clear',
      text: '',
      title: expect.stringMatching(/no account is watched/),
    });
  });

  it('caps the text at 999+', () => {
    expect(computeBadge(input({ snapshot: { neverExpiring: 4321, checkedAt: NOW } })).text).toBe('999+');
  });
});

describe('computeBadge over several accounts', () => {
  const acme = account({ name: 'Acme', snapshot: { neverExpiring: 12, checkedAt: NOW - 60_000 }, expiringSoon: 1 });
  const shop = account({ name: 'Shop', snapshot: { neverExpiring: 30, checkedAt: NOW - 60_000 }, expiringSoon: 0 });

  it('sums the counts, and lists each account in the tooltip', () => {
    expect(computeBadge(several([acme, shop]))).toEqual({
      kind: 'ok',
      text: '42',
      color: BADGE_COLORS.danger,
      title: [
        '42 upload tokens never expire in 2 accounts',
        '12 upload tokens never expire (Acme) · 1 expire within 24 h · checked 11:59',
        '30 upload tokens never expire (Shop) · 0 expire within 24 h · checked 11:59',
      ].join('\n'),
    });
  });

  it('shows a failing account in its state and names it, without hiding the others’ counts', () => {
    const rejected = account({
      name: 'Old client',
      snapshot: { neverExpiring: 5, checkedAt: NOW - 60_000, lastError: { kind: 'invalid-key', message: 'x' } },
    });
    const badge = computeBadge(several([acme, rejected, shop]));
    expect(badge.kind).toBe('invalid-key');
    expect(badge.color).toBe(BADGE_COLORS.invalidKey);
    expect(badge.text).toBe('47'); // the last known count of the failing account still counts
    const lines = badge.title.split('\n');
    expect(lines[0]).toBe('47 upload tokens never expire in 3 accounts');
    expect(lines[1]).toMatch(/\(Acme\)/);
    expect(lines[2]).toMatch(/^The API key of Old client was rejected/);
    expect(lines[3]).toMatch(/\(Shop\)/);
  });

  it('takes the worst state of all: a rejected key before an offline account before a stale one', () => {
    const offline = account({ name: 'B', snapshot: { lastError: { kind: 'network', message: 'x' } } });
    const stale = account({ name: 'C', snapshot: { neverExpiring: 1, checkedAt: NOW - 60 * 60_000 } });
    const rejected = account({ name: 'D', snapshot: { lastError: { kind: 'unauthorized', message: 'x' } } });
    expect(computeBadge(several([acme, stale])).kind).toBe('stale');
    expect(computeBadge(several([stale, offline, acme])).kind).toBe('offline');
    expect(computeBadge(several([offline, rejected, stale])).kind).toBe('invalid-key');
  });

  it('shows the failure’s own text when no account has a count yet', () => {
    const offline = account({ name: 'B', snapshot: { lastError: { kind: 'network', message: 'x' } } });
    const never = account({ name: 'C', snapshot: {} });
    expect(computeBadge(several([offline, never]))).toMatchObject({ kind: 'offline', text: 'OFF' });
  });

  it('is clear only when every account is clear', () => {
    const clear = account({ name: 'E', snapshot: { neverExpiring: 0, checkedAt: NOW } });
    expect(computeBadge(several([clear, { ...clear, name: 'F' }]))).toMatchObject({ kind: 'clear', text: '' });
    expect(computeBadge(several([clear, acme]))).toMatchObject({ kind: 'ok', text: '12' });
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
