import { describe, expect } from 'vitest';
import { it, type ServerFixtures } from '@/tests/helpers/server-fixture';
import type { UploadToken, UploadTokenPage } from '@/utils/apivideo/types';
import { authorizedFetcher } from './helpers';

const NOW = Date.parse('2024-06-01T12:00:00Z');
const ATOM = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/;

describe('POST /upload-tokens', () => {
  it.for([
    { body: {}, ttl: 0 },
    { body: { ttl: 0 }, ttl: 0 },
    { body: { ttl: 3600 }, ttl: 3600 },
    { body: { ttl: 2147483647 }, ttl: 2147483647 },
  ])('creates a token from $body', async ({ body, ttl }, { startServer }) => {
    const server = await startServer({ now: () => NOW + 123 });
    const call = await authorizedFetcher(server);
    const response = await call('/upload-tokens', { method: 'POST', body: JSON.stringify(body) });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const token = (await response.json()) as UploadToken;
    expect(token.token).toMatch(/^to[A-Za-z0-9]{22}$/);
    expect(token.ttl).toBe(ttl);
    expect(token.createdAt).toBe('2024-06-01T12:00:00+00:00');
    if (ttl === 0)
      expect('expiresAt' in token).toBe(false); // never expires: no expiresAt key at all
    else expect(token.expiresAt).toBe(new Date(NOW + ttl * 1000).toISOString().slice(0, 19) + '+00:00');
    expect(server.tokens('production')).toEqual([token]);
    expect(server.tokens('sandbox')).toEqual([]);
  });

  it.for([{ ttl: -1 }, { ttl: 2147483648 }, { ttl: 1.5 }, { ttl: '60' }])(
    'refuses ttl $ttl with 400',
    async (body, { startServer }) => {
      const server = await startServer();
      const call = await authorizedFetcher(server);
      const response = await call('/upload-tokens', { method: 'POST', body: JSON.stringify(body) });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        status: 400,
        name: 'ttl',
        type: expect.stringContaining('docs.api.video'),
      });
      expect(server.tokens('production')).toEqual([]);
    },
  );
});

describe('GET and DELETE /upload-tokens/{token}', () => {
  it('gets, deletes, then 404s', async ({ startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    const [token] = server.seed('production', { count: 1 });
    const path = `/upload-tokens/${token!.token}`;

    const got = await call(path);
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual(token);

    const deleted = await call(path, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');

    for (const method of ['GET', 'DELETE']) {
      const gone = await call(path, { method });
      expect(gone.status).toBe(404);
      expect(await gone.json()).toEqual({
        type: 'https://docs.api.video/reference/resource-not-found',
        title: 'The requested resource was not found.',
        name: 'uploadToken',
        status: 404,
      });
    }
  });

  it.for([
    { token: '<img src=x onerror=alert(1)>' },
    { token: '../videos' },
    { token: 'to with spaces & ?query#hash' },
  ])('finds the odd token string $token when URL-encoded', async ({ token }, { startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    server.addToken('production', { token, ttl: 0 });
    const response = await call(`/upload-tokens/${encodeURIComponent(token)}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ token });
  });

  it('matches a token containing "/" only when encoded as %2F, and decodes once', async ({ startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    server.addToken('production', { token: 'a/b', ttl: 0 });
    server.addToken('production', { token: 'c%2Fd', ttl: 0 });

    expect((await call('/upload-tokens/a%2Fb')).status).toBe(200);
    expect((await call('/upload-tokens/a/b')).status).toBe(404);
    expect((await call('/upload-tokens/c%252Fd')).status).toBe(200);
  });

  it('addToken can show expiresAt: null for a never-expiring token', async ({ startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    server.addToken('production', { token: 'toNull', ttl: 0, expiresAt: null, createdAt: '2020-12-02T10:13:19+00:00' });
    expect(await (await call('/upload-tokens/toNull')).json()).toEqual({
      token: 'toNull',
      ttl: 0,
      createdAt: '2020-12-02T10:13:19+00:00',
      expiresAt: null,
    });
  });
});

describe('GET /upload-tokens', () => {
  async function seededServer(startServer: ServerFixtures['startServer'], count: number, options = {}) {
    const server = await startServer({ now: () => NOW, ...options });
    const seeded = server.seed('production', { count, neverExpiring: 3, expiringSoon: 2, seed: 7 });
    return { server, seeded, call: await authorizedFetcher(server) };
  }
  const page = async (response: Response) => (await response.json()) as UploadTokenPage;

  it('defaults to page 1 of 25 in createdAt order, with full pagination', async ({ startServer }) => {
    const { server, call } = await seededServer(startServer, 60);
    const response = await call('/upload-tokens');
    expect(response.status).toBe(200);
    const body = await page(response);
    expect(body.data).toEqual(server.tokens('production').slice(0, 25));
    expect(body.pagination).toEqual({
      currentPage: 1,
      pageSize: 25,
      pagesTotal: 3,
      itemsTotal: 60,
      currentPageItems: 25,
      links: [
        { rel: 'self', uri: '/upload-tokens?currentPage=1&pageSize=25' },
        { rel: 'first', uri: '/upload-tokens?currentPage=1&pageSize=25' },
        { rel: 'next', uri: '/upload-tokens?currentPage=2&pageSize=25' },
        { rel: 'last', uri: '/upload-tokens?currentPage=3&pageSize=25' },
      ],
    });
    for (const token of body.data) expect(token.createdAt).toMatch(ATOM);
  });

  it.for([
    { currentPage: 2, items: 25, rels: ['self', 'first', 'previous', 'next', 'last'] },
    { currentPage: 3, items: 10, rels: ['self', 'first', 'previous', 'last'] },
    { currentPage: 4, items: 0, rels: ['self', 'first', 'previous', 'last'] },
  ])(
    'page $currentPage of 60 items has $items items and links $rels',
    async ({ currentPage, items, rels }, { startServer }) => {
      const { server, call } = await seededServer(startServer, 60);
      const body = await page(await call(`/upload-tokens?currentPage=${currentPage}`));
      expect(body.data).toEqual(server.tokens('production').slice((currentPage - 1) * 25, currentPage * 25));
      expect(body.pagination).toMatchObject({ currentPage, currentPageItems: items, itemsTotal: 60, pagesTotal: 3 });
      expect(body.pagination.links.map((link) => link.rel)).toEqual(rels);
      const previous = body.pagination.links.find((link) => link.rel === 'previous');
      // Past the end, `previous` leads back to the last page that exists.
      expect(previous?.uri).toBe(`/upload-tokens?currentPage=${Math.min(currentPage - 1, 3)}&pageSize=25`);
    },
  );

  it('walking the next links visits every token exactly once', async ({ startServer }) => {
    const { server, call } = await seededServer(startServer, 23);
    const seen: UploadToken[] = [];
    let uri: string | undefined = '/upload-tokens?pageSize=5&sortBy=ttl&sortOrder=desc';
    while (uri) {
      const body = await page(await call(uri));
      seen.push(...body.data);
      uri = body.pagination.links.find((link) => link.rel === 'next')?.uri;
      if (uri) expect(uri).toContain('sortBy=ttl&sortOrder=desc');
    }
    expect(seen.map((token) => token.token).sort()).toEqual(
      server
        .tokens('production')
        .map((token) => token.token)
        .sort(),
    );
    expect(seen.map((token) => token.ttl)).toEqual([...seen.map((token) => token.ttl)].sort((a, b) => b - a));
  });

  it('an empty list has one empty page', async ({ startServer }) => {
    const server = await startServer();
    const call = await authorizedFetcher(server);
    const body = await page(await call('/upload-tokens'));
    expect(body).toEqual({
      data: [],
      pagination: {
        currentPage: 1,
        pageSize: 25,
        pagesTotal: 1,
        itemsTotal: 0,
        currentPageItems: 0,
        links: [
          { rel: 'self', uri: '/upload-tokens?currentPage=1&pageSize=25' },
          { rel: 'first', uri: '/upload-tokens?currentPage=1&pageSize=25' },
          { rel: 'last', uri: '/upload-tokens?currentPage=1&pageSize=25' },
        ],
      },
    });
  });

  it.for([
    { query: 'sortBy=createdAt&sortOrder=asc', key: 'createdAt', direction: 1 },
    { query: 'sortBy=createdAt&sortOrder=desc', key: 'createdAt', direction: -1 },
    { query: 'sortBy=ttl&sortOrder=asc', key: 'ttl', direction: 1 },
    { query: 'sortBy=ttl&sortOrder=desc', key: 'ttl', direction: -1 },
    { query: 'sortBy=ttl', key: 'ttl', direction: 1 },
    { query: 'sortOrder=desc', key: 'createdAt', direction: -1 },
  ] as const)('sorts with $query, ties broken by token', async ({ query, key, direction }, { startServer }) => {
    const server = await startServer({ now: () => NOW });
    const call = await authorizedFetcher(server);
    // Equal ttls and equal createdAts, so the tie-break shows.
    for (const token of ['toC', 'toA', 'toB']) server.addToken('production', { token, ttl: 600 });
    server.seed('production', { count: 20, neverExpiring: 4, seed: 3 });

    const body = await page(await call(`/upload-tokens?pageSize=100&${query}`));
    expect(body.data).toHaveLength(23);
    const value = (token: UploadToken) => (key === 'ttl' ? token.ttl : Date.parse(token.createdAt));
    for (let i = 1; i < body.data.length; i++) {
      const [a, b] = [body.data[i - 1]!, body.data[i]!];
      const difference = (value(b) - value(a)) * direction;
      expect(difference).toBeGreaterThanOrEqual(0);
      if (difference === 0) expect(a.token < b.token).toBe(true);
    }
    expect(body.pagination.links[0]!.uri).toBe(`/upload-tokens?currentPage=1&pageSize=100&${query}`);
  });

  it('ignoreSorting answers in storage order whatever is asked', async ({ startServer }) => {
    const server = await startServer({ ignoreSorting: true });
    const call = await authorizedFetcher(server);
    const added = ['toZ', 'toA', 'toM'].map((token, i) => server.addToken('production', { token, ttl: 1000 - i }));
    const body = await page(await call('/upload-tokens?sortBy=ttl&sortOrder=asc'));
    expect(body.data).toEqual(added);
  });

  it('absoluteLinks gives absolute uris on the host the client called', async ({ startServer }) => {
    const server = await startServer({ absoluteLinks: true });
    const call = await authorizedFetcher(server);
    const body = await page(await call('/upload-tokens'));
    expect(body.pagination.links[0]!.uri).toBe(`${server.urls.production}/upload-tokens?currentPage=1&pageSize=25`);
  });

  it('lists active tokens only: expired ones vanish as the clock moves', async ({ startServer }) => {
    let now = NOW;
    // The bearer token must outlive the ten years this test jumps over.
    const server = await startServer({ now: () => now, accessTokenTtlSeconds: 20 * 365 * 24 * 3600 });
    const call = await authorizedFetcher(server);
    const short = server.addToken('production', { token: 'toShort', ttl: 60 });
    const never = server.addToken('production', { token: 'toNever', ttl: 0 });
    const long = server.addToken('production', { token: 'toLong', ttl: 3600 });
    const tokenIds = async () => (await page(await call('/upload-tokens'))).data.map((token) => token.token);

    expect(await tokenIds()).toEqual(['toLong', 'toNever', 'toShort']);
    now += 59_999;
    expect(await tokenIds()).toContain('toShort');
    now += 1; // createdAt + ttl <= now: gone
    expect(await tokenIds()).toEqual(['toLong', 'toNever']);
    expect((await call(`/upload-tokens/${short.token}`)).status).toBe(404);
    now += 10 * 365 * 24 * 3600 * 1000;
    expect(await tokenIds()).toEqual([never.token]);
    expect(server.tokens('production')).toEqual([never]);
    expect(long.expiresAt).toBe('2024-06-01T13:00:00+00:00');
  });

  it('seeds deterministically with the requested mix', async ({ startServer }) => {
    const dayMs = 24 * 3600 * 1000;
    const makeSeeded = async () => (await seededServer(startServer, 40)).seeded;
    const [first, second] = [await makeSeeded(), await makeSeeded()];
    expect(first).toEqual(second);
    expect(first).toHaveLength(40);
    expect(new Set(first.map((token) => token.token)).size).toBe(40);
    const expiresAt = (token: UploadToken) => Date.parse(token.expiresAt!);
    expect(first.filter((token) => token.ttl === 0)).toHaveLength(3);
    expect(first.filter((token) => token.ttl > 0 && expiresAt(token) <= NOW + dayMs)).toHaveLength(2);
    for (const token of first) {
      expect(Date.parse(token.createdAt)).toBeLessThanOrEqual(NOW);
      if (token.ttl > 0) expect(expiresAt(token)).toBeGreaterThan(NOW);
    }
    const ttls = first.map((token) => token.ttl).filter((ttl) => ttl > 0);
    expect(Math.min(...ttls)).toBeLessThan((30 * dayMs) / 1000);
    expect(Math.max(...ttls)).toBeGreaterThan((365 * dayMs) / 1000);
  });
});
