import { describe, expect, it } from 'vitest';
import { formatDuration, formatRelative, splitDuration } from '@/utils/ui/duration';

const NOW = Date.parse('2025-03-01T12:00:00Z');

describe('splitDuration', () => {
  it.each([
    [0, { days: 0, hours: 0, minutes: 0, seconds: 0 }],
    [59, { days: 0, hours: 0, minutes: 0, seconds: 59 }],
    [3661, { days: 0, hours: 1, minutes: 1, seconds: 1 }],
    [90_061, { days: 1, hours: 1, minutes: 1, seconds: 1 }],
    [-5, { days: 0, hours: 0, minutes: 0, seconds: 0 }],
    [12.9, { days: 0, hours: 0, minutes: 0, seconds: 12 }],
  ])('%s s', (seconds, parts) => {
    expect(splitDuration(seconds)).toEqual(parts);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, 2, '0 s'],
    [45, 2, '45 s'],
    [900, 2, '15 min'],
    [3600, 2, '1 h'],
    [5400, 2, '1 h 30 min'],
    [86_400, 2, '1 day'],
    [7 * 86_400, 2, '7 days'],
    [2 * 86_400 + 3 * 3600 + 59, 2, '2 days 3 h'],
    // Units below the largest `maxUnits` are dropped, never rounded up.
    [3599, 1, '59 min'],
    [2 * 86_400 + 3 * 3600 + 4 * 60 + 5, 4, '2 days 3 h 4 min 5 s'],
    // A zero unit in the middle is skipped, not shown as "0 h".
    [86_400 + 60, 2, '1 day'],
    [86_400 + 60, 3, '1 day 1 min'],
  ])('%s s, %s units → %s', (seconds, units, text) => {
    expect(formatDuration(seconds, units)).toBe(text);
  });
});

describe('formatRelative', () => {
  it.each([
    [NOW + 3 * 3600 * 1000, 'in 3 h'],
    [NOW + 3 * 3600 * 1000 + 59 * 60 * 1000, 'in 3 h'],
    [NOW - 2 * 60 * 1000, '2 min ago'],
    [NOW - 10 * 1000, 'just now'],
    [NOW + 30 * 1000, 'just now'],
    [NOW + 90 * 1000, 'in 1 min'],
    [NOW + 3 * 86_400 * 1000, 'in 3 days'],
    [NOW - 86_400 * 1000, '1 day ago'],
  ])('%s → %s', (target, text) => {
    expect(formatRelative(target, NOW)).toBe(text);
  });
});
