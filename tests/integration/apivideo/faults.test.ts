import { describe, expect } from 'vitest';
import type { FaultKind } from '@/tests/server';
import { ApiVideoError } from '@/utils/apivideo/errors';
import { craftedPage, useCraftedServers, type CraftedAnswer } from './crafted-server';
import { caught, calls, clientFor, clientForCrafted, it } from './harness';

const craftedServers = useCraftedServers();
const LIST = { method: 'GET', pathPrefix: '/upload-tokens' };
const CREATE = { method: 'POST', pathPrefix: '/upload-tokens' };

function listCalls(server: { requests: { method: string; path: string }[] }): number {
  return server.requests.filter((request) => request.method === 'GET' && request.path === '/upload-tokens').length;
}

describe('rate limiting (429)', () => {
  it('waits out a 429 storm as long as X-RateLimit-Retry-After says, then succeeds', async ({ startServer }) => {
    const server = await startServer();
    server.inject({ kind: 'rate-limit', times: 3, retryAfterSeconds: 2, match: LIST });
    const { client, waits } = clientFor(server);
    await expect(client.listUploadTokens()).resolves.toMatchObject({ data: [] });
    expect(waits).toEqual([2000, 2000, 2000]);
    expect(server.requests.map((request) => request.status)).toEqual([200, 429, 429, 429, 200]);
  });

  it('gives up after maxAttempts with rate-limited and the wait the server asked for', async ({ startServer }) => {
    const server = await startServer();
    server.inject({ kind: 'rate-limit', times: 10, retryAfterSeconds: 3, match: LIST });
    const { client } = clientFor(server);
    const error = await caught(client.listUploadTokens());
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterSeconds: 3 });
    expect((error as Error).message).toContain('3 s');
    expect(listCalls(server)).toBe(4);
  });

  it('does not wait longer than maxRateLimitWaitMs: fails at once instead', async ({ startServer }) => {
    const server = await startServer();
    server.inject({ kind: 'rate-limit', retryAfterSeconds: 90, match: LIST });
    const { client, waits } = clientFor(server);
    await expect(client.listUploadTokens()).rejects.toMatchObject({ kind: 'rate-limited', retryAfterSeconds: 90 });
    expect(waits).toEqual([]);
    expect(listCalls(server)).toBe(1);
  });

  it('never repeats a create on 429: it reports rate-limited with the wait', async ({ startServer }) => {
    const server = await startServer();
    server.inject({ kind: 'rate-limit', retryAfterSeconds: 4, match: CREATE });
    const { client } = clientFor(server);
    await expect(client.createUploadToken({ ttl: 60 })).rejects.toMatchObject({
      kind: 'rate-limited',
      retryAfterSeconds: 4,
    });
    expect(calls(server).filter((call) => call === 'POST /upload-tokens')).toHaveLength(1);
  });

  it('retries a delete after a 429', async ({ startServer }) => {
    const server = await startServer();
    const { token } = server.addToken('production', { ttl: 0 });
    server.inject({ kind: 'rate-limit', match: { method: 'DELETE' } });
    const { client, waits } = clientFor(server);
    await expect(client.deleteUploadToken(token)).resolves.toBe('deleted');
    expect(waits).toEqual([1000]);
  });
});

describe('server errors, timeouts and dropped connections', () => {
  it.for<[FaultKind, number]>([
    ['server-error-html', 500],
    ['bad-gateway-html', 502],
    ['service-unavailable-html', 503],
    ['server-error-json', 500],
  ])('retries a read after %s with jittered back-off, then succeeds', async ([kind], { startServer }) => {
    const server = await startServer();
    server.inject({ kind, times: 2, match: LIST });
    const { client, waits } = clientFor(server);
    await expect(client.listUploadTokens()).resolves.toMatchObject({ data: [] });
    expect(listCalls(server)).toBe(3);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeLessThanOrEqual(250); // full jitter: random in [0, 250 * 2^(n-1)]
    expect(waits[1]).toBeLessThanOrEqual(500);
  });

  it.for<[FaultKind, number]>([
    ['server-error-html', 500],
    ['bad-gateway-html', 502],
    ['service-unavailable-html', 503],
  ])(
    'reports %s that persists as a server error after maxAttempts, never as a crash',
    async ([kind, status], { startServer }) => {
      const server = await startServer();
      server.inject({ kind, times: 10, match: LIST });
      const { client } = clientFor(server);
      const error = await caught(client.listUploadTokens());
      expect(error).toBeInstanceOf(ApiVideoError);
      expect(error).toMatchObject({ kind: 'server', status });
      expect((error as Error).message).not.toContain('<html');
      expect(listCalls(server)).toBe(4);
    },
  );

  it('times out a slow answer, then retries', async ({ startServer }) => {
    const server = await startServer();
    server.inject({ kind: 'slow', delayMs: 500, match: LIST });
    const { client } = clientFor(server, 'production', { timeoutMs: 100 });
    await expect(client.listUploadTokens()).resolves.toMatchObject({ data: [] });
    expect(listCalls(server)).toBe(2);
  });

  it('reports an answer that never comes in time as timeout', async ({ startServer }) => {
    const server = await startServer();
    server.inject({ kind: 'slow', delayMs: 500, times: 10, match: LIST });
    const { client } = clientFor(server, 'production', { timeoutMs: 80, retry: { maxAttempts: 2 } });
    await expect(client.listUploadTokens()).rejects.toMatchObject({ kind: 'timeout' });
    expect(listCalls(server)).toBe(2);
  });

  it('retries a dropped connection', async ({ startServer }) => {
    const server = await startServer();
    server.inject({ kind: 'drop-connection', match: LIST });
    const { client } = clientFor(server);
    await expect(client.listUploadTokens()).resolves.toMatchObject({ data: [] });
    expect(listCalls(server)).toBe(2);
  });

  it('reports connections that keep dropping as network, without URL or token in the message', async ({
    startServer,
  }) => {
    const server = await startServer();
    const { token } = server.addToken('production', { ttl: 0 });
    server.inject({ kind: 'drop-connection', times: 10, match: { method: 'GET' } });
    const { client } = clientFor(server);
    const error = await caught(client.getUploadToken(token));
    expect(error).toMatchObject({ kind: 'network' });
    expect((error as Error).message).not.toContain(token);
    expect((error as Error).message).not.toContain(server.urls.production);
    expect(String((error as Error).cause)).not.toContain(token);
  });

  it('reports an offline server as network', async ({ startServer }) => {
    const server = await startServer();
    const { client } = clientFor(server);
    await client.authenticate();
    server.setOffline(true);
    await expect(client.listUploadTokens()).rejects.toMatchObject({ kind: 'network' });
    server.setOffline(false);
    await expect(client.listUploadTokens()).resolves.toMatchObject({ data: [] });
  });

  it('reports a host nobody answers on as network', async ({ startServer }) => {
    const server = await startServer();
    const port = server.ports.production;
    await server.close(); // the port is free now: connections are refused
    const { client } = clientFor(server, 'production', {
      baseUrl: `http://127.0.0.1:${port}`,
      retry: { maxAttempts: 2 },
    });
    await expect(client.authenticate()).rejects.toMatchObject({ kind: 'network' });
  });
});

describe('answers that cannot be read', () => {
  it.for<[FaultKind]>([['malformed-json'], ['non-json-200']])(
    'retries a read after %s with the same back-off as a 5xx, then succeeds',
    async ([kind], { startServer }) => {
      const server = await startServer();
      server.inject({ kind, times: 2, match: LIST });
      const { client, waits } = clientFor(server);
      await expect(client.listUploadTokens()).resolves.toMatchObject({ data: [] });
      expect(listCalls(server)).toBe(3);
      expect(waits).toHaveLength(2);
      expect(waits[0]).toBeLessThanOrEqual(250);
      expect(waits[1]).toBeLessThanOrEqual(500);
    },
  );

  it.for<[FaultKind]>([['malformed-json'], ['non-json-200']])(
    'reports %s that persists as bad-response after maxAttempts',
    async ([kind], { startServer }) => {
      const server = await startServer();
      server.inject({ kind, times: 10, match: LIST });
      const { client } = clientFor(server);
      const error = await caught(client.listUploadTokens());
      expect(error).toMatchObject({ kind: 'bad-response', status: 200 });
      expect((error as Error).message).not.toContain('<html');
      expect(listCalls(server)).toBe(4);
    },
  );

  it('retries a list answer of the wrong shape, then succeeds', async () => {
    const crafted = await craftedServers.start((_request, index) =>
      index === 0
        ? { status: 200, body: { data: 'not a list' } }
        : craftedPage([], { currentPage: 1, pagesTotal: 0, itemsTotal: 0 }),
    );
    const { client, waits } = clientForCrafted(crafted);
    await expect(client.listUploadTokens()).resolves.toMatchObject({ data: [] });
    expect(crafted.requests).toHaveLength(2);
    expect(waits).toHaveLength(1);
  });

  it.for<[FaultKind]>([['malformed-json'], ['non-json-200']])(
    'retries a delete whose 2xx answer is %s',
    async ([kind], { startServer }) => {
      const server = await startServer();
      const { token } = server.addToken('production', { ttl: 0 });
      server.inject({ kind, match: { method: 'DELETE' } });
      const { client, waits } = clientFor(server);
      await expect(client.deleteUploadToken(token)).resolves.toBe('deleted');
      expect(calls(server).filter((call) => call.startsWith('DELETE'))).toHaveLength(2);
      expect(waits).toHaveLength(1);
      expect(server.tokens('production')).toEqual([]);
    },
  );

  it('recovers from an expired access token with one new key exchange', async ({ startServer }) => {
    const server = await startServer();
    const { client } = clientFor(server);
    await client.authenticate();
    server.inject({ kind: 'expired-access-token', match: LIST });
    await expect(client.listUploadTokens()).resolves.toMatchObject({ data: [] });
    expect(calls(server)).toEqual([
      'POST /auth/api-key',
      'GET /upload-tokens',
      'POST /auth/api-key',
      'GET /upload-tokens',
    ]);
  });

  it('retries a 5xx on the key exchange itself', async ({ startServer }) => {
    const server = await startServer();
    server.inject({ kind: 'service-unavailable-html', times: 2, match: { pathPrefix: '/auth/api-key' } });
    const { client } = clientFor(server);
    await expect(client.authenticate()).resolves.toBeUndefined();
    expect(calls(server)).toEqual(['POST /auth/api-key', 'POST /auth/api-key', 'POST /auth/api-key']);
  });
});

describe('a delete whose earlier attempt may have landed', () => {
  const GONE = {
    status: 404,
    body: {
      type: 'https://docs.api.video/reference/resource-not-found',
      title: 'The requested resource was not found.',
      name: 'uploadToken',
      status: 404,
    },
  };

  it.each<[string, CraftedAnswer]>([
    ['a dropped connection', 'drop'],
    ['no answer in time', 'hold'],
    ['a 502 page', { status: 502, headers: { 'Content-Type': 'text/html' }, body: '<html>Bad Gateway</html>' }],
    ['a 500 problem', { status: 500, body: { title: 'Internal Server Error', status: 500 } }],
    ['an unreadable 2xx', { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"cut' }],
  ])('answers deleted when the retry after %s finds the token gone', async (_label, first) => {
    const crafted = await craftedServers.start((_request, index) => (index === 0 ? first : GONE));
    const { client } = clientForCrafted(crafted, { timeoutMs: 100 });
    await expect(client.deleteUploadToken('toGoneGoneGone')).resolves.toBe('deleted');
    expect(crafted.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'DELETE /upload-tokens/toGoneGoneGone',
      'DELETE /upload-tokens/toGoneGoneGone',
    ]);
  });

  it('answers already-gone when the earlier attempt was refused outright (429)', async () => {
    const crafted = await craftedServers.start((_request, index) =>
      index === 0 ? { status: 429, headers: { 'X-RateLimit-Retry-After': '1' }, body: { status: 429 } } : GONE,
    );
    const { client } = clientForCrafted(crafted);
    await expect(client.deleteUploadToken('toGoneGoneGone')).resolves.toBe('already-gone');
    expect(crafted.requests).toHaveLength(2);
  });

  it('remembers a lost answer across the new sign-in after a 401', async () => {
    const crafted = await craftedServers.start((_request, index) =>
      index === 0 ? 'drop' : index === 1 ? { status: 401, body: { status: 401 } } : GONE,
    );
    const { client } = clientForCrafted(crafted);
    await expect(client.deleteUploadToken('toGoneGoneGone')).resolves.toBe('deleted');
    expect(crafted.requests).toHaveLength(3);
    expect(crafted.signIns).toHaveLength(2);
  });
});

describe('redirects are never followed', () => {
  it.each([301, 302, 303, 307, 308])(
    'reports a %i on a read as bad-response, once, without following it',
    async (status) => {
      const elsewhere = await craftedServers.start(() =>
        craftedPage([], { currentPage: 1, pagesTotal: 1, itemsTotal: 0 }),
      );
      const crafted = await craftedServers.start(() => ({
        status,
        headers: { Location: `${elsewhere.url}/upload-tokens` },
      }));
      const { client, waits } = clientForCrafted(crafted);
      const error = await caught(client.listUploadTokens());
      expect(error).toMatchObject({ kind: 'bad-response' });
      expect((error as Error).message).toMatch(/redirect/);
      expect((error as Error).message).not.toContain(elsewhere.url);
      expect(crafted.requests).toHaveLength(1);
      expect(waits).toEqual([]);
      expect(elsewhere.requests).toEqual([]);
      expect(elsewhere.signIns).toEqual([]);
    },
  );

  it.each([307, 308])('never sends the key where a %i on the key exchange points', async (status) => {
    const elsewhere = await craftedServers.start(() => undefined);
    const crafted = await craftedServers.start(() => undefined, {
      answerAuth: () => ({ status, headers: { Location: `${elsewhere.url}/auth/api-key` } }),
    });
    const { client } = clientForCrafted(crafted);
    const error = await caught(client.authenticate());
    expect(error).toMatchObject({ kind: 'bad-response' });
    expect((error as Error).message).toMatch(/redirect/);
    expect(crafted.signIns).toHaveLength(1);
    expect(elsewhere.signIns).toEqual([]);
  });
});

describe('a create is never repeated', () => {
  it.for<[FaultKind, string]>([
    ['server-error-html', 'server'],
    ['bad-gateway-html', 'server'],
    ['server-error-json', 'server'],
    ['drop-connection', 'network'],
    ['malformed-json', 'bad-response'],
    ['non-json-200', 'bad-response'],
  ])('on %s it reports %s after exactly one POST', async ([kind, expected], { startServer }) => {
    const server = await startServer();
    server.inject({ kind, times: 5, match: CREATE });
    const { client } = clientFor(server);
    await expect(client.createUploadToken({ ttl: 0 })).rejects.toMatchObject({ kind: expected, outcomeUnknown: true });
    expect(calls(server).filter((call) => call === 'POST /upload-tokens')).toHaveLength(1);
    expect(server.tokens('production').length).toBeLessThanOrEqual(1);
  });

  it('on a timeout it reports timeout; the server ends up with at most one new token', async ({ startServer }) => {
    const server = await startServer();
    server.inject({ kind: 'slow', delayMs: 200, times: 5, match: CREATE });
    const { client } = clientFor(server, 'production', { timeoutMs: 50 });
    await expect(client.createUploadToken({ ttl: 0 })).rejects.toMatchObject({ kind: 'timeout', outcomeUnknown: true });
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the slow answer land
    expect(calls(server).filter((call) => call === 'POST /upload-tokens')).toHaveLength(1);
    expect(server.tokens('production')).toHaveLength(1);
  });
});

describe('which failures leave an outcome unknown', () => {
  it('a create refused outright (429) was not carried out', async ({ startServer }) => {
    const server = await startServer();
    server.inject({ kind: 'rate-limit', retryAfterSeconds: 4, match: CREATE });
    const { client } = clientFor(server);
    const error = await caught(client.createUploadToken({ ttl: 60 }));
    expect(error).toMatchObject({ kind: 'rate-limited' });
    expect((error as ApiVideoError).outcomeUnknown).toBeUndefined();
  });

  it('a create refused as invalid (400) was not carried out', async () => {
    const crafted = await craftedServers.start(() => ({
      status: 400,
      body: { type: 'https://docs.api.video/reference/invalid-attribute', status: 400 },
    }));
    const { client } = clientForCrafted(crafted);
    const error = await caught(client.createUploadToken({ ttl: 60 }));
    expect(error).toMatchObject({
      kind: 'bad-request',
      problemType: 'https://docs.api.video/reference/invalid-attribute',
    });
    expect((error as ApiVideoError).outcomeUnknown).toBeUndefined();
  });

  it('a create whose sign-in failed was never sent', async ({ startServer }) => {
    const server = await startServer();
    server.inject({ kind: 'service-unavailable-html', times: 10, match: { pathPrefix: '/auth/api-key' } });
    const { client } = clientFor(server);
    const error = await caught(client.createUploadToken({ ttl: 60 }));
    expect(error).toMatchObject({ kind: 'server', status: 503 });
    expect((error as ApiVideoError).outcomeUnknown).toBeUndefined();
    expect(calls(server)).not.toContain('POST /upload-tokens');
  });

  it('a read has no outcome to doubt', async ({ startServer }) => {
    const server = await startServer();
    server.inject({ kind: 'drop-connection', times: 10, match: LIST });
    const { client } = clientFor(server);
    const error = await caught(client.listUploadTokens());
    expect(error).toMatchObject({ kind: 'network' });
    expect((error as ApiVideoError).outcomeUnknown).toBeUndefined();
  });

  it('a delete that kept failing after an unclear attempt may have been carried out', async ({ startServer }) => {
    const server = await startServer();
    const { token } = server.addToken('production', { ttl: 0 });
    server.inject({ kind: 'bad-gateway-html', times: 10, match: { method: 'DELETE' } });
    const { client } = clientFor(server);
    await expect(client.deleteUploadToken(token)).rejects.toMatchObject({
      kind: 'server',
      status: 502,
      outcomeUnknown: true,
    });
  });
});

describe('cancelling', () => {
  it('stops waiting between retries when aborted', async ({ startServer }) => {
    const server = await startServer();
    server.inject({ kind: 'rate-limit', times: 10, retryAfterSeconds: 30, match: LIST });
    const controller = new AbortController();
    // The real, abortable sleep: the 30 s wait must end when the signal fires.
    const { client } = clientFor(server, 'production', { sleep: undefined });
    const listing = client.listUploadTokens({ signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    await expect(listing).rejects.toMatchObject({ kind: 'aborted' });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(listCalls(server)).toBe(1);
  });

  it('aborts a request in flight', async ({ startServer }) => {
    const server = await startServer({ latencyMs: 500 });
    const { client } = clientFor(server);
    const controller = new AbortController();
    const listing = client.listUploadTokens({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(listing).rejects.toMatchObject({ kind: 'aborted' });
  });
});

describe('messages after a create whose outcome is unknown', () => {
  it.for<[FaultKind]>([['drop-connection'], ['bad-gateway-html'], ['malformed-json']])(
    'after %s, tell the person to reload before trying again',
    async ([kind], { startServer }) => {
      const server = await startServer();
      server.inject({ kind, match: CREATE });
      const { client } = clientFor(server);
      const error = await caught(client.createUploadToken({ ttl: 60 }));
      expect((error as Error).message).toMatch(/Reload the list/);
    },
  );
});
