import { describe, expect } from 'vitest';
import { createApiVideoClient, createMemoryAuthStore } from '@/utils/apivideo/client';
import { ApiVideoError } from '@/utils/apivideo/errors';
import { caught, calls, clientFor, DEFAULT_KEYS, ORIGIN_APP, it } from './harness';

const HOUR_MS = 3600_000;

describe('authentication', () => {
  it('exchanges the key once, then reuses the cached access token', async ({ startServer }) => {
    const server = await startServer();
    const { client } = clientFor(server);
    await client.listUploadTokens();
    await client.listUploadTokens();
    expect(calls(server)).toEqual(['POST /auth/api-key', 'GET /upload-tokens', 'GET /upload-tokens']);
    const [exchange] = server.requests;
    expect(JSON.parse(exchange!.body)).toEqual({ apiKey: DEFAULT_KEYS.production });
    const list = server.requests[1]!;
    expect(list.headers.authorization).toMatch(/^Bearer \S+$/);
  });

  it('authenticate() forces a key exchange (to check a key before saving it)', async ({ startServer }) => {
    const server = await startServer();
    const { client } = clientFor(server);
    await client.authenticate();
    await client.authenticate();
    expect(calls(server)).toEqual(['POST /auth/api-key', 'POST /auth/api-key']);
  });

  it('shares cached tokens through the auth store, so a restarted worker does not sign in again', async ({
    startServer,
  }) => {
    const server = await startServer();
    const authStore = createMemoryAuthStore();
    await clientFor(server, 'production', { authStore }).client.listUploadTokens();
    await clientFor(server, 'production', { authStore }).client.listUploadTokens();
    expect(calls(server).filter((call) => call.startsWith('POST /auth'))).toEqual(['POST /auth/api-key']);
  });

  it('computes expiry from expires_in minus a safety margin, never a fixed hour', async ({ startServer }) => {
    const clock = Date.parse('2025-01-01T00:00:00Z');
    const server = await startServer({ now: () => clock, accessTokenTtlSeconds: 300 });
    const authStore = createMemoryAuthStore();
    const { client } = clientFor(server, 'production', { authStore, now: () => clock });
    await client.authenticate();
    // 300 s lifetime: margin is min(60 s, 10 %) = 30 s.
    expect((await authStore.get())?.expiresAt).toBe(clock + 270_000);
  });

  it('refreshes proactively near expiry, storing the rotated refresh token each time', async ({ startServer }) => {
    let clock = Date.parse('2025-01-01T00:00:00Z');
    const server = await startServer({ now: () => clock });
    const authStore = createMemoryAuthStore();
    const { client } = clientFor(server, 'production', { authStore, now: () => clock });
    await client.listUploadTokens();
    const first = await authStore.get();

    clock += HOUR_MS - 30_000; // inside the 60 s margin: still valid on the server, but renew now
    await client.listUploadTokens();
    const second = await authStore.get();
    expect(second?.refreshToken).not.toBe(first?.refreshToken);

    clock += HOUR_MS - 30_000; // a refresh token works once: this only succeeds with the rotated one
    await client.listUploadTokens();
    expect(calls(server)).toEqual([
      'POST /auth/api-key',
      'GET /upload-tokens',
      'POST /auth/refresh',
      'GET /upload-tokens',
      'POST /auth/refresh',
      'GET /upload-tokens',
    ]);
    expect(server.requests.every((request) => request.status < 400)).toBe(true);
    expect(JSON.parse(server.requests[2]!.body)).toEqual({ refreshToken: first?.refreshToken });
  });

  it.for([
    ['the refresh token is unknown', { accessToken: 'stale', refreshToken: 'def50200unknown', expiresAt: 0 }],
    ['the refresh token was already used', undefined],
  ] as const)('exchanges the key again when refreshing fails: %s', async ([_label, stored], { startServer }) => {
    let clock = Date.parse('2025-01-01T00:00:00Z');
    const server = await startServer({ now: () => clock });
    const authStore = createMemoryAuthStore();
    if (stored) {
      await authStore.set(stored);
    } else {
      await clientFor(server, 'production', { authStore, now: () => clock }).client.authenticate();
      const tokens = (await authStore.get())!;
      // Someone else used the refresh token (rotation): ours is now worthless.
      await clientFor(server, 'production', { authStore: createMemoryAuthStore() }).client.authenticate();
      await fetch(`${server.urls.production}/auth/refresh`, {
        method: 'POST',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json',
          'AV-Origin-App': ORIGIN_APP,
        },
        body: JSON.stringify({ refreshToken: tokens.refreshToken }),
      });
      clock += HOUR_MS;
      server.resetRequests();
    }
    const { client } = clientFor(server, 'production', { authStore, now: () => clock });
    await client.listUploadTokens();
    expect(calls(server)).toEqual(['POST /auth/refresh', 'POST /auth/api-key', 'GET /upload-tokens']);
  });

  it('answers a 401 with one new key exchange and one retry', async ({ startServer }) => {
    const server = await startServer();
    const { client } = clientFor(server);
    await client.authenticate();
    server.expireAccessTokens();
    await client.listUploadTokens();
    expect(calls(server)).toEqual([
      'POST /auth/api-key',
      'GET /upload-tokens',
      'POST /auth/api-key',
      'GET /upload-tokens',
    ]);
    expect(server.requests.map((request) => request.status)).toEqual([200, 401, 200, 200]);
  });

  it('does not loop when the 401 persists', async ({ startServer }) => {
    const server = await startServer();
    server.inject({ kind: 'expired-access-token', times: 50 });
    const { client } = clientFor(server);
    const error = await caught(client.listUploadTokens());
    expect(error).toBeInstanceOf(ApiVideoError);
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(calls(server)).toEqual([
      'POST /auth/api-key',
      'GET /upload-tokens',
      'POST /auth/api-key',
      'GET /upload-tokens',
    ]);
  });

  it('makes concurrent calls share one authentication', async ({ startServer }) => {
    const server = await startServer({ latencyMs: 20 });
    const { client } = clientFor(server);
    server.seed('production', { count: 3 });
    const [first] = server.tokens('production');
    await Promise.all([
      client.listUploadTokens(),
      client.listUploadTokens({ currentPage: 2 }),
      client.getUploadToken(first!.token),
      client.countNeverExpiring(),
      client.listAllUploadTokens(),
    ]);
    expect(calls(server).filter((call) => call.startsWith('POST /auth'))).toEqual(['POST /auth/api-key']);
  });

  it('makes concurrent 401s share one re-authentication', async ({ startServer }) => {
    const server = await startServer({ latencyMs: 10 });
    const { client } = clientFor(server);
    await client.authenticate();
    server.expireAccessTokens();
    await Promise.all(Array.from({ length: 5 }, () => client.listUploadTokens()));
    expect(calls(server).filter((call) => call.startsWith('POST /auth'))).toHaveLength(2);
  });

  it('lets one caller stop waiting for a shared authentication without failing the others', async ({ startServer }) => {
    const server = await startServer({ latencyMs: 50 });
    const { client } = clientFor(server);
    const controller = new AbortController();
    const cancelled = client.listUploadTokens({ signal: controller.signal });
    const kept = client.listUploadTokens();
    controller.abort();
    expect(await caught(cancelled)).toMatchObject({ kind: 'aborted' });
    await expect(kept).resolves.toMatchObject({ data: [] });
  });

  it.for([400, 401] as const)(
    'reports a wrong key answered with %i as invalid-key',
    async (invalidKeyStatus, { startServer, secrets }) => {
      const server = await startServer({ invalidKeyStatus });
      secrets.add('not-a-real-key-0000');
      const { client } = clientFor(server, 'production', { apiKey: 'not-a-real-key-0000' });
      const error = await caught(client.authenticate());
      expect(error).toMatchObject({ kind: 'invalid-key', status: invalidKeyStatus });
      expect((error as Error).message).toContain('API key');
      expect((error as Error).message).not.toContain('not-a-real-key');
      expect(calls(server)).toEqual(['POST /auth/api-key']); // a wrong key is not retried
    },
  );

  it.for([
    ['a sandbox key on production', 'production', DEFAULT_KEYS.sandbox],
    ['a production key on sandbox', 'sandbox', DEFAULT_KEYS.production],
  ] as const)('reports %s as invalid-key', async ([_label, environment, apiKey], { startServer }) => {
    const server = await startServer();
    const { client } = clientFor(server, environment, { apiKey });
    await expect(client.listUploadTokens()).rejects.toMatchObject({ kind: 'invalid-key' });
  });

  it('reports an empty key as invalid-key without sending it', async ({ startServer }) => {
    const server = await startServer();
    const client = createApiVideoClient({ environment: 'production', apiKey: '', baseUrl: server.urls.production });
    await expect(client.authenticate()).rejects.toMatchObject({ kind: 'invalid-key' });
    expect(server.requests).toEqual([]);
  });
});
