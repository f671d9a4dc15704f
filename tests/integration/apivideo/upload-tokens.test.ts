import { describe, expect, it } from 'vitest';
import { caught, calls, clientFor, useServers } from './harness';

const servers = useServers();

describe('upload-token calls', () => {
  it('lists one page with the query it was given', async () => {
    const server = await servers.start();
    server.seed('production', { count: 30, neverExpiring: 4 });
    const { client } = clientFor(server);
    const page = await client.listUploadTokens({ sortBy: 'ttl', sortOrder: 'desc', currentPage: 2, pageSize: 10 });
    expect(page.data).toEqual(server.tokens('production').sort((a, b) => b.ttl - a.ttl || (a.token < b.token ? -1 : 1)).slice(10, 20));
    expect(page.pagination).toMatchObject({ currentPage: 2, pageSize: 10, pagesTotal: 3, itemsTotal: 30, currentPageItems: 10 });
    expect(server.requests.at(-1)?.query).toEqual({ sortBy: 'ttl', sortOrder: 'desc', currentPage: '2', pageSize: '10' });
  });

  it('reads tokens that never expire whether expiresAt is absent or null', async () => {
    const server = await servers.start();
    server.addToken('production', { ttl: 0, token: 'toAbsentExpiry000000000' });
    server.addToken('production', { ttl: 0, token: 'toNullExpiry00000000000', expiresAt: null });
    const { client } = clientFor(server);
    const { data } = await client.listUploadTokens();
    expect(data.map((token) => [token.token, token.expiresAt])).toEqual([
      ['toAbsentExpiry000000000', undefined],
      ['toNullExpiry00000000000', null],
    ]);
  });

  it('creates, gets and deletes a token', async () => {
    const server = await servers.start();
    const { client } = clientFor(server);
    const created = await client.createUploadToken({ ttl: 3600 });
    expect(created).toMatchObject({ ttl: 3600, token: expect.any(String), createdAt: expect.any(String), expiresAt: expect.any(String) });
    expect(JSON.parse(server.requests.at(-1)!.body)).toEqual({ ttl: 3600 });
    await expect(client.getUploadToken(created.token)).resolves.toEqual(created);
    await expect(client.deleteUploadToken(created.token)).resolves.toBe('deleted');
    expect(server.tokens('production')).toEqual([]);
  });

  it('creates a token that never expires with ttl 0', async () => {
    const server = await servers.start();
    const { client } = clientFor(server);
    const created = await client.createUploadToken({ ttl: 0 });
    expect(created.ttl).toBe(0);
    expect(created.expiresAt ?? null).toBeNull();
  });

  it('answers a delete of a token that is gone with already-gone', async () => {
    const server = await servers.start();
    const { client } = clientFor(server);
    const { token } = await client.createUploadToken({ ttl: 60 });
    await expect(client.deleteUploadToken(token)).resolves.toBe('deleted');
    await expect(client.deleteUploadToken(token)).resolves.toBe('already-gone');
  });

  it('reports a get of a missing token as not-found, without the token in the message', async () => {
    const server = await servers.start();
    const { client } = clientFor(server);
    const error = await caught(client.getUploadToken('toMissingMissing00000000'));
    expect(error).toMatchObject({ kind: 'not-found', status: 404, problemType: 'https://docs.api.video/reference/resource-not-found' });
    expect((error as Error).message).not.toContain('toMissing');
  });

  it.each([
    ['../videos', '..%2Fvideos'],
    ['a/b', 'a%2Fb'],
    ['a?b#c', 'a%3Fb%23c'],
    ['%2F', '%252F'],
    ['to x+y&z=1', 'to%20x%2By%26z%3D1'],
    ['<b>é</b>', '%3Cb%3E%C3%A9%3C%2Fb%3E'],
  ])('sends the token %j as one encoded path segment', async (token, segment) => {
    const server = await servers.start();
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

  it.each(['', '.', '..', '\uD800', 'to\uDC00x', 'to\uDBFF'])('refuses the token %j without sending anything', async (token) => {
    const server = await servers.start();
    const { client } = clientFor(server);
    await expect(client.getUploadToken(token)).rejects.toMatchObject({ kind: 'bad-request' });
    await expect(client.deleteUploadToken(token)).rejects.toMatchObject({ kind: 'bad-request' });
    expect(server.requests).toEqual([]);
  });

  it.each([
    ['a negative ttl', { ttl: -1 }],
    ['a fractional ttl', { ttl: 1.5 }],
    ['a ttl over the maximum', { ttl: 2_147_483_648 }],
    ['a ttl that is not a number', { ttl: Number.NaN }],
  ])('refuses to create with %s, sending nothing', async (_label, options) => {
    const server = await servers.start();
    const { client } = clientFor(server);
    await expect(client.createUploadToken(options)).rejects.toMatchObject({ kind: 'bad-request' });
    expect(server.requests).toEqual([]);
  });

  it.each([
    ['page 0', { currentPage: 0 }],
    ['page size 101', { pageSize: 101 }],
    ['page size 0', { pageSize: 0 }],
    ['an unknown sort field', { sortBy: 'token' as never }],
    ['an unknown sort order', { sortOrder: 'up' as never }],
  ])('refuses to list with %s, sending nothing', async (_label, query) => {
    const server = await servers.start();
    const { client } = clientFor(server);
    await expect(client.listUploadTokens(query)).rejects.toMatchObject({ kind: 'bad-request' });
    expect(server.requests).toEqual([]);
  });

  it('works against the sandbox host with the sandbox key, keeping environments apart', async () => {
    const server = await servers.start();
    server.seed('production', { count: 5 });
    server.seed('sandbox', { count: 2 });
    const { client } = clientFor(server, 'sandbox');
    expect(client.environment).toBe('sandbox');
    expect((await client.listAllUploadTokens()).length).toBe(2);
    expect(server.requests.every((request) => request.environment === 'sandbox')).toBe(true);
  });

  it('reports every HTTP request to onRequest with a route template, never a token', async () => {
    const server = await servers.start();
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
