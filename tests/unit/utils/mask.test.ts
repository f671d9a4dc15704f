import { describe, expect, it } from 'vitest';
import { maskSecret, maskToken } from '@/utils/mask';

describe('maskSecret', () => {
  it.each([
    ['a typical key', 'PHbA8kDMcZ6IBnq2dxwD3lHsPNOgbG1vuxkq8NQoMyE', '••••••••oMyE'],
    ['nine characters', '123456789', '••••••••6789'],
    ['eight characters', '12345678', '••••••••'],
    ['one character', 'x', '••••••••'],
    ['empty', '', '••••••••'],
  ])('%s', (_label, input, expected) => {
    expect(maskSecret(input)).toBe(expected);
  });
});

describe('maskToken', () => {
  it.each([
    ['an api.video token', 'to1tcmSFHeYY5KzyhOqVKMKb', 'to1tcm…KMKb'],
    ['exactly 20 characters', 'abcdefghijklmnopqrst', 'abcdef…qrst'],
    ['19 characters', 'abcdefghijklmnopqrs', 'abc…qrs'],
    ['9 characters', 'abcdefghi', 'ab…i'],
    ['6 characters', 'abcdef', 'a…f'],
    ['5 characters', 'abcde', '…'],
    ['empty', '', '…'],
  ])('%s', (_label, input, expected) => {
    expect(maskToken(input)).toBe(expected);
  });

  it('never reveals more than a third of a short token', () => {
    for (let length = 0; length < 20; length++) {
      const token = 'x'.repeat(length);
      const revealed = maskToken(token).replace('…', '').length;
      expect(revealed).toBeLessThanOrEqual(Math.floor(length / 3));
    }
  });
});
