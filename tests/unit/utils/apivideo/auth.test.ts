import { describe, expect, it } from 'vitest';
import { createMemoryAuthStore, safetyMarginMs } from '@/utils/apivideo/auth';

describe('safetyMarginMs', () => {
  it.each([
    [3600, 60_000],
    [3599, 60_000],
    [600, 60_000],
    [300, 30_000],
    [10, 1_000],
  ])('renews a %i s token %i ms early (60 s or 10 %, whichever is smaller)', (expiresIn, margin) => {
    expect(safetyMarginMs(expiresIn)).toBe(margin);
  });
});

describe('createMemoryAuthStore', () => {
  it('keeps a copy until cleared', async () => {
    const store = createMemoryAuthStore();
    const tokens = { accessToken: 'a', refreshToken: 'r', expiresAt: 1 };
    await store.set(tokens);
    tokens.accessToken = 'changed';
    expect(await store.get()).toEqual({ accessToken: 'a', refreshToken: 'r', expiresAt: 1 });
    await store.clear();
    expect(await store.get()).toBeUndefined();
  });
});
