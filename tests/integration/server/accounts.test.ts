import { describe, expect } from 'vitest';
import { it } from '@/tests/helpers/server-fixture';
import { DEFAULT_KEYS, OTHER_KEYS } from '@/tests/server';
import type { AccessTokenResponse, UploadToken, UploadTokenPage } from '@/utils/apivideo/types';
import { JSON_HEADERS, authorizedFetcher, basicAuth, exchangeKey } from './helpers';

const listed = async (response: Response) =>
  ((await response.json()) as UploadTokenPage).data.map((token) => token.token);

describe('one account per API key', () => {
  it('accepts a second key per environment by default, each with its own tokens', async ({ startServer }) => {
    const server = await startServer();
    const other = server.account('production', OTHER_KEYS.production);
    const [mine] = server.seed('production', { count: 1 });
    const theirs = other.addToken({ token: 'toTheirs', ttl: 0 });

    const asDefault = await authorizedFetcher(server, 'production', DEFAULT_KEYS.production);
    const asOther = await authorizedFetcher(server, 'production', OTHER_KEYS.production);
    expect(await listed(await asDefault('/upload-tokens'))).toEqual([mine!.token]);
    expect(await listed(await asOther('/upload-tokens'))).toEqual([theirs.token]);

    // A bearer of one account cannot see or delete the other's tokens.
    expect((await asOther(`/upload-tokens/${mine!.token}`)).status).toBe(404);
    expect((await asOther(`/upload-tokens/${mine!.token}`, { method: 'DELETE' })).status).toBe(404);
    expect(server.tokens('production')).toEqual([mine]);

    const created = (await (await asOther('/upload-tokens', { method: 'POST', body: '{}' })).json()) as UploadToken;
    expect(other.tokens().map((token) => token.token)).toEqual(expect.arrayContaining([theirs.token, created.token]));
    expect(server.tokens('production')).toEqual([mine]);
    expect((await asOther(`/upload-tokens/${theirs.token}`, { method: 'DELETE' })).status).toBe(204);
    expect(other.tokens()).toEqual([created]);
  });

  it('refreshes into the account the refresh token was issued for', async ({ startServer }) => {
    const server = await startServer();
    server.account('production', OTHER_KEYS.production).addToken({ token: 'toOther', ttl: 0 });
    server.addToken('production', { token: 'toDefault', ttl: 0 });
    const first = await exchangeKey(server, 'production', OTHER_KEYS.production);
    const refreshed = await fetch(`${server.urls.production}/auth/refresh`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ refreshToken: first.refresh_token }),
    });
    const { access_token } = (await refreshed.json()) as AccessTokenResponse;
    const response = await fetch(`${server.urls.production}/upload-tokens`, {
      headers: { Authorization: `Bearer ${access_token}` },
    });
    expect(await listed(response)).toEqual(['toOther']);
  });

  it('opens the key’s own account with HTTP Basic too', async ({ startServer }) => {
    const server = await startServer();
    server.account('sandbox', OTHER_KEYS.sandbox).addToken({ token: 'toSandboxOther', ttl: 0 });
    const response = await fetch(`${server.urls.sandbox}/upload-tokens`, {
      headers: { Authorization: basicAuth(OTHER_KEYS.sandbox) },
    });
    expect(await listed(response)).toEqual(['toSandboxOther']);
  });

  it.for([
    { env: 'production' as const, wrongKey: OTHER_KEYS.sandbox },
    { env: 'sandbox' as const, wrongKey: OTHER_KEYS.production },
  ])('rejects the other environment’s second key on $env', async ({ env, wrongKey }, { startServer }) => {
    const server = await startServer();
    await expect(exchangeKey(server, env, wrongKey)).rejects.toThrow('400');
    expect(() => server.account(env, wrongKey)).toThrow(RangeError);
  });

  it('with explicit keys, has exactly those accounts, the first being the default', async ({ startServer }) => {
    const server = await startServer({ keys: { production: ['key-a', 'key-b'] } });
    await expect(exchangeKey(server, 'production', OTHER_KEYS.production)).rejects.toThrow('400');
    expect(() => server.account('production', OTHER_KEYS.production)).toThrow(RangeError);
    server.account('production', 'key-b').addToken({ token: 'toB', ttl: 0 });
    server.addToken('production', { token: 'toA', ttl: 0 });
    expect(
      server
        .account('production', 'key-a')
        .tokens()
        .map((token) => token.token),
    ).toEqual(['toA']);
    const asB = await authorizedFetcher(server, 'production', 'key-b');
    expect(await listed(await asB('/upload-tokens'))).toEqual(['toB']);
    // The untouched environment keeps both default keys.
    await expect(exchangeKey(server, 'sandbox', OTHER_KEYS.sandbox)).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('clearTokens(env) clears the default account, clearTokens() every account', async ({ startServer }) => {
    const server = await startServer();
    const accounts = [
      server.account('production', OTHER_KEYS.production),
      server.account('sandbox', DEFAULT_KEYS.sandbox),
      server.account('sandbox', OTHER_KEYS.sandbox),
    ];
    server.seed('production', { count: 2 });
    for (const account of accounts) account.seed({ count: 2 });

    server.clearTokens('production');
    expect(server.tokens('production')).toEqual([]);
    expect(accounts.map((account) => account.tokens().length)).toEqual([2, 2, 2]);
    accounts[1]!.clearTokens();
    expect(accounts.map((account) => account.tokens().length)).toEqual([2, 0, 2]);
    server.clearTokens();
    expect(accounts.map((account) => account.tokens().length)).toEqual([0, 0, 0]);
  });
});

describe('rate limits and counters per account', () => {
  it('counts each account in its own window; stats(env) totals them', async ({ startServer }) => {
    const server = await startServer({ rateLimit: { production: { reads: 2, writes: 1, windowMs: 60_000 } } });
    const asDefault = await authorizedFetcher(server, 'production', DEFAULT_KEYS.production);
    const asOther = await authorizedFetcher(server, 'production', OTHER_KEYS.production);

    expect((await asDefault('/upload-tokens')).status).toBe(200);
    expect((await asDefault('/upload-tokens')).status).toBe(200);
    expect((await asDefault('/upload-tokens')).status).toBe(429);
    const otherRead = await asOther('/upload-tokens');
    expect(otherRead.status).toBe(200);
    expect(otherRead.headers.get('x-ratelimit-remaining')).toBe('1');

    expect(server.account('production', DEFAULT_KEYS.production).stats()).toEqual({
      reads: 2,
      writes: 0,
      auth: 1,
      rateLimited: 1,
    });
    expect(server.account('production', OTHER_KEYS.production).stats()).toEqual({
      reads: 1,
      writes: 0,
      auth: 1,
      rateLimited: 0,
    });
    expect(server.stats('production')).toEqual({ reads: 3, writes: 0, auth: 2, rateLimited: 1 });
  });

  it('setRateLimit(env) sets every account, account().setRateLimit just one', async ({ startServer }) => {
    const server = await startServer({ rateLimit: false });
    const asDefault = await authorizedFetcher(server, 'production', DEFAULT_KEYS.production);
    const asOther = await authorizedFetcher(server, 'production', OTHER_KEYS.production);

    server.setRateLimit('production', { reads: 1, writes: 1, windowMs: 60_000 });
    expect([(await asDefault('/upload-tokens')).status, (await asDefault('/upload-tokens')).status]).toEqual([
      200, 429,
    ]);
    expect([(await asOther('/upload-tokens')).status, (await asOther('/upload-tokens')).status]).toEqual([200, 429]);

    server.account('production', OTHER_KEYS.production).setRateLimit(false);
    expect((await asOther('/upload-tokens')).status).toBe(200);
    expect((await asDefault('/upload-tokens')).status).toBe(429);
  });
});

describe('a key deleted in the dashboard (revokeKey)', () => {
  it('opens nothing any more: no exchange, no bearer, no refresh, no Basic; the other account still works', async ({
    startServer,
  }) => {
    const server = await startServer();
    const revoked = server.account('production', OTHER_KEYS.production);
    const pair = await exchangeKey(server, 'production', OTHER_KEYS.production);
    revoked.revokeKey();

    const exchange = await fetch(`${server.urls.production}/auth/api-key`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ apiKey: OTHER_KEYS.production }),
    });
    expect(exchange.status).toBe(400);
    const bearer = await fetch(`${server.urls.production}/upload-tokens`, {
      headers: { Authorization: `Bearer ${pair.access_token}` },
    });
    expect(bearer.status).toBe(401);
    const refreshed = await fetch(`${server.urls.production}/auth/refresh`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ refreshToken: pair.refresh_token }),
    });
    expect(refreshed.ok).toBe(false);
    const basic = await fetch(`${server.urls.production}/upload-tokens`, {
      headers: { Authorization: basicAuth(OTHER_KEYS.production) },
    });
    expect(basic.status).toBe(401);
    const asDefault = await authorizedFetcher(server, 'production', DEFAULT_KEYS.production);
    expect((await asDefault('/upload-tokens')).status).toBe(200);
  });
});
