import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

describe('utils/storage', () => {
  it('reads neither the API key nor the token caches just by being imported (pages import it too)', async () => {
    await fakeBrowser.storage.local.set({ 'apiKey:production': 'secret-key-1234', 'tokenCache:production': { tokensJson: '[]', fetchedAt: 1 } });
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    vi.resetModules();
    const storage = await import('@/utils/storage');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const asked = JSON.stringify(get.mock.calls);
    expect(asked).not.toMatch(/apiKey|tokenCache|tokenExpiries/);
    // …and still reads them when asked.
    expect(await storage.apiKeyItems.production.getValue()).toBe('secret-key-1234');
    expect(JSON.stringify(get.mock.calls)).toMatch(/apiKey:production/);
  });

  it('records the version of lazily read items, and forgets it with the value', async () => {
    const { apiKeyItems } = await import('@/utils/storage');
    await apiKeyItems.sandbox.setValue('k');
    expect(await fakeBrowser.storage.local.get('apiKey:sandbox$')).toEqual({ 'apiKey:sandbox$': { v: 1 } });
    await apiKeyItems.sandbox.removeValue();
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });
});
