import { describe, expect, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { REFRESH_ALARM } from '@/utils/background/schedule';
import { sendRequest } from '@/utils/messaging';
import {
  apiKeyItem,
  authTokenItem,
  DEFAULT_SETTINGS,
  keyInfoItem,
  readAccounts,
  readSettings,
  settingsItem,
  snapshotItem,
} from '@/utils/storage';
import { cachedTokens, extensionPageSender, it } from '../../../helpers/background';

/** Everything in every storage area, as text. */
async function dumpStorage() {
  const [local, session, sync] = await Promise.all([
    fakeBrowser.storage.local.get(),
    fakeBrowser.storage.session.get(),
    fakeBrowser.storage.sync.get(),
  ]);
  return { local: JSON.stringify(local), session: JSON.stringify(session), sync: JSON.stringify(sync) };
}

describe('storage areas', () => {
  it('keeps the key in local only and access/refresh tokens in session only', async ({ startBackground }) => {
    const { keys, request } = await startBackground({ seed: { count: 30, neverExpiring: 4 } });
    expect((await request('refreshList', { account: 'production' })).ok).toBe(true);
    const auth = await authTokenItem('production').getValue();
    expect(auth?.accessToken).toBeTruthy();
    const dump = await dumpStorage();
    expect(dump.local).toContain(keys.production);
    expect(dump.session).not.toContain(keys.production);
    expect(dump.sync).toBe('{}');
    expect(dump.local).not.toContain(auth!.accessToken);
    expect(dump.local).not.toContain(auth!.refreshToken);
    expect(dump.session).toContain(auth!.accessToken);
  });
});

describe('sender and payload checks', () => {
  it.for([
    [
      'a content script',
      { id: 'test-extension-id', url: 'https://example.com/', tab: { id: 1, url: 'https://example.com/' } },
    ],
    ['another extension', { id: 'other-extension', url: 'chrome-extension://other-extension/popup.html' }],
    ['a web page', { url: 'https://evil.example/' }],
    ['an empty sender (what the fake browser passes)', {}],
  ] as const)('refuses %s and changes nothing', async ([_, sender], { startBackground }) => {
    const { background, server } = await startBackground();
    const before = await dumpStorage();
    const requestsBefore = server.requests.length;
    for (const message of [
      { type: 'removeAccount', payload: { account: 'production' } },
      { type: 'createToken', payload: { ttl: 0 } },
      { type: 'refreshList', payload: { account: 'production' } },
    ]) {
      const reply = await background.handleMessage(message, sender as never);
      expect(reply).toMatchObject({ ok: false, error: { kind: 'forbidden-sender' } });
    }
    expect(await dumpStorage()).toEqual(before);
    expect(server.requests.length).toBe(requestsBefore);
  });

  it.for([
    ['no type', { payload: {} }],
    ['an unknown type', { type: 'readKey', payload: {} }],
    ['a bad payload', { type: 'createToken', payload: { ttl: 'forever' } }],
    ['a string', 'refreshList'],
    ['a request without its environment', { type: 'createToken', payload: { ttl: 60 } }],
  ] as const)('rejects a malformed message (%s) and changes nothing', async ([_, message], { startBackground }) => {
    const { background, server } = await startBackground();
    const before = await dumpStorage();
    const requestsBefore = server.requests.length;
    const reply = await background.handleMessage(message, extensionPageSender());
    expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
    expect(await dumpStorage()).toEqual(before);
    expect(server.requests.length).toBe(requestsBefore);
  });
});

describe('addAccount', () => {
  it('validates the key with api.video, stores it and counts at once', async ({ startBackground }) => {
    const { server, keys, request } = await startBackground({ withKey: false, seed: { count: 12, neverExpiring: 5 } });
    const reply = await request('addAccount', {
      name: 'Production',
      environment: 'production',
      apiKey: keys.production,
    });
    expect(reply).toEqual({ ok: true, account: 'production' });
    expect(await readAccounts()).toEqual([
      { id: 'production', name: 'Production', environment: 'production', watched: true, addedAt: expect.any(Number) },
    ]);
    expect(await keyInfoItem('production').getValue()).toMatchObject({
      maskedKey: `••••••••${keys.production.slice(-4)}`,
    });
    expect((await apiKeyItem('production').getValue())?.apiKey).toBe(keys.production);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('5');
    expect(server.requests.some((r) => r.path === '/auth/api-key')).toBe(true);
  });

  it.for([400, 401] as const)(
    'does not store a key api.video rejects (answered %i)',
    async (invalidKeyStatus, { startBackground }) => {
      const { request } = await startBackground({ withKey: false, serverOptions: { invalidKeyStatus } });
      const reply = await request('addAccount', {
        name: 'Production',
        environment: 'production',
        apiKey: 'not-a-real-key-123456',
      });
      expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid-key' } });
      if (!reply.ok) expect(reply.error.message).toMatch(/rejected this API key/);
      expect(await apiKeyItem('production').getValue()).toBeNull();
    },
  );

  it('hints at the other environment when the key belongs there', async ({ startBackground }) => {
    const { keys, request } = await startBackground({ withKey: false });
    const reply = await request('addAccount', { name: 'Production', environment: 'production', apiKey: keys.sandbox });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid-key', otherEnvironment: 'sandbox' } });
    if (!reply.ok)
      expect(reply.error.message).toBe(
        'This key is not valid for production, but it works for sandbox. Save it under sandbox instead.',
      );
    expect(await apiKeyItem('production').getValue()).toBeNull();
    expect(await readAccounts()).toEqual([]);
  });

  it('says what happened when api.video cannot be reached, and stores nothing', async ({ startBackground }) => {
    const { server, keys, request } = await startBackground({ withKey: false });
    server.setOffline(true);
    const reply = await request('addAccount', {
      name: 'Production',
      environment: 'production',
      apiKey: keys.production,
    });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'network' } });
    expect(await apiKeyItem('production').getValue()).toBeNull();
    expect(await readAccounts()).toEqual([]);
  });

  it('refuses an empty key without calling api.video', async ({ startBackground }) => {
    const { server, request } = await startBackground({ withKey: false });
    const reply = await request('addAccount', { name: 'Production', environment: 'production', apiKey: '   ' });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'invalid-key', message: 'Enter an API key first.' } });
    expect(server.requests).toHaveLength(0);
  });
});

describe('removeAccount', () => {
  it('removes the key, session tokens and cached data of that account only', async ({ startBackground }) => {
    const { request, keys } = await startBackground({ seed: { count: 5, neverExpiring: 1 } });
    await request('addAccount', { name: 'Sandbox', environment: 'sandbox', apiKey: keys.sandbox });
    await request('refreshList', { account: 'production' });
    expect(await cachedTokens('production')).not.toBeNull();
    expect((await request('removeAccount', { account: 'production' })).ok).toBe(true);
    expect(await apiKeyItem('production').getValue()).toBeNull();
    expect(await authTokenItem('production').getValue()).toBeNull();
    expect(await cachedTokens('production')).toBeNull();
    expect(await snapshotItem('production').getValue()).toBeNull();
    expect((await apiKeyItem('sandbox').getValue())?.apiKey).toBe(keys.sandbox);
    expect((await readAccounts()).map((account) => account.id)).toEqual(['sandbox']);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });
});

describe('forgetting a key while api.video is still answering', () => {
  it('writes nothing back: no cache, no count, and the listing says there is no key', async ({ startBackground }) => {
    const { request, server, background } = await startBackground({
      seed: { count: 300, neverExpiring: 7 },
      serverOptions: { latencyMs: 60 },
    });
    const listing = request('refreshList', { account: 'production' });
    const counting = background.refresher.refreshCount('production');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await request('removeAccount', { account: 'production' })).ok).toBe(true);
    expect(await listing).toMatchObject({ ok: false, error: { kind: 'key-changed' } });
    await counting;
    expect(server.requests.some((r) => r.method === 'GET')).toBe(true);
    expect(await cachedTokens('production')).toBeNull();
    expect(await snapshotItem('production').getValue()).toBeNull();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('?');
  });
});

describe('what pages can read', () => {
  it('keyInfo and snapshot hold the masked key and the counts of that key, and never a secret', async ({
    startBackground,
  }) => {
    const { request, keys } = await startBackground({ seed: { count: 20, neverExpiring: 3, expiringSoon: 2 } });
    await request('refreshList', { account: 'production' });
    const keyInfo = await keyInfoItem('production').getValue();
    expect(keyInfo).toMatchObject({ maskedKey: `••••••••${keys.production.slice(-4)}` });
    expect(await snapshotItem('production').getValue()).toMatchObject({
      keyId: keyInfo!.keyId,
      neverExpiring: 3,
    });
    expect(await keyInfoItem('sandbox').getValue()).toBeNull();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('3');
    expect(await fakeBrowser.action.getTitle({})).toMatch(/2 expire within 24 h/);
    const auth = await authTokenItem('production').getValue();
    const text = JSON.stringify([keyInfo, await snapshotItem('production').getValue()]);
    expect(text).not.toContain(keys.production);
    expect(text).not.toContain(auth!.accessToken);
    expect(text).not.toContain(auth!.refreshToken);
  });
});

describe('updateSettings', () => {
  it('re-creates the refresh alarm with the new interval', async ({ startBackground }) => {
    const { request } = await startBackground();
    expect((await fakeBrowser.alarms.get(REFRESH_ALARM))?.periodInMinutes).toBe(15);
    const reply = await request('updateSettings', { refreshIntervalMinutes: 5 });
    expect(reply).toEqual({ ok: true });
    expect((await readSettings()).settings.refreshIntervalMinutes).toBe(5);
    expect((await fakeBrowser.alarms.get(REFRESH_ALARM))?.periodInMinutes).toBe(5);
  });

  it('no longer watching the only account empties the badge and says why', async ({ startBackground }) => {
    const { request } = await startBackground({ seed: { count: 4, neverExpiring: 2 } });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
    expect(await request('updateAccount', { account: 'production', watched: false })).toEqual({ ok: true });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect(await fakeBrowser.action.getTitle({})).toMatch(/no account is watched/);
    await request('updateAccount', { account: 'production', watched: true });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
  });

  it('a field sent as undefined (Firefox keeps it through structured clone) changes nothing', async ({
    startBackground,
  }) => {
    const { request } = await startBackground();
    const reply = await request('updateSettings', { refreshIntervalMinutes: undefined, expiringSoonHours: 48 });
    expect(reply).toEqual({ ok: true });
    expect(await settingsItem.getValue()).toEqual({ ...DEFAULT_SETTINGS, expiringSoonHours: 48 });
    expect((await fakeBrowser.alarms.get(REFRESH_ALARM))?.periodInMinutes).toBe(15);
  });

  it('saves the rate-limit share, and keeps it when another setting changes', async ({ startBackground }) => {
    const { request } = await startBackground();
    expect(await request('updateSettings', { rateLimitSharePercent: 80 })).toEqual({ ok: true });
    expect(await request('updateSettings', { expiringSoonHours: 48 })).toEqual({ ok: true });
    expect(await settingsItem.getValue()).toEqual({
      ...DEFAULT_SETTINGS,
      expiringSoonHours: 48,
      rateLimitSharePercent: 80,
    });
    expect(await request('updateSettings', { rateLimitSharePercent: 0 })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-request' },
    });
    expect((await readSettings()).settings.rateLimitSharePercent).toBe(80);
  });
});

describe('token calls', () => {
  it('lists every token into the cache (the reply carries no list: pages read the cache)', async ({
    startBackground,
  }) => {
    const { server, request } = await startBackground({ seed: { count: 250, neverExpiring: 10 } });
    expect(await cachedTokens('production')).toBeNull();
    expect(await request('refreshList', { account: 'production' })).toEqual({ ok: true });
    const cache = await cachedTokens('production');
    expect(cache?.tokens).toHaveLength(250);
    expect(new Set(cache!.tokens.map((t) => t.token))).toEqual(
      new Set(server.tokens('production').map((t) => t.token)),
    );
  });

  it('gets one token, also from a pasted upload URL', async ({ startBackground }) => {
    const { server, request } = await startBackground();
    const token = server.addToken('production', { ttl: 3600 });
    expect(await request('getToken', { account: 'production', token: token.token })).toEqual({ ok: true, token });
    expect(
      await request('getToken', {
        account: 'production',
        token: `https://ws.api.video/upload?token=${token.token}`,
      }),
    ).toEqual({ ok: true, token });
    expect(await request('getToken', { account: 'production', token: 'to0000000000000000000000' })).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    });
  });

  it('creates a never-expiring token and the badge goes up', async ({ startBackground }) => {
    const { server, request } = await startBackground({ seed: { count: 3, neverExpiring: 1 } });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    const reply = await request('createToken', { account: 'production', ttl: 0 });
    expect(reply.ok && reply.token.ttl).toBe(0);
    expect(server.tokens('production')).toHaveLength(4);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
  });

  it('deletes a token: gone from the server, the cache and the badge', async ({ startBackground }) => {
    const { server, request } = await startBackground({ seed: { count: 3, neverExpiring: 2 } });
    await request('refreshList', { account: 'production' });
    const victim = server.tokens('production').find((t) => t.ttl === 0)!;
    expect(await request('deleteToken', { account: 'production', token: victim.token })).toEqual({
      ok: true,
      result: 'deleted',
    });
    expect(server.tokens('production').map((t) => t.token)).not.toContain(victim.token);
    expect((await cachedTokens('production'))!.tokens.map((t) => t.token)).not.toContain(victim.token);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    expect(await request('deleteToken', { account: 'production', token: victim.token })).toEqual({
      ok: true,
      result: 'already-gone',
    });
  });

  it('answers no-key when the environment has no key', async ({ startBackground }) => {
    const { request } = await startBackground({ withKey: false });
    for (const reply of [
      await request('refreshList', { account: 'production' }),
      await request('createToken', { account: 'production', ttl: 60 }),
      await request('startBulkDelete', { account: 'production', tokens: ['to1'] }),
    ]) {
      expect(reply).toMatchObject({ ok: false, error: { kind: 'no-key' } });
    }
  });
});

describe('failures keep data and badge consistent', () => {
  it('a refresh while api.video is down keeps the cached list and shows offline', async ({ startBackground }) => {
    const { server, request, background } = await startBackground({ seed: { count: 10, neverExpiring: 2 } });
    await request('refreshList', { account: 'production' });
    server.setOffline(true);
    const failed = await request('refreshList', { account: 'production' });
    expect(failed).toMatchObject({ ok: false, error: { kind: 'network' } });
    if (!failed.ok) expect(failed.error.message).toMatch(/Could not reach api.video/);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('OFF');
    expect((await cachedTokens('production'))?.tokens).toHaveLength(10);
    server.setOffline(false);
    await background.refresher.refreshCount('production');
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
  });

  it('a rate limit that outlasts the retries is reported with its wait', async ({ startBackground }) => {
    const { server, request } = await startBackground();
    server.inject({ kind: 'rate-limit', times: 20, retryAfterSeconds: 30 });
    const reply = await request('getToken', { account: 'production', token: 'to1234567890123456789012' });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'rate-limited' } });
    if (!reply.ok) expect(reply.error.message).toMatch(/limiting requests/);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('WAIT');
  });

  it('an HTML 502 from a proxy is a readable error, not a crash', async ({ startBackground }) => {
    const { server, background } = await startBackground();
    server.inject({ kind: 'bad-gateway-html', times: 10 });
    await background.refresher.refreshCount('production');
    expect(await fakeBrowser.action.getBadgeText({})).toBe('!');
  });

  it('a create that fails on the network is never retried', async ({ startBackground }) => {
    const { server, request } = await startBackground();
    server.inject({ kind: 'drop-connection', match: { method: 'POST', pathPrefix: '/upload-tokens' } });
    const reply = await request('createToken', { account: 'production', ttl: 60 });
    expect(reply).toMatchObject({ ok: false, error: { kind: 'network' } });
    expect(server.requests.filter((r) => r.method === 'POST' && r.path === '/upload-tokens')).toHaveLength(1);
  });

  it('no reply to any request contains the key', async ({ startBackground }) => {
    const { keys, server, request } = await startBackground({ seed: { count: 5, neverExpiring: 2 } });
    const token = server.tokens('production')[0]!.token;
    const replies = [
      await request('refreshList', { account: 'production' }),
      await request('getToken', { account: 'production', token }),
      await request('createToken', { account: 'production', ttl: 60 }),
      await request('saveKey', { account: 'sandbox', apiKey: keys.production }),
      await request('saveKey', { account: 'production', apiKey: keys.production }),
    ];
    for (const reply of replies) expect(JSON.stringify(reply)).not.toContain(keys.production);
  });
});

describe('lifecycle', () => {
  it('on install opens the options page, creates the alarm and paints the badge', async ({ startBackground }) => {
    const { background } = await startBackground({ seed: { count: 4, neverExpiring: 3 } });
    await fakeBrowser.alarms.clearAll();
    await fakeBrowser.action.setBadgeText({ text: '' });
    const openOptionsPage = vi.fn(async () => {});
    fakeBrowser.runtime.openOptionsPage = openOptionsPage;
    await background.onInstalled({ reason: 'install' });
    expect(openOptionsPage).toHaveBeenCalledOnce();
    expect((await fakeBrowser.alarms.get(REFRESH_ALARM))?.periodInMinutes).toBe(15);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('3');
    await background.onInstalled({ reason: 'update' });
    expect(openOptionsPage).toHaveBeenCalledOnce();
  });

  it('on browser start repaints the cached count before any network call', async ({ startBackground }) => {
    const { background, server } = await startBackground({ seed: { count: 4, neverExpiring: 3 } });
    await fakeBrowser.action.setBadgeText({ text: '' });
    server.setOffline(true);
    server.resetRequests();
    await background.refresher.repaint();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('3');
    expect(server.requests).toHaveLength(0);
    await background.onStartup();
    expect(await fakeBrowser.action.getBadgeText({})).toBe('OFF');
  });

  it('the refresh alarm recounts', async ({ startBackground }) => {
    const { background, server } = await startBackground({ seed: { count: 4, neverExpiring: 3 } });
    server.addToken('production', { ttl: 0 });
    await background.onAlarm({ name: REFRESH_ALARM });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('4');
  });

  it('concurrent refreshes share one count', async ({ startBackground }) => {
    const { background, server } = await startBackground({ seed: { count: 4, neverExpiring: 3 } });
    server.resetRequests();
    await Promise.all([
      background.refresher.refreshCount('production'),
      background.refresher.refreshCount('production'),
      background.onAlarm({ name: REFRESH_ALARM }),
    ]);
    expect(server.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
  });
});

describe('the pages’ side', () => {
  it('sendRequest reaches the background through the browser', async ({ startBackground }) => {
    const { server } = await startBackground();
    const reply = await sendRequest('getToken', {
      account: 'production',
      token: server.addToken('production', { ttl: 60 }).token,
    });
    expect(reply.ok).toBe(true);
  });

  it('sendRequest turns a missing background into a readable error instead of throwing', async () => {
    const reply = await sendRequest('cancelBulkDelete', { account: 'production' });
    expect(reply).toMatchObject({
      ok: false,
      error: { kind: 'internal', message: expect.stringMatching(/Close and reopen this page/) },
    });
  });
});
