import { describe, expect, it } from 'vitest';
import { scrollTopToReveal, virtualWindow } from '@/utils/ui/virtual-window';

describe('virtualWindow (rows of 64 px, viewport 320 px, overscan 5)', () => {
  const base = { rowHeight: 64, viewportHeight: 320, overscan: 5 };
  it.each([
    ['top of a long list', 0, 10_000, { start: 0, end: 10, totalHeight: 640_000 }],
    ['middle', 64 * 100, 10_000, { start: 95, end: 110, totalHeight: 640_000 }],
    ['half a row scrolled', 64 * 100 + 32, 10_000, { start: 95, end: 111, totalHeight: 640_000 }],
    ['bottom', 640_000 - 320, 10_000, { start: 9990, end: 10_000, totalHeight: 640_000 }],
    ['past the bottom (clamped)', 10_000_000, 10_000, { start: 9990, end: 10_000, totalHeight: 640_000 }],
    ['negative (rubber-band scroll)', -50, 10_000, { start: 0, end: 10, totalHeight: 640_000 }],
    ['shorter than the viewport', 0, 3, { start: 0, end: 3, totalHeight: 192 }],
    ['empty', 0, 0, { start: 0, end: 0, totalHeight: 0 }],
  ])('%s', (_, scrollTop, count, expected) => {
    expect(virtualWindow({ ...base, scrollTop, count })).toEqual(expected);
  });

  it('renders a bounded number of rows however long the list', () => {
    const { start, end } = virtualWindow({ ...base, scrollTop: 64 * 5000, count: 1_000_000 });
    expect(end - start).toBeLessThanOrEqual(320 / 64 + 1 + 2 * 5);
  });
});

describe('scrollTopToReveal', () => {
  it.each([
    ['already visible', 2, 0, null],
    ['above the viewport', 3, 64 * 10, 64 * 3],
    ['below the viewport', 10, 0, 64 * 11 - 320],
    ['last fully visible row', 4, 0, null],
    ['partly below', 5, 0, 64],
  ])('%s', (_, index, scrollTop, expected) => {
    expect(scrollTopToReveal(index, scrollTop, 320, 64)).toBe(expected);
  });
});
