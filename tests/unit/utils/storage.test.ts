import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  apiKeyItems,
  bulkDeleteItem,
  DEFAULT_SETTINGS,
  keyInfoItems,
  migrateStorage,
  readExpiryIndex,
  readSettings,
  readSnapshot,
  readTokenCache,
} from '@/utils/storage';

/** What version 0.1.0 of the extension left in storage.local (copied from a real profile's shapes). */
const V1_STORE = {
  'apiKey:production': 'prod_key_0123456789abcdef0123456789abcdef',
  'apiKey:production$': { v: 1 },
  'snapshot:production': { neverExpiring: 4, total: 12, checkedAt: 1_764_000_000_000 },
  'snapshot:production$': { v: 1 },
  'tokenCache:production': {
    tokensJson: JSON.stringify([{ token: 'to1', ttl: 0, createdAt: '2026-11-28T10:00:00+00:00' }]),
    fetchedAt: 1_764_000_000_000,
  },
  'tokenCache:production$': { v: 1 },
  'tokenExpiries:production': '[1764003600000]',
  'tokenExpiries:production$': { v: 1 },
  // A sandbox snapshot left without a key (forgotten, then a crash): nothing to bind it to.
  'snapshot:sandbox': { neverExpiring: 1 },
  'snapshot:sandbox$': { v: 1 },
  settings: { activeEnvironment: 'production', refreshIntervalMinutes: 5, expiringSoonHours: 48 },
  settings$: { v: 1 },
  bulkDelete: {
    id: 'j1',
    environment: 'production',
    total: 2,
    pending: ['to2'],
    inFlight: [],
    deleted: ['to1'],
    alreadyGone: [],
    failed: [],
    state: 'running',
    startedAt: 1,
    updatedAt: 2,
  },
  bulkDelete$: { v: 1 },
};

describe('utils/storage', () => {
  it('reads neither the API key nor the token caches just by being imported (pages import it too)', async () => {
    await fakeBrowser.storage.local.set({
      'apiKey:production': { apiKey: 'secret-key-1234', keyId: 'k1' },
      'tokenCache:production': { keyId: 'k1', tokensJson: '[]', fetchedAt: 1 },
    });
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    vi.resetModules();
    const storage = await import('@/utils/storage');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const asked = JSON.stringify(get.mock.calls);
    expect(asked).not.toMatch(/apiKey|tokenCache|tokenExpiries/);
    // …and still reads them when asked.
    expect(await storage.apiKeyItems.production.getValue()).toEqual({ apiKey: 'secret-key-1234', keyId: 'k1' });
    expect(JSON.stringify(get.mock.calls)).toMatch(/apiKey:production/);
  });

  it('records the version of each item, and forgets it with the value', async () => {
    await apiKeyItems.sandbox.setValue({ apiKey: 'k', keyId: 'id' });
    expect(await fakeBrowser.storage.local.get('apiKey:sandbox$')).toEqual({ 'apiKey:sandbox$': { v: 2 } });
    await apiKeyItems.sandbox.removeValue();
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('reads a value that does not match its schema as invalid, never as data', async () => {
    await fakeBrowser.storage.local.set({ bulkDelete: { id: 'j1', state: 'running' } });
    expect(await bulkDeleteItem.read()).toEqual({ state: 'invalid' });
    expect(await bulkDeleteItem.getValue()).toBeNull();
  });

  it.each([
    ['missing', undefined, false],
    ['a refresh interval of 0', { ...DEFAULT_SETTINGS, refreshIntervalMinutes: 0 }, true],
    ['an unknown environment', { ...DEFAULT_SETTINGS, activeEnvironment: 'staging' }, true],
    ['not an object', 'fast', true],
    ['a rate-limit share of 5 %', { ...DEFAULT_SETTINGS, rateLimitSharePercent: 5 }, true],
    ['a rate-limit share over 100 %', { ...DEFAULT_SETTINGS, rateLimitSharePercent: 150 }, true],
    ['a rate-limit share of 33.3 %', { ...DEFAULT_SETTINGS, rateLimitSharePercent: 33.3 }, true],
  ])(
    'settings that are %s fall back to the defaults, and say so when something was there',
    async (_, stored, recovered) => {
      if (stored !== undefined) await fakeBrowser.storage.local.set({ settings: stored });
      expect(await readSettings()).toEqual({ settings: DEFAULT_SETTINGS, recovered });
    },
  );
});

describe('settings of version 1 (before the rate-limit share)', () => {
  const v1Settings = { activeEnvironment: 'sandbox', refreshIntervalMinutes: 5, expiringSoonHours: 48 };

  it('read with the default share even before the background migrates them (a page may open first)', async () => {
    await fakeBrowser.storage.local.set({ settings: v1Settings, settings$: { v: 1 } });
    expect(await readSettings()).toEqual({ settings: { ...v1Settings, rateLimitSharePercent: 50 }, recovered: false });
  });

  it('are migrated to version 2 with the default share, keeping every other choice', async () => {
    await fakeBrowser.storage.local.set({ settings: v1Settings, settings$: { v: 1 } });
    await migrateStorage(() => 'id');
    expect(await fakeBrowser.storage.local.get(['settings', 'settings$'])).toEqual({
      settings: { ...v1Settings, rateLimitSharePercent: 50 },
      settings$: { v: 2 },
    });
  });

  it('keep a share that is already there (a version 2 value is left alone)', async () => {
    const v2 = { ...v1Settings, rateLimitSharePercent: 80 };
    await fakeBrowser.storage.local.set({ settings: v2, settings$: { v: 2 } });
    await migrateStorage(() => 'id');
    expect((await readSettings()).settings).toEqual(v2);
  });
});

describe('migrateStorage from version 1 (the 0.1.0 release)', () => {
  it('keeps the key, gives it an id, and binds what was learnt with it to that id', async () => {
    await fakeBrowser.storage.local.set(V1_STORE);
    await fakeBrowser.storage.session.set({
      'authTokens:production': { accessToken: 'a', refreshToken: 'r', expiresAt: 1 },
    });
    await migrateStorage(() => 'migrated-id');

    expect(await apiKeyItems.production.getValue()).toEqual({
      apiKey: V1_STORE['apiKey:production'],
      keyId: 'migrated-id',
    });
    expect(await keyInfoItems.production.getValue()).toMatchObject({ keyId: 'migrated-id', maskedKey: '••••••••cdef' });
    expect(await readSnapshot('production', 'migrated-id')).toEqual({
      keyId: 'migrated-id',
      neverExpiring: 4,
      checkedAt: 1_764_000_000_000,
    }); // 0.1.0's `total` was never read: it is dropped on the way
    expect((await readTokenCache('production', 'migrated-id'))?.tokens).toEqual([
      { token: 'to1', ttl: 0, createdAt: '2026-11-28T10:00:00+00:00' },
    ]);
    expect(await readExpiryIndex('production', 'migrated-id')).toEqual([1_764_003_600_000]);
    expect(await bulkDeleteItem.getValue()).toMatchObject({
      id: 'j1',
      keyId: 'migrated-id',
      state: 'running',
      unconfirmed: [],
      retries: 0,
    });
    expect((await readSettings()).settings).toEqual({
      activeEnvironment: 'production',
      refreshIntervalMinutes: 5,
      expiringSoonHours: 48,
      rateLimitSharePercent: 50, // added in version 2, with its default
    });
    expect(await fakeBrowser.storage.local.get(['settings', 'settings$'])).toEqual({
      settings: { ...V1_STORE.settings, rateLimitSharePercent: 50 },
      settings$: { v: 2 },
    });
    // What cannot be bound to a key is gone; session tokens of v1 cost one key exchange.
    expect(await fakeBrowser.storage.local.get(['snapshot:sandbox', 'snapshot:sandbox$'])).toEqual({});
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  it('is idempotent: a second run changes nothing', async () => {
    await fakeBrowser.storage.local.set(V1_STORE);
    await migrateStorage(() => 'first');
    const once = await fakeBrowser.storage.local.get(null);
    await migrateStorage(() => 'second');
    expect(await fakeBrowser.storage.local.get(null)).toEqual(once);
  });
});
