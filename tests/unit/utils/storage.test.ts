import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  accountsItem,
  apiKeyItem,
  bulkDeleteItem,
  newAccountId,
  readAccounts,
  DEFAULT_SETTINGS,
  keyInfoItem,
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
    expect(await storage.apiKeyItem('production').getValue()).toEqual({ apiKey: 'secret-key-1234', keyId: 'k1' });
    expect(JSON.stringify(get.mock.calls)).toMatch(/apiKey:production/);
  });

  it('records the version of each item, and forgets it with the value', async () => {
    await apiKeyItem('sandbox').setValue({ apiKey: 'k', keyId: 'id' });
    expect(await fakeBrowser.storage.local.get('apiKey:sandbox$')).toEqual({ 'apiKey:sandbox$': { v: 2 } });
    await apiKeyItem('sandbox').removeValue();
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('reads a value that does not match its schema as invalid, never as data', async () => {
    await fakeBrowser.storage.local.set({ 'bulkDelete:production': { id: 'j1', state: 'running' } });
    expect(await bulkDeleteItem('production').read()).toEqual({ state: 'invalid' });
    expect(await bulkDeleteItem('production').getValue()).toBeNull();
  });

  it.each([
    ['missing', undefined, false],
    ['a refresh interval of 0', { ...DEFAULT_SETTINGS, refreshIntervalMinutes: 0 }, true],
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

describe('settings of versions 1 and 2 (before the rate-limit share, before accounts)', () => {
  const v1Settings = { activeEnvironment: 'sandbox', refreshIntervalMinutes: 5, expiringSoonHours: 48 };
  const { activeEnvironment: _, ...kept } = v1Settings;

  it('read with the default share even before the background migrates them (a page may open first)', async () => {
    await fakeBrowser.storage.local.set({ settings: v1Settings, settings$: { v: 1 } });
    expect(await readSettings()).toEqual({
      settings: { ...kept, rateLimitSharePercent: 50, notifyNewForever: false },
      recovered: false,
    });
  });

  it('are migrated to version 3: the default share added, the active environment dropped, every other choice kept', async () => {
    await fakeBrowser.storage.local.set({ settings: v1Settings, settings$: { v: 1 } });
    await migrateStorage(() => 'id');
    expect(await fakeBrowser.storage.local.get(['settings', 'settings$'])).toEqual({
      settings: { ...kept, rateLimitSharePercent: 50 },
      settings$: { v: 3 },
    });
  });

  it('keep a share that is already there', async () => {
    await fakeBrowser.storage.local.set({
      settings: { ...v1Settings, rateLimitSharePercent: 80 },
      settings$: { v: 2 },
    });
    await migrateStorage(() => 'id');
    expect((await readSettings()).settings).toEqual({ ...kept, rateLimitSharePercent: 80, notifyNewForever: false });
  });
});

describe('account ids', () => {
  it('are the environment for its first account, then the environment and a fresh suffix', () => {
    const suffixes = ['aaaa', 'bbbb'];
    expect(newAccountId('production', new Set())).toBe('production');
    expect(newAccountId('sandbox', new Set(['production']))).toBe('sandbox');
    expect(newAccountId('production', new Set(['production', 'production-aaaa']), () => suffixes.shift()!)).toBe(
      'production-bbbb',
    );
  });
});

const accountName = (environment: string) => (environment === 'production' ? 'Production' : 'Sandbox');

describe('migrateStorage from version 1 (the 0.1.0 release)', () => {
  it('keeps the key, gives it an id, and binds what was learnt with it to that id', async () => {
    await fakeBrowser.storage.local.set(V1_STORE);
    await fakeBrowser.storage.session.set({
      'authTokens:production': { accessToken: 'a', refreshToken: 'r', expiresAt: 1 },
    });
    await migrateStorage(
      () => 'migrated-id',
      accountName,
      () => 1_765_000_000_000,
    );

    // The key becomes the account "Production", under the id its data is already stored at.
    expect(await readAccounts()).toEqual([
      { id: 'production', name: 'Production', environment: 'production', watched: true, addedAt: 1_765_000_000_000 },
    ]);
    expect(await apiKeyItem('production').getValue()).toEqual({
      apiKey: V1_STORE['apiKey:production'],
      keyId: 'migrated-id',
    });
    expect(await keyInfoItem('production').getValue()).toMatchObject({
      keyId: 'migrated-id',
      maskedKey: '••••••••cdef',
    });
    expect(await readSnapshot('production', 'migrated-id')).toEqual({
      keyId: 'migrated-id',
      neverExpiring: 4,
      checkedAt: 1_764_000_000_000,
    }); // 0.1.0's `total` was never read: it is dropped on the way
    expect((await readTokenCache('production', 'migrated-id'))?.tokens).toEqual([
      { token: 'to1', ttl: 0, createdAt: '2026-11-28T10:00:00+00:00' },
    ]);
    expect(await readExpiryIndex('production', 'migrated-id')).toEqual([1_764_003_600_000]);
    expect(await bulkDeleteItem('production').getValue()).toMatchObject({
      id: 'j1',
      keyId: 'migrated-id',
      state: 'running',
      unconfirmed: [],
      retries: 0,
    });
    expect((await readSettings()).settings).toEqual({
      refreshIntervalMinutes: 5,
      expiringSoonHours: 48,
      rateLimitSharePercent: 50, // added in version 2, with its default
      notifyNewForever: false, // added in version 3, off
    });
    // The one job of version 1 now belongs to its account.
    expect(await fakeBrowser.storage.local.get(['bulkDelete', 'bulkDelete$'])).toEqual({});
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

/** What version 2 (before accounts) left: both keys with ids, derived state bound to them, one job. */
const V2_STORE = {
  'apiKey:production': { apiKey: 'prod_key_0123456789abcdef0123456789abcdef', keyId: 'kp' },
  'apiKey:production$': { v: 2 },
  'keyInfo:production': { keyId: 'kp', maskedKey: '••••••••cdef', savedAt: 1 },
  'keyInfo:production$': { v: 1 },
  'apiKey:sandbox': { apiKey: 'sand_key_0123456789abcdef0123456789abcdef', keyId: 'ks' },
  'apiKey:sandbox$': { v: 2 },
  'keyInfo:sandbox': { keyId: 'ks', maskedKey: '••••••••cdef', savedAt: 1 },
  'keyInfo:sandbox$': { v: 1 },
  'snapshot:sandbox': { keyId: 'ks', neverExpiring: 7, checkedAt: 5 },
  'snapshot:sandbox$': { v: 2 },
  'tokenLabels:production': { keyId: 'kp', labels: { to1: 'Mobile app' } },
  'tokenLabels:production$': { v: 1 },
  settings: {
    activeEnvironment: 'sandbox',
    refreshIntervalMinutes: 15,
    expiringSoonHours: 24,
    rateLimitSharePercent: 60,
  },
  settings$: { v: 2 },
  bulkDelete: {
    id: 'j2',
    environment: 'sandbox',
    keyId: 'ks',
    total: 1,
    pending: [],
    inFlight: [],
    deleted: ['to9'],
    alreadyGone: [],
    failed: [],
    unconfirmed: [],
    state: 'done',
    retries: 0,
    startedAt: 1,
    updatedAt: 2,
    finishedAt: 3,
  },
  bulkDelete$: { v: 2 },
};

describe('migrateStorage from version 2 (before accounts)', () => {
  it('turns the two keys into the accounts "Production" and "Sandbox", nothing re-entered and nothing moved', async () => {
    await fakeBrowser.storage.local.set(V2_STORE);
    await migrateStorage(
      () => 'unused',
      accountName,
      () => 9,
    );
    expect(await readAccounts()).toEqual([
      { id: 'production', name: 'Production', environment: 'production', watched: true, addedAt: 9 },
      { id: 'sandbox', name: 'Sandbox', environment: 'sandbox', watched: true, addedAt: 9 },
    ]);
    const after = await fakeBrowser.storage.local.get(null);
    // The keys, their ids and what was learnt with them stay exactly where they were.
    for (const key of [
      'apiKey:production',
      'apiKey:sandbox',
      'keyInfo:sandbox',
      'snapshot:sandbox',
      'tokenLabels:production',
    ])
      expect(after[key]).toEqual(V2_STORE[key as keyof typeof V2_STORE]);
    const { environment: _, ...job } = V2_STORE.bulkDelete;
    expect(await bulkDeleteItem('sandbox').getValue()).toEqual({ ...job, account: 'sandbox' });
    expect(after.bulkDelete).toBeUndefined();
    expect(await accountsItem.read()).toMatchObject({ state: 'ok' });
  });

  it('leaves an existing account list alone, even one without the legacy ids', async () => {
    const accounts = [
      { id: 'production-1234abcd', name: 'Acme', environment: 'production', watched: false, addedAt: 1 },
    ];
    await fakeBrowser.storage.local.set({ accounts: { accounts }, accounts$: { v: 1 } });
    await migrateStorage(() => 'id', accountName);
    expect(await readAccounts()).toEqual(accounts);
  });

  it('makes no account on a fresh install', async () => {
    await migrateStorage(() => 'id', accountName);
    expect(await readAccounts()).toEqual([]);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });
});
