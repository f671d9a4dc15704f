import { describe, expect, vi } from 'vitest';
import { caught, calls, clientFor, it } from './harness';

describe('upload-token calls', () => {
  it('lists one page with the query it was given', async ({ startServer }) => {
    const server = await startServer();
    server.seed('production', { count: 30, neverExpiring: 4 });
    const { client } = clientFor(server);
    const page = await client.listUploadTokens({ sortBy: 'ttl', sortOrder: 'desc', currentPage: 2, pageSize: 10 });
    expect(page.data).toEqual(
      server
        .tokens('production')
        .sort((a, b) => b.ttl - a.ttl || (a.token < b.token ? -1 : 1))
        .slice(10, 20),
    );
    expect(page.pagination).toMatchObject({
      currentPage: 2,
      pageSize: 10,
      pagesTotal: 3,
      itemsTotal: 30,
      currentPageItems: 10,
    });
    expect(server.requests.at(-1)?.query).toEqual({
      sortBy: 'ttl',
      sortOrder: 'desc',
      currentPage: '2',
      pageSize: '10',
    });
  });

  it('reads tokens that never expire whether expiresAt is absent or null', async ({ startServer }) => {
    const server = await startServer();
    server.addToken('production', { ttl: 0, token: 'toAbsentExpiry000000000' });
    server.addToken('production', { ttl: 0, token: 'toNullExpiry00000000000', expiresAt: null });
    const { client } = clientFor(server);
    const { data } = await client.listUploadTokens();
    expect(data.map((token) => [token.token, token.expiresAt])).toEqual([
      ['toAbsentExpiry000000000', undefined],
      ['toNullExpiry00000000000', null],
    ]);
  });

  it('creates, gets and deletes a token', async ({ startServer }) => {
    const server = await startServer();
    const { client } = clientFor(server);
    const created = await client.createUploadToken({ ttl: 3600 });
    expect(created).toMatchObject({
      ttl: 3600,
      token: expect.any(String),
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
    });
    expect(JSON.parse(server.requests.at(-1)!.body)).toEqual({ ttl: 3600 });
    await expect(client.getUploadToken(created.token)).resolves.toEqual(created);
    await expect(client.deleteUploadToken(created.token)).resolves.toBe('deleted');
    expect(server.tokens('production')).toEqual([]);
  });

  it('creates a token that never expires with ttl 0', async ({ startServer }) => {
    const server = await startServer();
    const { client } = clientFor(server);
    const created = await client.createUploadToken({ ttl: 0 });
    expect(created.ttl).toBe(0);
    expect(created.expiresAt ?? null).toBeNull();
  });

  it('answers a delete of a token that is gone with already-gone', async ({ startServer }) => {
    const server = await startServer();
    const { client } = clientFor(server);
    const { token } = await client.createUploadToken({ ttl: 60 });
    await expect(client.deleteUploadToken(token)).resolves.toBe('deleted');
    await expect(client.deleteUploadToken(token)).resolves.toBe('already-gone');
  });

  it('reports a get of a missing token as not-found, without the token in the message', async ({ startServer }) => {
    const server = await startServer();
    const { client } = clientFor(server);
    const error = await caught(client.getUploadToken('toMissingMissing00000000'));
    expect(error).toMatchObject({
      kind: 'not-found',
      status: 404,
      problemType: 'https://docs.api.video/reference/resource-not-found',
    });
    expect((error as Error).message).not.toContain('toMissing');
  });

  it.for([
    ['../videos', '..%2Fvideos'],
    ['a/b', 'a%2Fb'],
    ['a?b#c', 'a%3Fb%23c'],
    ['%2F', '%252F'],
    ['to x+y&z=1', 'to%20x%2By%26z%3D1'],
    ['<b>é</b>', '%3Cb%3E%C3%A9%3C%2Fb%3E'],
  ] as const)('sends the token %j as one encoded path segment', async ([token, segment], { startServer }) => {
    const server = await startServer();
    server.addToken('production', { ttl: 0, token });
    const { client } = clientFor(server);
    await expect(client.getUploadToken(token)).resolves.toMatchObject({ token });
    await expect(client.deleteUploadToken(token)).resolves.toBe('deleted');
    expect(calls(server)).toEqual([
      'POST /auth/api-key',
      `GET /upload-tokens/${segment}`,
      `DELETE /upload-tokens/${segment}`,
    ]);
    expect(server.requests.every((request) => Object.keys(request.query).length === 0)).toBe(true);
  });

  it.for(['', '.', '..', '\uD800', 'to\uDC00x', 'to\uDBFF'])(
    'refuses the token %j without sending anything',
    async (token, { startServer }) => {
      const server = await startServer();
      const { client } = clientFor(server);
      await expect(client.getUploadToken(token)).rejects.toMatchObject({ kind: 'bad-request' });
      await expect(client.deleteUploadToken(token)).rejects.toMatchObject({ kind: 'bad-request' });
      expect(server.requests).toEqual([]);
    },
  );

  it.for([
    ['a negative ttl', { ttl: -1 }],
    ['a fractional ttl', { ttl: 1.5 }],
    ['a ttl over the maximum', { ttl: 2_147_483_648 }],
    ['a ttl that is not a number', { ttl: Number.NaN }],
  ] as const)('refuses to create with %s, sending nothing', async ([_label, options], { startServer }) => {
    const server = await startServer();
    const { client } = clientFor(server);
    await expect(client.createUploadToken(options)).rejects.toMatchObject({ kind: 'bad-request' });
    expect(server.requests).toEqual([]);
  });

  it.for([
    ['page 0', { currentPage: 0 }],
    ['page size 101', { pageSize: 101 }],
    ['page size 0', { pageSize: 0 }],
    ['an unknown sort field', { sortBy: 'token' as never }],
    ['an unknown sort order', { sortOrder: 'up' as never }],
  ] as const)('refuses to list with %s, sending nothing', async ([_label, query], { startServer }) => {
    const server = await startServer();
    const { client } = clientFor(server);
    await expect(client.listUploadTokens(query)).rejects.toMatchObject({ kind: 'bad-request' });
    expect(server.requests).toEqual([]);
  });

  it('works against the sandbox host with the sandbox key, keeping environments apart', async ({ startServer }) => {
    const server = await startServer();
    server.seed('production', { count: 5 });
    server.seed('sandbox', { count: 2 });
    const { client } = clientFor(server, 'sandbox');
    expect(client.environment).toBe('sandbox');
    expect((await client.listAllUploadTokens()).length).toBe(2);
    expect(server.requests.every((request) => request.environment === 'sandbox')).toBe(true);
  });

  it('reports every HTTP request to onRequest with a route template, never a token', async ({ startServer }) => {
    const server = await startServer();
    server.addToken('production', { ttl: 0, token: 'toSecretSecretSecret0000' });
    const { client, requests } = clientFor(server);
    await client.getUploadToken('toSecretSecretSecret0000');
    await client.deleteUploadToken('toSecretSecretSecret0000');
    expect(requests).toEqual([
      { method: 'POST', path: '/auth/api-key' },
      { method: 'GET', path: '/upload-tokens/{uploadToken}' },
      { method: 'DELETE', path: '/upload-tokens/{uploadToken}' },
    ]);
  });
});

describe('findRecentlyCreated', () => {
  const SINCE = Date.parse('2025-03-01T12:00:00Z');
  const at = (offsetMs: number) => new Date(SINCE + offsetMs).toISOString().replace(/\.\d{3}Z$/, '+00:00');

  it('returns the tokens of that ttl created since then (a few seconds of skew allowed), newest first, in one request', async ({
    startServer,
  }) => {
    const server = await startServer({ now: () => SINCE + 60_000 });
    server.addToken('production', { ttl: 3600, token: 'toOlder', createdAt: at(-600_000) });
    server.addToken('production', { ttl: 3600, token: 'toSkewedTooFar', createdAt: at(-6_000) });
    server.addToken('production', { ttl: 3600, token: 'toWithinSkew', createdAt: at(-2_000) });
    server.addToken('production', { ttl: 0, token: 'toOtherTtl', createdAt: at(1_000) });
    server.addToken('production', { ttl: 3600, token: 'toJustCreated', createdAt: at(1_000) });
    const { client } = clientFor(server, 'production', { now: () => SINCE + 60_000 });
    const found = await client.findRecentlyCreated({ ttl: 3600, since: SINCE });
    expect(found.map((token) => token.token)).toEqual(['toJustCreated', 'toWithinSkew']);
    const lists = server.requests.filter((request) => request.path === '/upload-tokens');
    expect(lists.map((request) => request.query)).toEqual([
      { sortBy: 'createdAt', sortOrder: 'desc', currentPage: '1', pageSize: '100' },
    ]);
  });

  it('finds the token a create made after its answer was lost', async ({ startServer }) => {
    const server = await startServer();
    server.addToken('production', { ttl: 0, createdAt: new Date(Date.now() - 3600_000).toISOString() });
    server.inject({ kind: 'slow', delayMs: 300, match: { method: 'POST', pathPrefix: '/upload-tokens' } });
    const { client } = clientFor(server, 'production', { timeoutMs: 50 });
    const since = Date.now();
    await expect(client.createUploadToken({ ttl: 0 })).rejects.toMatchObject({ kind: 'timeout', outcomeUnknown: true });
    await vi.waitFor(() => expect(server.tokens('production')).toHaveLength(2));
    const created = server.tokens('production').at(-1)!;
    await expect(client.findRecentlyCreated({ ttl: 0, since })).resolves.toEqual([created]);
  });

  it.for([
    ['a negative ttl', { ttl: -1, since: SINCE }],
    ['a fractional ttl', { ttl: 0.5, since: SINCE }],
    ['a time that is not a number', { ttl: 0, since: Number.NaN }],
  ] as const)('refuses %s, sending nothing', async ([_label, options], { startServer }) => {
    const server = await startServer();
    const { client } = clientFor(server);
    await expect(client.findRecentlyCreated(options)).rejects.toMatchObject({ kind: 'bad-request' });
    expect(server.requests).toEqual([]);
  });
});
