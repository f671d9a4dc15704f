// The refresher's list refresh: a full listing the first time, the delta refresh once the key has
// a cached list, its result bound to the key and in step with the badge. Requests are read from
// the local api.video's own log.
import { describe, expect } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createApiVideoClient } from '@/utils/apivideo/client';
import { readSnapshot } from '@/utils/storage';
import { DEFAULT_KEYS, OTHER_KEYS, type ApiVideoServer, type RecordedRequest } from '../../../server';
import { cachedTokens, it, savedKeyId } from '../../../helpers/background';

const A = 'production' as const;

function listRequests(server: ApiVideoServer): RecordedRequest[] {
  return server.requests.filter((request) => request.method === 'GET' && request.path === '/upload-tokens');
}

async function expectCacheIsServer(server: ApiVideoServer): Promise<void> {
  const cache = await cachedTokens(A);
  expect(cache?.tokens.map((token) => token.token).sort()).toEqual(
    server
      .tokens(A)
      .map((token) => token.token)
      .sort(),
  );
}

/** Deletes tokens through the API with the same key, as the person's own backend would. */
async function deleteElsewhere(server: ApiVideoServer, tokens: string[]): Promise<void> {
  const backend = createApiVideoClient({ environment: A, apiKey: DEFAULT_KEYS[A], baseUrl: server.urls[A] });
  for (const token of tokens) await backend.deleteUploadToken(token);
}

describe('refreshList', () => {
  it('lists everything the first time, then reads only what changed: one request for tokens created elsewhere', async ({
    startBackground,
  }) => {
    const { server, request } = await startBackground({ seed: { count: 3_000, neverExpiring: 150, seed: 1 } });
    server.resetRequests();
    expect(await request('refreshList', { account: A })).toEqual({ ok: true });
    // No cache yet: page 1, then the other 29 pages.
    expect(listRequests(server)).toHaveLength(30);
    await expectCacheIsServer(server);

    for (let index = 0; index < 5; index++) server.addToken(A, { ttl: 0 });
    server.resetRequests();
    expect(await request('refreshList', { account: A })).toEqual({ ok: true });
    expect(listRequests(server).map((r) => r.query)).toEqual([
      { sortBy: 'createdAt', sortOrder: 'desc', currentPage: '1', pageSize: '100' },
    ]);
    await expectCacheIsServer(server);
    // The badge counts from the same list the popup shows.
    const snapshot = await readSnapshot(A, await savedKeyId(A));
    expect(snapshot?.neverExpiring).toBe(155);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('155');
  });

  it('tokens deleted elsewhere: found by a few probes, the cache and the badge exact', async ({ startBackground }) => {
    const { server, request } = await startBackground({ seed: { count: 5_000, neverExpiring: 150, seed: 2 } });
    expect(await request('refreshList', { account: A })).toEqual({ ok: true });
    const neverExpiring = server.tokens(A).filter((token) => token.ttl === 0);
    await deleteElsewhere(server, [neverExpiring[3]!.token, neverExpiring[100]!.token]);
    server.resetRequests();
    expect(await request('refreshList', { account: A })).toEqual({ ok: true });
    // Page 1, then probes (pageSize=1) and the groups around each deletion: far fewer than 50 pages.
    expect(listRequests(server).length).toBeGreaterThan(1);
    expect(listRequests(server).length).toBeLessThanOrEqual(35);
    expect(listRequests(server).some((r) => r.query.pageSize === '1')).toBe(true);
    await expectCacheIsServer(server);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('148');
  });

  it('a token created here while the delta refresh is held is kept', async ({ startBackground }) => {
    const { server, request } = await startBackground({ seed: { count: 500, seed: 3 } });
    expect(await request('refreshList', { account: A })).toEqual({ ok: true });
    const held = server.hold({ method: 'GET', pathPrefix: '/upload-tokens' });
    const refreshing = request('refreshList', { account: A });
    await held.arrived;
    const created = await request('createToken', { account: A, ttl: 0 });
    expect(created.ok).toBe(true);
    held.release();
    expect(await refreshing).toEqual({ ok: true });
    await expectCacheIsServer(server);
  });

  it('a key saved while the delta refresh is held: the old account’s list is never written under the new key', async ({
    startBackground,
  }) => {
    const { server, request } = await startBackground({ seed: { count: 400, neverExpiring: 7, seed: 4 } });
    const accountB = server.account(A, OTHER_KEYS.production);
    accountB.seed({ count: 30, neverExpiring: 2, seed: 5 });
    expect(await request('refreshList', { account: A })).toEqual({ ok: true });
    server.addToken(A, { ttl: 0 });
    const held = server.hold({ method: 'GET', pathPrefix: '/upload-tokens' });
    const refreshing = request('refreshList', { account: A });
    await held.arrived;
    expect(await request('saveKey', { account: A, apiKey: OTHER_KEYS.production })).toMatchObject({ ok: true });
    held.release();
    expect(await refreshing).toMatchObject({ ok: false, error: { kind: 'key-changed' } });
    // The new key has no list yet: the old one was not carried over, nor written late.
    expect(await cachedTokens(A)).toBeNull();
    expect(await request('refreshList', { account: A })).toEqual({ ok: true });
    expect((await cachedTokens(A))!.tokens.map((token) => token.token).sort()).toEqual(
      accountB
        .tokens()
        .map((token) => token.token)
        .sort(),
    );
    expect(await fakeBrowser.action.getBadgeText({})).toBe('2');
  });
});
