import { describe, expect } from 'vitest';
import { it } from '@/tests/helpers/server-fixture';
import type { UploadToken } from '@/utils/apivideo/types';
import { DEFAULT_KEYS, type Fault } from '@/tests/server';
import { authorizedFetcher, exchangeKey } from './helpers';

describe('injected faults', () => {
  it.for([
    {
      kind: 'rate-limit',
      status: 429,
      contentType: 'application/json',
      bodyStart: '{"type":"https://docs.api.video/reference/too-many-requests"',
    },
    { kind: 'server-error-html', status: 500, contentType: 'text/html', bodyStart: '<html>' },
    { kind: 'bad-gateway-html', status: 502, contentType: 'text/html', bodyStart: '<html>' },
    { kind: 'service-unavailable-html', status: 503, contentType: 'text/html', bodyStart: '<html>' },
    {
      kind: 'server-error-json',
      status: 500,
      contentType: 'application/json',
      bodyStart: '{"type":"https://docs.api.video/reference/',
    },
    { kind: 'malformed-json', status: 200, contentType: 'application/json', bodyStart: '{"data":[' },
    { kind: 'non-json-200', status: 200, contentType: 'text/html', bodyStart: '<!doctype html>' },
    {
      kind: 'expired-access-token',
      status: 401,
      contentType: 'application/json',
      bodyStart: '{"type":"https://docs.api.video/reference/authentication-access-token-invalid"',
    },
  ] as const)(
    '$kind answers $status with $contentType',
    async ({ kind, status, contentType, bodyStart }, { startServer }) => {
      const server = await startServer();
      const call = await authorizedFetcher(server);
      server.inject({ kind });

      const faulted = await call('/upload-tokens');
      expect(faulted.status).toBe(status);
      expect(faulted.headers.get('content-type')).toContain(contentType);
      const text = await faulted.text();
      expect(text.startsWith(bodyStart)).toBe(true);
      if (kind === 'malformed-json') expect(() => void JSON.parse(text)).toThrow();
      // Consumed: the next request is answered normally.
      expect((await call('/upload-tokens')).status).toBe(200);
    },
  );

  it('rate-limit fault sets X-RateLimit-Retry-After and counts as rate limited', async ({ startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    server.inject({ kind: 'rate-limit', retryAfterSeconds: 7 });
    const response = await call('/upload-tokens');
    expect(response.headers.get('x-ratelimit-retry-after')).toBe('7');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(server.stats('production').rateLimited).toBe(1);
  });

  it('drop-connection destroys the socket without an answer', async ({ startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    server.inject({ kind: 'drop-connection' });
    await expect(call('/upload-tokens')).rejects.toThrow(TypeError);
    expect(server.requests.at(-1)).toMatchObject({ path: '/upload-tokens', status: 0 });
    expect((await call('/upload-tokens')).status).toBe(200);
  });

  it('slow waits delayMs, then answers normally', async ({ startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    server.inject({ kind: 'slow', delayMs: 120 });
    const started = performance.now();
    const response = await call('/upload-tokens');
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('honours times, match and queue order, and spares /auth by default', async ({ startServer }) => {
    const server = await startServer();
    const faults: Fault[] = [
      { kind: 'server-error-json', times: 2, match: { method: 'post' } },
      { kind: 'bad-gateway-html', match: { environment: 'sandbox' } },
      { kind: 'service-unavailable-html', match: { pathPrefix: '/auth/' } },
      { kind: 'non-json-200' },
    ];
    faults.forEach((fault) => server.inject(fault));

    await expect(exchangeKey(server, 'sandbox')).rejects.toThrow('503'); // only an explicit /auth prefix reaches auth
    const sandbox = await authorizedFetcher(server, 'sandbox');
    const production = await authorizedFetcher(server, 'production');
    expect((await production('/upload-tokens', { method: 'POST', body: '{}' })).status).toBe(500);
    expect((await sandbox('/upload-tokens')).status).toBe(502);
    expect((await production('/upload-tokens', { method: 'POST', body: '{}' })).status).toBe(500);
    const last = await production('/upload-tokens/whatever');
    expect([last.status, last.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect((await production('/upload-tokens')).status).toBe(200);
  });

  it('clearFaults empties the queue', async ({ startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    server.inject({ kind: 'server-error-json', times: 5 });
    server.clearFaults();
    expect((await call('/upload-tokens')).status).toBe(200);
  });
});

describe("faults with phase 'after': the operation ran, the answer is lost or broken", () => {
  it('drop-connection after a DELETE: the token is gone, the client saw no answer', async ({ startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    server.addToken('production', { token: 'toLost', ttl: 0 });
    server.inject({ kind: 'drop-connection', phase: 'after', match: { method: 'DELETE' } });

    await expect(call('/upload-tokens/toLost', { method: 'DELETE' })).rejects.toThrow(TypeError);
    expect(server.tokens('production')).toEqual([]);
    const [deleted] = server.operations.deleted;
    expect(deleted).toMatchObject({ token: 'toLost', environment: 'production' });
    expect(deleted!.request).toMatchObject({
      status: 0,
      fault: { kind: 'drop-connection', phase: 'after', source: 'inject' },
    });
    // The retry finds nothing to delete.
    expect((await call('/upload-tokens/toLost', { method: 'DELETE' })).status).toBe(404);
    expect(server.operations.deleteAttempts('toLost')).toBe(2);
  });

  it('server-error-json after a POST: the token exists although the client was told 500', async ({ startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    server.inject({ kind: 'server-error-json', phase: 'after' });
    const response = await call('/upload-tokens', { method: 'POST', body: '{"ttl":0}' });
    expect(response.status).toBe(500);
    expect(server.tokens('production')).toHaveLength(1);
    expect(server.operations.created.map((entry) => entry.token)).toEqual(
      server.tokens('production').map((token) => token.token),
    );
  });

  it('malformed-json after a POST cuts the real answer in half', async ({ startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    server.inject({ kind: 'malformed-json', phase: 'after', match: { method: 'POST' } });
    const response = await call('/upload-tokens', { method: 'POST', body: '{}' });
    const text = await response.text();
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'application/json']);
    expect(() => void JSON.parse(text)).toThrow();
    const [created] = server.tokens('production') as [UploadToken];
    expect(JSON.stringify(created).startsWith(text)).toBe(true);
    expect(text.length).toBeGreaterThan(1);
  });

  it.for([
    { phase: 'before' as const, remaining: ['toMaybe'] },
    { phase: 'after' as const, remaining: [] },
  ])(
    'malformed-json on a DELETE ($phase) is a 200 with a broken JSON body',
    async ({ phase, remaining }, { startServer }) => {
      const server = await startServer();
      const call = await authorizedFetcher(server);
      server.addToken('production', { token: 'toMaybe', ttl: 0 });
      server.inject({ kind: 'malformed-json', phase });
      const response = await call('/upload-tokens/toMaybe', { method: 'DELETE' });
      const text = await response.text();
      expect([response.status, response.headers.get('content-type')]).toEqual([200, 'application/json']);
      expect(text).not.toBe('');
      expect(() => void JSON.parse(text)).toThrow();
      expect(server.tokens('production').map((token) => token.token)).toEqual(remaining);
    },
  );

  it("an 'after' fault waits for a request whose operation runs; 'before' faults are not taken after", async ({
    startServer,
  }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    server.inject({ kind: 'bad-gateway-html', phase: 'after', match: { method: 'DELETE' } });
    server.inject({ kind: 'server-error-json', match: { method: 'POST' } });
    expect((await call('/upload-tokens')).status).toBe(200);
    const post = await call('/upload-tokens', { method: 'POST', body: '{}' });
    expect(post.status).toBe(500);
    expect(server.tokens('production')).toEqual([]);
    // Refused before its operation: the 'after' fault stays queued.
    expect((await fetch(`${server.urls.production}/upload-tokens/toNothing`, { method: 'DELETE' })).status).toBe(401);
    expect((await call('/upload-tokens/toNothing', { method: 'DELETE' })).status).toBe(502);
    expect((await call('/upload-tokens/toNothing', { method: 'DELETE' })).status).toBe(404);
    expect(server.operations.all.map(({ operation, result }) => `${operation} ${result}`)).toEqual([
      'delete not-found',
      'delete not-found',
    ]);
  });
});

describe('the operation log', () => {
  it('lists what was really created and deleted, per environment and account, and resets', async ({ startServer }) => {
    const server = await startServer();
    const production = await authorizedFetcher(server, 'production');
    const sandbox = await authorizedFetcher(server, 'sandbox');
    server.seed('production', { count: 3 }); // fixtures are not operations
    server.addToken('sandbox', { token: 'toSame', ttl: 0 });
    server.addToken('production', { token: 'toSame', ttl: 0 });

    const created = (await (
      await production('/upload-tokens', { method: 'POST', body: '{"ttl":60}' })
    ).json()) as UploadToken;
    expect((await production('/upload-tokens', { method: 'POST', body: '{"ttl":-1}' })).status).toBe(400); // refused: nothing created
    expect((await sandbox('/upload-tokens/toSame', { method: 'DELETE' })).status).toBe(204);
    expect((await sandbox('/upload-tokens/toSame', { method: 'DELETE' })).status).toBe(404);
    expect((await production('/upload-tokens/toSame', { method: 'DELETE' })).status).toBe(204);
    expect((await production('/upload-tokens')).status).toBe(200);

    const { operations } = server;
    expect(
      operations.all.map(({ operation, result, environment, token }) => [operation, result, environment, token]),
    ).toEqual([
      ['create', 'created', 'production', created.token],
      ['delete', 'deleted', 'sandbox', 'toSame'],
      ['delete', 'not-found', 'sandbox', 'toSame'],
      ['delete', 'deleted', 'production', 'toSame'],
    ]);
    expect(operations.all.every((entry) => entry.account === DEFAULT_KEYS[entry.environment])).toBe(true);
    expect(operations.created).toHaveLength(1);
    expect(operations.deleted.map((entry) => entry.environment)).toEqual(['sandbox', 'production']);
    expect(operations.deleteAttempts('toSame')).toBe(3);
    expect(operations.deleteAttempts('toSame', { environment: 'sandbox' })).toBe(2);
    expect(operations.deleteAttempts('toSame', { account: DEFAULT_KEYS.production })).toBe(1);
    expect(operations.deleteAttempts(created.token)).toBe(0);
    expect(operations.deleted[0]!.request).toMatchObject({ method: 'DELETE', status: 204 });

    server.resetOperations();
    expect(server.operations.all).toEqual([]);
  });
});

describe('latency and outages', () => {
  it('adds latency to every request, changeable while running', async ({ startServer }) => {
    const server = await startServer({ latencyMs: 60 });
    const call = await authorizedFetcher(server);
    const timed = async () => {
      const started = performance.now();
      await call('/upload-tokens');
      return performance.now() - started;
    };
    expect(await timed()).toBeGreaterThanOrEqual(55);
    server.setLatency(130);
    // Lower bounds only: an upper bound would flake on a busy machine.
    expect(await timed()).toBeGreaterThanOrEqual(125);
  });

  it('offline: every connection is refused until back online, even kept-alive ones', async ({ startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    expect((await call('/upload-tokens')).status).toBe(200);

    server.setOffline(true);
    await expect(call('/upload-tokens')).rejects.toThrow(TypeError);
    await expect(exchangeKey(server)).rejects.toThrow();

    server.setOffline(false);
    expect((await call('/upload-tokens')).status).toBe(200);
  });
});
