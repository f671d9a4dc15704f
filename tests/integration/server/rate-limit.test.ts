import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect } from 'vitest';
import { it } from '@/tests/helpers/server-fixture';
import { authorizedFetcher, exchangeKey } from './helpers';

const rateHeaders = (response: Response) => ({
  limit: response.headers.get('x-ratelimit-limit'),
  remaining: response.headers.get('x-ratelimit-remaining'),
  retryAfter: response.headers.get('x-ratelimit-retry-after'),
});

describe('rate limiting', () => {
  it('counts reads in a fixed window, answers 429 past the limit, and resets', async ({ startServer }) => {
    const server = await startServer({ rateLimit: { production: { reads: 3, writes: 2, windowMs: 600 } } });
    const call = await authorizedFetcher(server);

    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await call('/upload-tokens');
      expect(response.status).toBe(200);
      remaining.push(rateHeaders(response).remaining);
      expect(rateHeaders(response)).toMatchObject({ limit: '3', retryAfter: '1' });
    }
    expect(remaining).toEqual(['2', '1', '0']);

    const limited = await call('/upload-tokens');
    expect(limited.status).toBe(429);
    expect(rateHeaders(limited)).toEqual({ limit: '3', remaining: '0', retryAfter: '1' });
    expect(await limited.json()).toEqual({
      type: 'https://docs.api.video/reference/too-many-requests',
      title: 'Too many requests.',
      status: 429,
    });
    expect(server.stats('production')).toEqual({ reads: 3, writes: 0, auth: 1, rateLimited: 1 });

    await sleep(650);
    const afterReset = await call('/upload-tokens');
    expect(afterReset.status).toBe(200);
    expect(rateHeaders(afterReset).remaining).toBe('2');
  });

  it('counts writes (POST and DELETE) apart from reads', async ({ startServer }) => {
    const server = await startServer({ rateLimit: { production: { reads: 5, writes: 2, windowMs: 60_000 } } });
    const call = await authorizedFetcher(server);
    const create = () => call('/upload-tokens', { method: 'POST', body: '{}' });

    const created = await create();
    expect(rateHeaders(created)).toEqual({ limit: '2', remaining: '1', retryAfter: '60' });
    const { token } = (await created.json()) as { token: string };
    expect((await call(`/upload-tokens/${token}`, { method: 'DELETE' })).status).toBe(204);
    expect((await create()).status).toBe(429);
    const read = await call('/upload-tokens');
    expect(read.status).toBe(200);
    expect(rateHeaders(read)).toMatchObject({ limit: '5', remaining: '4' });
    expect(server.stats()).toMatchObject({ reads: 1, writes: 2, rateLimited: 1 });
  });

  it('uses api.video’s limits by default, per environment', async ({ startServer }) => {
    const server = await startServer();
    const production = await authorizedFetcher(server, 'production');
    const sandbox = await authorizedFetcher(server, 'sandbox');
    expect(rateHeaders(await production('/upload-tokens'))).toEqual({
      limit: '500',
      remaining: '499',
      retryAfter: '60',
    });
    expect(rateHeaders(await sandbox('/upload-tokens'))).toEqual({ limit: '100', remaining: '99', retryAfter: '60' });
    expect(rateHeaders(await sandbox('/upload-tokens', { method: 'POST', body: '{}' }))).toMatchObject({
      limit: '40',
      remaining: '39',
    });
  });

  it('never limits /auth/*', async ({ startServer }) => {
    const server = await startServer({ rateLimit: { production: { reads: 1, writes: 1, windowMs: 60_000 } } });
    for (let i = 0; i < 5; i++) await exchangeKey(server);
    expect(server.stats('production')).toEqual({ reads: 0, writes: 0, auth: 5, rateLimited: 0 });
  });

  it('can be changed or switched off while running', async ({ startServer }) => {
    const server = await startServer({ rateLimit: false });
    const call = await authorizedFetcher(server);
    const unlimited = await call('/upload-tokens');
    expect(rateHeaders(unlimited)).toEqual({ limit: null, remaining: null, retryAfter: null });

    server.setRateLimit('production', { reads: 1, writes: 1, windowMs: 60_000 });
    expect((await call('/upload-tokens')).status).toBe(200);
    expect((await call('/upload-tokens')).status).toBe(429);
    server.setRateLimit('production', false);
    expect((await call('/upload-tokens')).status).toBe(200);
  });
});

describe('rate-limit windows in the request log', () => {
  it('records which window of its category counted each request, and none for a refused one', async ({
    startServer,
  }) => {
    const server = await startServer({ rateLimit: { production: { reads: 2, writes: 1, windowMs: 600 } } });
    const call = await authorizedFetcher(server);
    await call('/upload-tokens');
    await call('/upload-tokens', { method: 'POST', body: '{}' });
    await call('/upload-tokens');
    await call('/upload-tokens'); // refused
    await sleep(650);
    await call('/upload-tokens');
    const counted = server.requests
      .filter((request) => !request.path.startsWith('/auth/'))
      .map((request) => [request.method, request.status, request.rateWindow]);
    expect(counted).toEqual([
      ['GET', 200, 1],
      ['POST', 200, 1],
      ['GET', 200, 1],
      ['GET', 429, undefined],
      ['GET', 200, 2],
    ]);
  });
});
