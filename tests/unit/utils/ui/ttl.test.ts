import { describe, expect, it } from 'vitest';
import { MAX_TTL_SECONDS } from '@/utils/apivideo/types';
import { maxTtlIn, parseCustomTtl, parseWholeNumber, TTL_PRESETS, type TtlUnit } from '@/utils/ui/ttl';

describe('TTL_PRESETS', () => {
  it('offers 15 min, 1 h, 24 h and 7 days', () => {
    expect(TTL_PRESETS.map((preset) => preset.seconds)).toEqual([900, 3600, 86_400, 604_800]);
  });
});

describe('parseWholeNumber', () => {
  it.each([
    ['12', { ok: true, value: 12 }],
    ['  7 ', { ok: true, value: 7 }],
    ['0', { ok: true, value: 0 }],
    ['', { ok: false, problem: 'empty' }],
    ['   ', { ok: false, problem: 'empty' }],
    ['1.5', { ok: false, problem: 'not-whole' }],
    ['-2', { ok: false, problem: 'not-whole' }],
    ['1e3', { ok: false, problem: 'not-whole' }],
    ['ten', { ok: false, problem: 'not-whole' }],
  ])('%j', (raw, expected) => {
    expect(parseWholeNumber(raw)).toEqual(expected);
  });
});

describe('parseCustomTtl', () => {
  it.each<[string, TtlUnit, ReturnType<typeof parseCustomTtl>]>([
    ['90', 'minutes', { ok: true, seconds: 5400 }],
    ['3', 'hours', { ok: true, seconds: 10_800 }],
    ['30', 'days', { ok: true, seconds: 2_592_000 }],
    ['0', 'hours', { ok: false, problem: 'too-small' }],
    ['', 'days', { ok: false, problem: 'empty' }],
    ['2.5', 'hours', { ok: false, problem: 'not-whole' }],
    [String(maxTtlIn('days')), 'days', { ok: true, seconds: maxTtlIn('days') * 86_400 }],
    [String(maxTtlIn('days') + 1), 'days', { ok: false, problem: 'too-large' }],
    ['99999999', 'minutes', { ok: false, problem: 'too-large' }],
  ])('%j %s', (raw, unit, expected) => {
    expect(parseCustomTtl(raw, unit)).toEqual(expected);
  });

  it.each<TtlUnit>(['minutes', 'hours', 'days'])('never goes past api.video’s maximum in %s', (unit) => {
    const parsed = parseCustomTtl(String(maxTtlIn(unit)), unit);
    expect(parsed.ok && parsed.seconds <= MAX_TTL_SECONDS).toBe(true);
  });
});
