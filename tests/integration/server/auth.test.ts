import { describe, expect } from 'vitest';
import { it } from '@/tests/helpers/server-fixture';
import { DEFAULT_KEYS } from '@/tests/server';
import type { AccessTokenResponse } from '@/utils/apivideo/types';
import { JSON_HEADERS, basicAuth, exchangeKey } from './helpers';

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) });

describe('POST /auth/api-key', () => {
  it('exchanges a valid key for a bearer token and a refresh token', async ({ startServer }) => {
    const server = await startServer({ accessTokenTtlSeconds: 3599 });
    const response = await post(`${server.urls.production}/auth/api-key`, { apiKey: DEFAULT_KEYS.production });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    // /auth/* is not rate-limited and says nothing about limits.
    expect(response.headers.get('x-ratelimit-limit')).toBeNull();
    const body = (await response.json()) as AccessTokenResponse;
    expect(body).toEqual({
      token_type: 'Bearer',
      expires_in: 3599,
      access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      refresh_token: expect.any(String),
    });
    expect(server.stats('production')).toMatchObject({ auth: 1, reads: 0, writes: 0 });
  });

  it.for([
    { invalidKeyStatus: 400 as const, title: 'The user credentials were incorrect.' },
    { invalidKeyStatus: 401 as const, title: 'The API key is invalid.' },
  ])('answers a wrong key with $invalidKeyStatus', async ({ invalidKeyStatus, title }, { startServer }) => {
    const server = await startServer({ invalidKeyStatus });
    const response = await post(`${server.urls.production}/auth/api-key`, { apiKey: 'not-a-key' });

    expect(response.status).toBe(invalidKeyStatus);
    expect(await response.json()).toEqual({
      type: 'https://docs.api.video/reference/authentication-invalid-user-credentials',
      title,
      name: '',
      status: invalidKeyStatus,
    });
  });

  it.for([
    { env: 'production' as const, wrongKey: DEFAULT_KEYS.sandbox },
    { env: 'sandbox' as const, wrongKey: DEFAULT_KEYS.production },
  ])('rejects the other environment’s key on $env', async ({ env, wrongKey }, { startServer }) => {
    const server = await startServer();
    const response = await post(`${server.urls[env]}/auth/api-key`, { apiKey: wrongKey });
    expect(response.status).toBe(400);
    await expect(exchangeKey(server, env)).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('accepts every configured key of an environment', async ({ startServer }) => {
    const server = await startServer({ keys: { sandbox: ['first', 'second'] } });
    await expect(exchangeKey(server, 'sandbox', 'second')).resolves.toMatchObject({ token_type: 'Bearer' });
    const response = await post(`${server.urls.sandbox}/auth/api-key`, { apiKey: DEFAULT_KEYS.sandbox });
    expect(response.status).toBe(400);
  });
});

describe('POST /auth/refresh', () => {
  it('rotates: a refresh token works once and yields a new pair', async ({ startServer }) => {
    const server = await startServer();
    const first = await exchangeKey(server);
    const refresh = (refreshToken: string) => post(`${server.urls.production}/auth/refresh`, { refreshToken });

    const rotated = await refresh(first.refresh_token);
    expect(rotated.status).toBe(200);
    const second = (await rotated.json()) as AccessTokenResponse;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);

    const reused = await refresh(first.refresh_token);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({
      type: 'https://docs.api.video/reference/authentication-invalid-user-credentials',
    });
    expect((await refresh(second.refresh_token)).status).toBe(200);
  });

  it('rejects unknown, other-environment and expired refresh tokens', async ({ startServer }) => {
    let now = Date.parse('2024-01-01T00:00:00Z');
    const server = await startServer({ now: () => now, refreshTokenTtlSeconds: 60 });
    const production = await exchangeKey(server, 'production');
    const refresh = (env: 'production' | 'sandbox', refreshToken: string) =>
      post(`${server.urls[env]}/auth/refresh`, { refreshToken });

    expect((await refresh('production', 'def50200unknown')).status).toBe(400);
    expect((await refresh('sandbox', production.refresh_token)).status).toBe(400);
    now += 60_000;
    expect((await refresh('production', production.refresh_token)).status).toBe(400);
  });
});

describe('authorising upload-token calls', () => {
  const list = (url: string, authorization?: string) =>
    fetch(`${url}/upload-tokens`, { headers: authorization ? { Authorization: authorization } : {} });

  it('accepts a bearer token of the same environment only', async ({ startServer }) => {
    const server = await startServer();
    const { access_token } = await exchangeKey(server, 'production');
    expect((await list(server.urls.production, `Bearer ${access_token}`)).status).toBe(200);
    expect((await list(server.urls.sandbox, `Bearer ${access_token}`)).status).toBe(401);
  });

  it('accepts HTTP Basic with the key as user name and an empty password, like api.video', async ({ startServer }) => {
    const server = await startServer();
    expect((await list(server.urls.production, basicAuth(DEFAULT_KEYS.production))).status).toBe(200);
    expect((await list(server.urls.sandbox, basicAuth(DEFAULT_KEYS.production))).status).toBe(401);
    const withPassword = `Basic ${Buffer.from(`${DEFAULT_KEYS.production}:secret`).toString('base64')}`;
    expect((await list(server.urls.production, withPassword)).status).toBe(401);
  });

  it.for([
    { case: 'no Authorization header', authorization: undefined },
    { case: 'an unknown bearer token', authorization: 'Bearer nope' },
    { case: 'a key sent as a bearer token', authorization: `Bearer ${DEFAULT_KEYS.production}` },
  ])('answers $case with 401', async ({ authorization }, { startServer }) => {
    const server = await startServer();
    const response = await list(server.urls.production, authorization);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      type: 'https://docs.api.video/reference/authentication-access-token-invalid',
      title: 'The access token is invalid or expired.',
      name: '',
      status: 401,
    });
    // A 401 does not use up the allowance, but still reports it.
    expect(response.headers.get('x-ratelimit-remaining')).toBe('500');
  });

  it('expires access tokens after expires_in, and on demand', async ({ startServer }) => {
    let now = Date.parse('2024-01-01T00:00:00Z');
    const server = await startServer({ now: () => now, accessTokenTtlSeconds: 60 });
    const first = await exchangeKey(server);
    now += 59_999;
    expect((await list(server.urls.production, `Bearer ${first.access_token}`)).status).toBe(200);
    now += 1;
    expect((await list(server.urls.production, `Bearer ${first.access_token}`)).status).toBe(401);

    const second = await exchangeKey(server);
    server.expireAccessTokens('production');
    expect((await list(server.urls.production, `Bearer ${second.access_token}`)).status).toBe(401);
    // The refresh token still works: that is how a client recovers.
    const refreshed = await post(`${server.urls.production}/auth/refresh`, { refreshToken: second.refresh_token });
    const { access_token } = (await refreshed.json()) as AccessTokenResponse;
    expect((await list(server.urls.production, `Bearer ${access_token}`)).status).toBe(200);
  });
});
